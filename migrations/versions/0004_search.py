"""Full-text search: an FTS5 table on SQLite, a tsvector table on PostgreSQL.

Revision ID: 0004_search
Revises: 0003_comments
Create Date: 2026-11-25

Kept up to date by blog.search.index after every flush that writes a post; this
migration indexes the posts that exist already.
"""

import html
import re

import sqlalchemy as sa
from alembic import op

revision = "0004_search"
down_revision = "0003_comments"
branch_labels = None
depends_on = None


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).split())


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.create_table(
            "post_search",
            sa.Column("post_id", sa.Integer(), nullable=False),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR(), nullable=False),
            sa.ForeignKeyConstraint(
                ["post_id"], ["post.id"],
                name="fk_post_search_post_id_post", ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("post_id", name="pk_post_search"),
        )
        op.create_index(
            "ix_post_search_document", "post_search", ["document"], postgresql_using="gin"
        )
        insert = (
            "INSERT INTO post_search (post_id, document) VALUES (:post_id, "
            "setweight(to_tsvector('simple', :title), 'A') || "
            "setweight(to_tsvector('simple', :labels), 'B') || "
            "setweight(to_tsvector('simple', :body), 'C'))"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE post_search USING fts5("
            "title, labels, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        insert = (
            "INSERT INTO post_search (rowid, title, labels, body) "
            "VALUES (:post_id, :title, :labels, :body)"
        )
    posts = connection.execute(sa.text("SELECT id, title, body_html FROM post")).all()
    for post_id, title, body_html in posts:
        labels = connection.execute(
            sa.text(
                "SELECT label.name FROM label JOIN post_labels "
                "ON post_labels.label_id = label.id WHERE post_labels.post_id = :id"
            ),
            {"id": post_id},
        ).scalars()
        connection.execute(
            sa.text(insert),
            {"post_id": post_id, "title": title, "labels": " ".join(labels),
             "body": _text(body_html)},
        )


def downgrade():
    op.execute("DROP TABLE post_search")
