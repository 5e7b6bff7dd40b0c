"""The author's profile: an e-mail address (never shown to readers) and a photo.

Revision ID: 0015_author_profile
Revises: 0014_settings_and_setup
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_author_profile"
down_revision = "0014_settings_and_setup"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("author") as batch:
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("photo", sa.String(255), nullable=True))


def downgrade():
    with op.batch_alter_table("author") as batch:
        batch.drop_column("photo")
        batch.drop_column("email")
