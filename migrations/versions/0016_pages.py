"""Pages beside posts: a post's kind, and a page's place in the navigation.

Revision ID: 0016_pages
Revises: 0015_author_profile
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_pages"
down_revision = "0015_author_profile"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("post") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(16), nullable=False, server_default="post")
        )
        batch.add_column(sa.Column("nav_position", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("post") as batch:
        batch.drop_column("nav_position")
        batch.drop_column("kind")
