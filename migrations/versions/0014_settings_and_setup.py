"""Settings the author changes in the browser, and the one-time setup code.

Revision ID: 0014_settings_and_setup
Revises: 0013_search_headings
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_settings_and_setup"
down_revision = "0013_search_headings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "setting",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_setting")),
    )
    op.create_table(
        "setup_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setup_code")),
    )


def downgrade():
    op.drop_table("setup_code")
    op.drop_table("setting")
