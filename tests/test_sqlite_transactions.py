"""On SQLite, every write transaction asks for the write lock with its first statement.

A transaction that reads first and writes later cannot wait for the lock when another
worker has written meanwhile: SQLite answers "database is locked" at once, whatever the
busy timeout. Python's sqlite3 begins transactions just before the first write, which
avoids that; a change of driver settings (``isolation_level``, ``autocommit``) that began
them on reads instead would bring the error back under load, and fails here first.
"""

import pytest
import sqlalchemy as sa

from blog.extensions import db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def statements(app):
    """The SQL the app's SQLite connections run from now on, as SQLite sees it."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL waits for row locks; it has no database-wide lock")
        seen: list[str] = []

        def trace(dbapi_connection, _record):
            dbapi_connection.set_trace_callback(seen.append)

        sa.event.listen(db.engine, "connect", trace)
        db.engine.dispose()
    yield seen
    with app.app_context():
        sa.event.remove(db.engine, "connect", trace)
        db.engine.dispose()


def first_statements_of_transactions(seen: list[str]) -> list[str]:
    # SQLite's own statements inside FTS5 are traced with a leading "--".
    ours = [s.strip() for s in seen if not s.startswith(("--", "PRAGMA"))]
    return [ours[i + 1] for i, statement in enumerate(ours[:-1]) if statement == "BEGIN"]


def test_comment_and_editor_transactions_begin_with_a_write(
    app, client, logged_in, make_post, statements
):
    post = make_post(labels=("Energy",))
    app.config["COMMENT_MODE"] = "open"

    client.post(f"/posts/{post.id}/comments", data={"body": "A remark."})
    client.post(
        f"/dashboard/posts/{post.id}/edit",
        data={"title": "Revised", "body": "New text.", "labels": "Energy, Grid",
              "slug": "", "publish_at": "", "publish": "1"},
    )

    firsts = first_statements_of_transactions(statements)
    assert len(firsts) >= 2
    assert all(statement.upper().startswith(WRITES) for statement in firsts), firsts
