"""The site version, for pages that browsers may keep until something changes.

Revision ID: 0006_site_state
Revises: 0005_imports
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_site_state"
down_revision = "0005_imports"
branch_labels = None
depends_on = None


def upgrade():
    site_state = op.create_table(
        "site_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_state")),
    )
    op.bulk_insert(site_state, [{"id": 1, "version": 1}])


def downgrade():
    op.drop_table("site_state")
