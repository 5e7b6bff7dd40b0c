"""Log-ins the author can end (one row each), and failed log-ins counted per known browser.

Sessions made before this migration named the author and the session token; they name a
log-in row now, so everyone logs in once more after upgrading.

Revision ID: 0021_log_ins_and_devices
Revises: 0020_two_factor_setup
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_log_ins_and_devices"
down_revision = "0020_two_factor_setup"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("remember", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["author.id"],
            name=op.f("fk_login_session_author_id_author"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
        sa.UniqueConstraint("digest", name=op.f("uq_login_session_digest")),
    )
    op.create_index(op.f("ix_login_session_author_id"), "login_session", ["author_id"])
    op.create_index(op.f("ix_login_session_expires_at"), "login_session", ["expires_at"])
    with op.batch_alter_table("login_failure") as batch:
        batch.add_column(sa.Column("device", sa.String(length=32), nullable=True))
    op.create_index("ix_login_failure_device_at", "login_failure", ["device", "at"])


def downgrade():
    op.drop_index("ix_login_failure_device_at", table_name="login_failure")
    with op.batch_alter_table("login_failure") as batch:
        batch.drop_column("device")
    op.drop_index(op.f("ix_login_session_expires_at"), table_name="login_session")
    op.drop_index(op.f("ix_login_session_author_id"), table_name="login_session")
    op.drop_table("login_session")
