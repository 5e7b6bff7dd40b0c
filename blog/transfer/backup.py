"""A consistent copy of a running blog: SQLite's online backup API, plus the uploads.

The online backup reads the database inside one read transaction, so the copy is the
database as it stood at one moment, even while comments are being written (WAL lets the
writers carry on meanwhile). Copying the file instead could catch a half-written page.
"""

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

RESTORE_TEXT = """\
This is a backup of a blog, made {made} by `flask --app app backup`.

  blog.sqlite   the database, copied with SQLite's online backup (consistent)
  uploads/      the uploaded images

To restore it:
  1. Stop the blog.
  2. Copy blog.sqlite to the instance folder as instance/blog.sqlite, and delete any
     instance/blog.sqlite-wal and instance/blog.sqlite-shm left beside the old one.
  3. Copy uploads/ to instance/uploads/.
  4. Run `flask --app app db upgrade` (a backup from an older version is brought up to
     date), then start the blog again.
"""


@dataclass
class BackupReport:
    folder: Path
    database_bytes: int
    uploads: int
    integrity: str


def backup_sqlite(database: Path, uploads: Path, destination: Path) -> BackupReport:
    """Write a dated backup folder under ``destination`` and check the copy's integrity."""
    made = datetime.now(UTC)
    folder = destination / f"blog-backup-{made:%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    copy = folder / "blog.sqlite"
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(copy)
    try:
        with target:
            source.backup(target)  # the whole database in one step: one consistent read
        integrity = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    count = 0
    if uploads.is_dir():
        shutil.copytree(uploads, folder / "uploads")
        count = sum(1 for path in (folder / "uploads").iterdir() if path.is_file())
    instructions = RESTORE_TEXT.format(made=made.isoformat(timespec="seconds"))
    (folder / "RESTORE.txt").write_text(instructions)
    return BackupReport(folder, copy.stat().st_size, count, integrity)
