"""Mutation testing of the modules that keep the blog's security promises (docs/mutation.md).

    scripts/mutation [MODULE ...]              run mutmut over each module (all by default)
    scripts/mutation --report [MODULE ...]     the last run's figures again, without running
    scripts/mutation --survivors [MODULE ...]  the last run's surviving mutants, with diffs
    scripts/mutation --list                    the modules, their files and their tests

Each module is mutated on its own, with only the tests that cover it: a scratch folder
.mutation/MODULE/ links the project's files in and holds a setup.cfg naming the one file to
mutate and those tests, and `mutmut run` copies that into .mutation/MODULE/mutants/, where
it keeps its results. A run starts afresh, so the figures are always the current code's.
Printed per module: mutants, killed, survived (counting mutants no chosen test reaches),
timeouts, and the share killed (timeouts count as killed: the tests stopped them).
Run it through scripts/mutation, which installs mutmut and runs it at low priority.
"""

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutation"
# What the tests need besides blog/ and tests/ (mutmut copies those two itself).
ALSO_COPY = ["templates", "static", "migrations", "app.py"]
LINKED = ["blog", "tests", "pyproject.toml", *ALSO_COPY]
TARGET_SHARE = 0.90


@dataclass(frozen=True)
class Module:
    path: str
    tests: tuple[str, ...]


# The security-bearing modules, each with the tests that exercise it (kept tight: every
# test a mutated function reaches runs once per mutant of that function).
MODULES = {
    "markup": Module("blog/markup.py", (
        "tests/test_markup.py",
        "tests/test_markup_edges.py",
    )),
    "spam": Module("blog/comments/spam.py", (
        "tests/comments/test_spam.py",
        "tests/comments/test_comments.py",
    )),
    "inputs": Module("blog/web/inputs.py", (
        "tests/web/test_inputs_edges.py",
        "tests/web/test_errors.py",
        "tests/hardening/test_hostile_requests.py",
    )),
    "security": Module("blog/web/security.py", (
        "tests/web/test_security_edges.py",
        "tests/web/test_static_and_headers.py",
        "tests/hardening/test_security_headers.py",
    )),
    "uploads": Module("blog/uploads/storage.py", (
        "tests/uploads/test_uploads.py",
        "tests/uploads/test_storage.py",
    )),
    "totp": Module("blog/two_factor/totp.py", (
        "tests/two_factor/test_totp.py",
        "tests/two_factor/test_two_factor.py",
    )),
    "recovery": Module("blog/two_factor/recovery.py", (
        "tests/two_factor/test_recovery.py",
        "tests/two_factor/test_two_factor.py",
    )),
    "passwords": Module("blog/auth/passwords.py", (
        "tests/auth/test_auth.py",
        "tests/auth/test_passwords.py",
        "tests/account/test_password.py",
    )),
    "throttle": Module("blog/auth/throttle.py", (
        "tests/auth/test_auth.py",
        "tests/auth/test_throttle.py",
        "tests/auth/test_devices.py",
        "tests/hardening/test_time_windows.py",
        "tests/account/test_profile.py",
        "tests/two_factor/test_two_factor.py",
    )),
}

# mutmut's statuses, as `mutmut results` prints them, by the column they count in.
KILLED = {"killed", "caught by type check"}
TIMEOUT = {"timeout"}


def scratch_for(name: str) -> Path:
    return SCRATCH / name


def prepare(name: str, module: Module) -> Path:
    """A fresh scratch folder for ``name``: the project linked in, and mutmut's settings."""
    folder = scratch_for(name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for entry in LINKED:
        (folder / entry).symlink_to(ROOT / entry)
    missing = [test for test in module.tests if not (ROOT / test).exists()]
    if missing:
        raise SystemExit(f"{name}: no such test file {', '.join(missing)} (MODULES in {__file__})")
    tests = list(module.tests)
    settings = [
        "[mutmut]",
        "source_paths = blog",
        f"only_mutate = {module.path}",
        "also_copy =",
        *(f"    {entry}" for entry in ALSO_COPY),
        "pytest_add_cli_args_test_selection =",
        *(f"    {test}" for test in tests),
        "pytest_add_cli_args =",
        "    -p",
        "    no:cacheprovider",
        "",
    ]
    (folder / "setup.cfg").write_text("\n".join(settings), encoding="utf-8")
    return folder


def mutmut(folder: Path, *args: str, log=None) -> str:
    """Run mutmut in ``folder``; its output, or (with ``log``) written there."""
    command = [sys.executable, "-m", "mutmut", *args]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if log is not None:
        with open(log, "w", encoding="utf-8") as handle:
            done = subprocess.run(command, cwd=folder, stdout=handle, stderr=subprocess.STDOUT,
                                  env=environment, check=False)
        if done.returncode != 0:
            tail = "".join(Path(log).read_text(encoding="utf-8").splitlines(True)[-30:])
            raise SystemExit(f"mutmut failed in {folder} (see {log}):\n{tail}")
        return ""
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env=environment, check=True)
    return done.stdout


