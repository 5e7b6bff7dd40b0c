"""Two-factor log-in: the author's TOTP secret and last used step, and recovery codes.

Revision ID: 0009_two_factor
Revises: 0008_post_counts
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_two_factor"
down_revision = "0008_post_counts"
branch_labels = None
depends_on = None


def upgrade():
    # Both nullable: every existing author starts with two-factor log-in switched off.
    with op.batch_alter_table("author") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["author.id"],
            name=op.f("fk_recovery_code_author_id_author"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
    )
    op.create_index(op.f("ix_recovery_code_author_id"), "recovery_code", ["author_id"])


def downgrade():
    op.drop_index(op.f("ix_recovery_code_author_id"), table_name="recovery_code")
    op.drop_table("recovery_code")
    with op.batch_alter_table("author") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
