"""An index of the posts in the trash, so that search finds them (with the drafts and
those not yet due) without reading every post. Partial: it holds only posts in the
trash, so no planner can take it for a way to the posts outside it (SQLite did, and
read all 100,000 posts for the home page).

Revision ID: 0011_trash_index
Revises: 0010_newest_first_index
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_trash_index"
down_revision = "0010_newest_first_index"
branch_labels = None
depends_on = None


IN_TRASH = sa.text("deleted_at IS NOT NULL")


def upgrade():
    op.create_index("ix_post_in_trash", "post", ["deleted_at"],
                    sqlite_where=IN_TRASH, postgresql_where=IN_TRASH)


def downgrade():
    op.drop_index("ix_post_in_trash", table_name="post")
