"""An index on posts' trash time, so that search finds the posts in the trash (with the
drafts and those not yet due) without reading every post.

Revision ID: 0011_trash_index
Revises: 0010_newest_first_index
Create Date: 2026-11-25
"""

from alembic import op

revision = "0011_trash_index"
down_revision = "0010_newest_first_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_post_deleted_at", "post", ["deleted_at"])


def downgrade():
    op.drop_index("ix_post_deleted_at", table_name="post")
