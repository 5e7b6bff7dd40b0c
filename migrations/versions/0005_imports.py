"""Imports: source ids for idempotent re-imports, HTML bodies, old addresses.

Revision ID: 0005_imports
Revises: 0004_search
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_imports"
down_revision = "0004_search"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("post") as batch:
        batch.add_column(
            sa.Column("body_format", sa.String(16), nullable=False, server_default="markdown")
        )
        batch.add_column(sa.Column("source_id", sa.String(255), nullable=True))
        batch.create_unique_constraint("uq_post_source_id", ["source_id"])
    with op.batch_alter_table("post") as batch:
        batch.alter_column("body_format", server_default=None)
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("source_id", sa.String(255), nullable=True))
        batch.create_unique_constraint("uq_comment_source_id", ["source_id"])
    op.create_table(
        "legacy_redirect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"],
            name=op.f("fk_legacy_redirect_post_id_post"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_redirect")),
        sa.UniqueConstraint("path", name=op.f("uq_legacy_redirect_path")),
    )


def downgrade():
    op.drop_table("legacy_redirect")
    with op.batch_alter_table("comment") as batch:
        batch.drop_constraint("uq_comment_source_id", type_="unique")
        batch.drop_column("source_id")
    with op.batch_alter_table("post") as batch:
        batch.drop_constraint("uq_post_source_id", type_="unique")
        batch.drop_column("source_id")
        batch.drop_column("body_format")