def statuses(name: str) -> dict[str, str]:
    """Every mutant of the last run of ``name``, with its status."""
    folder = scratch_for(name)
    if not (folder / "mutants").is_dir():
        raise SystemExit(f"No run of {name} yet: scripts/mutation {name}")
    found = {}
    for line in mutmut(folder, "results", "--all", "true").splitlines():
        mutant, separator, status = line.strip().rpartition(": ")
        if separator and mutant.startswith("blog."):
            found[mutant] = status
    return found


def counts(found: dict[str, str]) -> dict[str, int]:
    killed = sum(status in KILLED for status in found.values())
    timeouts = sum(status in TIMEOUT for status in found.values())
    return {
        "mutants": len(found),
        "killed": killed,
        "survived": len(found) - killed - timeouts,
        "timeouts": timeouts,
    }


def share(figures: dict[str, int]) -> float:
    caught = figures["killed"] + figures["timeouts"]
    return caught / figures["mutants"] if figures["mutants"] else 1.0


def print_table(rows: list[tuple[str, dict[str, int]]]) -> None:
    header = (f"{'module':<11}{'mutants':>8}{'killed':>8}{'survived':>10}{'timeouts':>10}"
              f"{'killed %':>10}")
    print(header)
    print("-" * len(header))
    total = {"mutants": 0, "killed": 0, "survived": 0, "timeouts": 0}
    for name, figures in rows:
        for key in total:
            total[key] += figures[key]
        mark = "" if share(figures) >= TARGET_SHARE else "  (below 90%)"
        print(f"{name:<11}{figures['mutants']:>8}{figures['killed']:>8}{figures['survived']:>10}"
              f"{figures['timeouts']:>10}{share(figures):>10.1%}{mark}")
    if len(rows) > 1:
        print("-" * len(header))
        print(f"{'total':<11}{total['mutants']:>8}{total['killed']:>8}{total['survived']:>10}"
              f"{total['timeouts']:>10}{share(total):>10.1%}")


def survivors(name: str, found: dict[str, str], with_diffs: bool) -> None:
    left = {mutant: status for mutant, status in found.items()
            if status not in KILLED | TIMEOUT}
    for mutant, status in sorted(left.items()):
        print(f"{mutant}: {status}")
        if with_diffs:
            diff = mutmut(scratch_for(name), "show", mutant)
            print("\n".join(line for line in diff.splitlines()[1:] if line.strip()))
            print()


def run(name: str) -> None:
    module = MODULES[name]
    folder = prepare(name, module)
    print(f"{name}: mutating {module.path} ...", flush=True)
    workers = os.environ.get("MUTATION_WORKERS", "2")
    mutmut(folder, "run", "--max-children", workers, log=folder / "run.log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"any of: {', '.join(MODULES)} (all by default)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--report", action="store_true", help="the last run's figures")
    mode.add_argument("--survivors", action="store_true",
                      help="the last run's surviving mutants, with their diffs")
    mode.add_argument("--list", action="store_true", help="the modules and their tests")
    options = parser.parse_args()
    unknown = [name for name in options.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    names = options.modules or list(MODULES)

    if options.list:
        for name in names:
            print(f"{name:<11}{MODULES[name].path}\n{'':<11}{' '.join(MODULES[name].tests)}")
        return
    if options.survivors:
        for name in names:
            survivors(name, statuses(name), with_diffs=True)
        return
    if not options.report:
        for name in names:
            run(name)
    rows = []
    for name in names:
        found = statuses(name)
        rows.append((name, counts(found)))
        if "not checked" in found.values():
            print(f"{name}: the last run stopped before every mutant was tried")
    print()
    print_table(rows)
    print()
    for name in names:
        survivors(name, statuses(name), with_diffs=False)


if __name__ == "__main__":
    main()
