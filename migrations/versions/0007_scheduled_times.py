"""The times scheduled posts appear, kept beside the site version.

Revision ID: 0007_scheduled_times
Revises: 0006_site_state
Create Date: 2026-11-25
"""

from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0007_scheduled_times"
down_revision = "0006_site_state"
branch_labels = None
depends_on = None

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


def upgrade():
    with op.batch_alter_table("site_state") as batch_op:
        batch_op.add_column(sa.Column("scheduled", sa.Text(), server_default="", nullable=False))
    # Fill it for a blog that already has scheduled posts, in the form the app writes
    # (blog.cache.etag.scheduled_times): UTC, microseconds, sorted.
    post = sa.table(
        "post",
        sa.column("status", sa.String),
        sa.column("deleted_at", sa.DateTime(timezone=True)),
        sa.column("published_at", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    times = connection.scalars(
        sa.select(post.c.published_at)
        .where(post.c.status == "scheduled", post.c.deleted_at.is_(None))
        .order_by(post.c.published_at)
    )
    scheduled = " ".join(
        (when if when.tzinfo is None else when.astimezone(UTC)).strftime(TIME_FORMAT)
        for when in times
        if when is not None
    )
    site_state = sa.table("site_state", sa.column("id"), sa.column("scheduled", sa.Text))
    connection.execute(
        sa.update(site_state).where(site_state.c.id == 1).values(scheduled=scheduled)
    )


def downgrade():
    with op.batch_alter_table("site_state") as batch_op:
        batch_op.drop_column("scheduled")
