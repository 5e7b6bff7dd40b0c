"""The language of the author's own pages, saved with the account.

Revision ID: 0023_author_language
Revises: 0022_search_folding
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_author_language"
down_revision = "0022_search_folding"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("author") as batch:
        batch.add_column(sa.Column("language", sa.String(length=35), nullable=True))


def downgrade():
    with op.batch_alter_table("author") as batch:
        batch.drop_column("language")
