"""An index on posts' publication time and id, walked newest first by readers' pages,
with status and trash time so that visibility is read from it alone.

Revision ID: 0010_newest_first_index
Revises: 0009_two_factor
Create Date: 2026-11-25
"""

from alembic import op

revision = "0010_newest_first_index"
down_revision = "0009_two_factor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_post_published_at_id", "post", ["published_at", "id", "status", "deleted_at"]
    )


def downgrade():
    op.drop_index("ix_post_published_at_id", table_name="post")
