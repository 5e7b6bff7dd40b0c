"""The README's Layout is the map a newcomer reads first: it names every folder of the
repository and every module at the top of blog/, and names nothing that is not there."""

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
                                text=True, check=True).stdout
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
