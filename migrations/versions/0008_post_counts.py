"""Post counts kept per archive month and per label, so the sidebar never counts posts.

Revision ID: 0008_post_counts
Revises: 0007_scheduled_times
Create Date: 2026-11-25
"""

from collections import Counter
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

revision = "0008_post_counts"
down_revision = "0007_scheduled_times"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "archive_month",
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("zone", "year", "month", name=op.f("pk_archive_month")),
    )
    with op.batch_alter_table("label") as batch_op:
        batch_op.add_column(
            sa.Column("post_count", sa.Integer(), server_default="0", nullable=False)
        )
    _count_what_is_there()


def _count_what_is_there():
    """The counts blog.archive.counts keeps, for the posts already written (published or
    scheduled, not in the trash), in the blog's configured zone."""
    connection = op.get_bind()
    post = sa.table(
        "post",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("deleted_at", sa.DateTime(timezone=True)),
        sa.column("published_at", sa.DateTime(timezone=True)),
    )
    counted = sa.and_(
        post.c.status != "draft", post.c.deleted_at.is_(None), post.c.published_at.is_not(None)
    )
    zone = ZoneInfo(current_app.config["TIMEZONE"] if has_app_context() else "UTC")
    months = Counter()
    for moment in connection.scalars(sa.select(post.c.published_at).where(counted)):
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
        months[local.year, local.month] += 1
    archive_month = sa.table(
        "archive_month", sa.column("zone"), sa.column("year"), sa.column("month"),
        sa.column("posts"),
    )
    if months:
        connection.execute(
            sa.insert(archive_month),
            [{"zone": zone.key, "year": y, "month": m, "posts": n} for (y, m), n in months.items()],
        )
    label = sa.table("label", sa.column("id", sa.Integer), sa.column("post_count", sa.Integer))
    post_labels = sa.table("post_labels", sa.column("post_id"), sa.column("label_id"))
    per_label = (
        sa.select(sa.func.count(post_labels.c.post_id))
        .select_from(post_labels.join(post, post.c.id == post_labels.c.post_id))
        .where(post_labels.c.label_id == label.c.id, counted)
        .scalar_subquery()
    )
    connection.execute(sa.update(label).values(post_count=per_label))


def downgrade():
    with op.batch_alter_table("label") as batch_op:
        batch_op.drop_column("post_count")
    op.drop_table("archive_month")
