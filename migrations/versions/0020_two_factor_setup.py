"""The two-factor set-up's secret, made and kept by the server.

Revision ID: 0020_two_factor_setup
Revises: 0019_statistics
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_two_factor_setup"
down_revision = "0019_statistics"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("author") as batch:
        batch.add_column(sa.Column("totp_pending_secret", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("author") as batch:
        batch.drop_column("totp_pending_secret")
