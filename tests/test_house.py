"""The house's rules, as a newcomer relies on them: the README's Layout names every folder
and names nothing that is not there; the shared packages import no feature; no feature
imports another's views; no test imports conftest.py or another test module."""

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PATH = re.compile(r"(?<![\w/.<])\.?[\w-]+(?:\.[\w]+)?(?:/[\w.*-]+)*/?")


def layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1]
    return section.split("```", 2)[1]


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                                text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [line for line in listed.splitlines() if (ROOT / line).exists()]


def folders(files: list[str], depth: int = 2) -> set[str]:
    """Every folder, up to ``depth`` levels down, that holds a tracked file."""
    found = set()
    for name in files:
        parts = name.split("/")[:-1]
        for level in range(1, min(depth, len(parts)) + 1):
            found.add("/".join(parts[:level]) + "/")
    return found


def named_paths(block: str) -> set[str]:
    return {match.group() for match in _PATH.finditer(block) if "/" in match.group()}


def test_the_layout_names_every_folder():
    files = tracked_files()
    # Test data sits beside the tests that read it.
    expected = {folder for folder in folders(files) if not folder.endswith("/fixtures/")}
    named = named_paths(layout_block())
    unnamed = {folder for folder in expected
               if not any(path.startswith(folder) for path in named)}

    assert sorted(unnamed) == []


def test_the_layout_names_every_module_at_the_top_of_blog():
    modules = {name for name in tracked_files() if re.fullmatch(r"blog/[^/]+\.py", name)}

    assert sorted(modules - named_paths(layout_block())) == []


def test_everything_the_layout_names_is_there():
    tracked = set(tracked_files())
    present = tracked | folders(list(tracked), depth=9)
    named = {path for path in named_paths(layout_block())
             if "*" not in path and "<" not in path}

    assert sorted(named - present) == []


BLOG = ROOT / "blog"
SHARED = ("web", "cache", "utils", "settings", "i18n")  # every feature may use them; they use none


def imports_of(path: Path) -> list[str]:
    """Every module ``path`` imports, by its full dotted name (``from a import b`` gives
    ``a.b``, since ``b`` may be a module)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def features() -> set[str]:
    return {folder.name for folder in BLOG.iterdir()
            if (folder / "__init__.py").exists() and folder.name not in SHARED}


def test_the_shared_packages_import_no_feature():
    feature_names = features()
    reaching = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package in SHARED
        for path in sorted((BLOG / package).rglob("*.py"))
        for name in imports_of(path)
        if name.startswith("blog.") and name.split(".")[1] in feature_names
    ]

    assert reaching == []


def test_no_feature_imports_another_features_views():
    leaning = []
    for path in sorted(BLOG.rglob("*.py")):
        own = path.relative_to(BLOG).parts[0]
        if path == BLOG / "__init__.py":
            continue  # the factory registers every blueprint
        for name in imports_of(path):
            parts = name.split(".")
            if len(parts) >= 3 and parts[0] == "blog" and parts[2] == "views" \
                    and parts[1] != own:
                leaning.append(f"{path.relative_to(ROOT)} imports {name}")

    assert leaning == []


def test_no_test_imports_conftest_or_another_test_module():
    tests = ROOT / "tests"
    leaning = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(tests.rglob("*.py"))
        for name in imports_of(path)
        if name.startswith("tests.")
        and any(part == "conftest" or part.startswith("test_") for part in name.split("."))
    ]

    assert leaning == []
