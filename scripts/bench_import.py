"""Benchmark: importing a large WordPress export (``scripts/bench import``).

Writes an export of 10,000 posts and 100,000 comments (scripts/make_big_export.py) into
a temporary folder, imports it into a fresh SQLite blog with ``flask import wordpress``
in a subprocess, and prints the wall time and the subprocess's peak memory.
BENCH_IMPORT_POSTS and BENCH_IMPORT_COMMENTS change the size.
"""

import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench_http import VENV_BIN
from make_big_export import write_export

ROOT = Path(__file__).resolve().parent.parent


def bench_import() -> int:
    posts = int(os.environ.get("BENCH_IMPORT_POSTS", "10000"))
    comments = int(os.environ.get("BENCH_IMPORT_COMMENTS", "100000"))
    folder = Path(tempfile.mkdtemp(prefix="blog-bench-import-"))
    env = {**os.environ, "BLOG_INSTANCE_PATH": str(folder / "instance")}
    env.pop("DATABASE_URL", None)
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    try:
        export = folder / "export.xml"
        started = time.perf_counter()
        write_export(str(export), posts, comments)
        size = export.stat().st_size / 1e6
        print(f"wrote {posts:,} posts and {comments:,} comments ({size:.0f} MB) "
              f"in {time.perf_counter() - started:.1f} s")
        for step in (["db", "upgrade"], ["create-author", "bench", "--password", "a bench pw"]):
            subprocess.run([*flask, *step], cwd=ROOT, env=env, check=True, capture_output=True)
        # The set-up steps are children too; the import is by far the largest of them,
        # and ru_maxrss is the largest child's peak.
        started = time.perf_counter()
        result = subprocess.run([*flask, "import", "wordpress", str(export)], cwd=ROOT,
                                env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-4000:])
            return 1
        for line in result.stdout.splitlines():
            if line.startswith(("Imported", "Skipped")):
                print(line)
        database = (folder / "instance" / "blog.sqlite").stat().st_size / 1e6
        print(f"import: {seconds:.1f} s wall, peak memory {peak_mb:.0f} MB, "
              f"database {database:.0f} MB")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
