"""The author's side: session tokens, the trash, post versions, failed log-ins.

Revision ID: 0002_author_side
Revises: 0001_initial_schema
Create Date: 2026-11-25
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002_author_side"
down_revision = "0001_initial_schema"
branch_labels = None
depends_on = None


def upgrade():
    # Existing authors get a token of their own before the column becomes required.
    with op.batch_alter_table("author") as batch:
        batch.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    author = sa.table("author", sa.column("id", sa.Integer), sa.column("session_token"))
    connection = op.get_bind()
    for (author_id,) in connection.execute(sa.select(author.c.id)).all():
        connection.execute(
            author.update()
            .where(author.c.id == author_id)
            .values(session_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("author") as batch:
        batch.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)

    with op.batch_alter_table("post") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "post_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"],
            name=op.f("fk_post_version_post_id_post"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_version")),
    )
    op.create_index(op.f("ix_post_version_post_id"), "post_version", ["post_id"])

    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_address_at", "login_failure", ["address", "at"])
    op.create_index("ix_login_failure_username_at", "login_failure", ["username", "at"])


def downgrade():
    op.drop_index("ix_login_failure_username_at", table_name="login_failure")
    op.drop_index("ix_login_failure_address_at", table_name="login_failure")
    op.drop_table("login_failure")
    op.drop_index(op.f("ix_post_version_post_id"), table_name="post_version")
    op.drop_table("post_version")
    with op.batch_alter_table("post") as batch:
        batch.drop_column("deleted_at")
    with op.batch_alter_table("author") as batch:
        batch.drop_column("session_token")
