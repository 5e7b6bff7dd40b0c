"""The search index, one row a post, kept up to date by a session listener on every
flush that touches a post.

SQLite: an FTS5 table ``post_search`` (title, labels, body) whose rowid is the post id.
PostgreSQL: a table ``post_search`` of weighted ``tsvector`` documents (title, labels and
body) kept in the table's rows rather than out of line (migration 0012), and a narrow
table ``post_search_heading`` of vectors of the title and labels alone (migration 0013),
each with a GIN index.
Both are made by migration 0004. Every post is indexed, whatever its status; the search
query applies the same visibility rule as every reader's page, so a draft, a scheduled
post or one in the trash is never found, and needs no re-indexing when that changes.
The index holds the text folded (blog.search.folding), so spellings readers take for the
same word find each other; migration 0022 folded the posts indexed before.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from blog.markup import html_to_text
from blog.models import Post
from blog.search.folding import fold

SEARCH_TABLE = "post_search"


def is_search_table(name: str | None) -> bool:
    """The index and, on SQLite, the shadow tables FTS5 keeps beside it."""
    return bool(name) and name.startswith(SEARCH_TABLE)


def create_search_table(connection: sa.Connection) -> None:
    """The same tables migrations 0004, 0012 and 0013 make, for databases built from the
    models (the tests); a migration test checks that the two agree."""
    if connection.dialect.name == "postgresql":
        for table, column in (("post_search", "document"),
                              ("post_search_heading", "heading")):
            connection.execute(sa.text(
                f"CREATE TABLE {table} (post_id INTEGER NOT NULL, "
                f"{column} TSVECTOR NOT NULL, "
                f"CONSTRAINT pk_{table} PRIMARY KEY (post_id), "
                f"CONSTRAINT fk_{table}_post_id_post FOREIGN KEY (post_id) "
                "REFERENCES post (id) ON DELETE CASCADE)"
            ))
            connection.execute(sa.text(
                f"CREATE INDEX ix_{table}_{column} ON {table} USING gin ({column})"
            ))
        # Kept in the row, not out of line: search reads matches' vectors (0012).
        connection.execute(sa.text(
            "ALTER TABLE post_search ALTER COLUMN document SET STORAGE MAIN"
        ))
    else:
        connection.execute(sa.text(
            "CREATE VIRTUAL TABLE post_search USING fts5("
            "title, labels, body, tokenize = 'unicode61 remove_diacritics 2')"
        ))


def drop_search_table(connection: sa.Connection) -> None:
    for table in ("post_search_heading", "post_search"):
        connection.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))


def index_document(post: Post) -> dict:
    return folded_document(
        post.id, post.title, [label.name for label in post.labels], post.body_html
    )


def folded_document(post_id: int, title: str, labels: list[str], body_html: str) -> dict:
    """A post's row of the index: its title, labels and text, folded."""
    return {
        "post_id": post_id,
        "title": fold(title),
        "labels": fold(" ".join(labels)),
        "body": fold(html_to_text(body_html)),
    }


def rebuild_index(connection: sa.Connection) -> None:
    """Index every post afresh (after the way text is folded changed), reading the
    tables directly, so that a migration can call it whatever the models say later."""
    posts = connection.execute(sa.text("SELECT id, title, body_html FROM post")).all()
    labels: dict[int, list[str]] = {}
    for post_id, name in connection.execute(sa.text(
        "SELECT post_labels.post_id, label.name FROM label "
        "JOIN post_labels ON post_labels.label_id = label.id"
    )):
        labels.setdefault(post_id, []).append(name)
    documents = [folded_document(post_id, title, labels.get(post_id, []), body_html or "")
                 for post_id, title, body_html in posts]
    write_index(connection, documents, [])


def write_index(connection: sa.Connection, documents: list[dict], removed: list[int]) -> None:
    """Put ``documents`` into the index and take the ``removed`` post ids out of it."""
    ids = [document["post_id"] for document in documents] + removed
    if not ids:
        return
    if connection.dialect.name == "postgresql":
        for table in ("post_search", "post_search_heading"):
            connection.execute(
                sa.text(f"DELETE FROM {table} WHERE post_id = ANY(:ids)"), {"ids": ids}
            )
        if documents:
            heading = ("setweight(to_tsvector('simple', :title), 'A') || "
                       "setweight(to_tsvector('simple', :labels), 'B')")
            connection.execute(
                sa.text(
                    "INSERT INTO post_search (post_id, document) VALUES (:post_id, "
                    f"{heading} || setweight(to_tsvector('simple', :body), 'C'))"
                ),
                documents,
            )
            connection.execute(
                sa.text("INSERT INTO post_search_heading (post_id, heading) "
                        f"VALUES (:post_id, {heading})"),
                documents,
            )
        return
    for post_id in ids:
        connection.execute(sa.text("DELETE FROM post_search WHERE rowid = :id"), {"id": post_id})
    if documents:
        connection.execute(
            sa.text(
                "INSERT INTO post_search (rowid, title, labels, body) "
                "VALUES (:post_id, :title, :labels, :body)"
            ),
            documents,
        )


_INDEXED = ("title", "body_html", "labels")


def _needs_reindex(post: Post) -> bool:
    state = sa.inspect(post)
    return any(state.attrs[name].history.has_changes() for name in _INDEXED)


def _reindex_flushed_posts(session: Session, _flush_context) -> None:
    # A comment added to a post marks the post dirty too; only text changes count here.
    changed = [
        obj for obj in session.new if isinstance(obj, Post)
    ] + [
        obj for obj in session.dirty if isinstance(obj, Post) and _needs_reindex(obj)
    ]
    removed = [obj.id for obj in session.deleted if isinstance(obj, Post)]
    if changed or removed:
        write_index(session.connection(), [index_document(post) for post in changed], removed)


def listen_for_post_changes() -> None:
    """Re-index posts whenever a flush writes them (registered once, on every session: see
    ``blog.create_app``'s session listeners)."""
    if not sa.event.contains(Session, "after_flush", _reindex_flushed_posts):
        sa.event.listen(Session, "after_flush", _reindex_flushed_posts)
