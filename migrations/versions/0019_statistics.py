"""Statistics: daily counts of views, visitors, referrers, searches and feed readers,
and the day's visitor marks.

Revision ID: 0019_statistics
Revises: 0018_subscriptions
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_statistics"
down_revision = "0018_subscriptions"
branch_labels = None
depends_on = None


def _count(name):
    return sa.Column(name, sa.BigInteger(), nullable=False)


def upgrade():
    op.create_table(
        "stat_day",
        sa.Column("day", sa.Date(), nullable=False),
        *map(_count, ["views", "visitors", "page_requests", "crawler_requests",
                      "feed_fetches", "feed_readers"]),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_stat_day")),
    )
    op.create_table(
        "stat_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        _count("views"),
        _count("visitors"),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], ondelete="SET NULL",
                                name=op.f("fk_stat_page_post_id_post")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_page")),
        sa.UniqueConstraint("day", "path", name=op.f("uq_stat_page_day")),
    )
    op.create_index("ix_stat_page_day_post_views", "stat_page", ["day", "post_id", "views"])
    op.create_index("ix_stat_page_post_views", "stat_page", ["post_id", "views"])
    for table, column, length, count in (
        ("stat_referrer", "source", 255, "views"),
        ("stat_search", "term", 100, "searches"),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column(column, sa.String(length), nullable=False),
            _count(count),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("day", column, name=op.f(f"uq_{table}_day")),
        )
        op.create_index(op.f(f"ix_{table}_day"), table, ["day"])
    op.create_table(
        "stat_feed_reader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fetcher", sa.String(64), nullable=False),
        _count("subscribers"),
        _count("fetches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_feed_reader")),
        sa.UniqueConstraint("day", "fetcher", name=op.f("uq_stat_feed_reader_day")),
    )
    op.create_index(op.f("ix_stat_feed_reader_day"), "stat_feed_reader", ["day"])
    op.create_table(
        "stat_mark",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(300), nullable=False),
        sa.Column("mark", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("day", "scope", "mark", name=op.f("pk_stat_mark")),
    )


def downgrade():
    for table in ("stat_mark", "stat_feed_reader", "stat_search", "stat_referrer",
                  "stat_page", "stat_day"):
        op.drop_table(table)
