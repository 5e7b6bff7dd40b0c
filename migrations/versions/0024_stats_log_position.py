"""How far `flask stats ingest` has read nginx's access log.

Revision ID: 0024_stats_log_position
Revises: 0023_author_language
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_stats_log_position"
down_revision = "0023_author_language"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stat_log_position",
        sa.Column("log_name", sa.String(300), nullable=False),
        sa.Column("file_id", sa.String(60), nullable=False),
        sa.Column("read_to", sa.BigInteger(), nullable=False),
        sa.Column("head", sa.String(64), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("log_name", name=op.f("pk_stat_log_position")),
    )


def downgrade():
    op.drop_table("stat_log_position")
