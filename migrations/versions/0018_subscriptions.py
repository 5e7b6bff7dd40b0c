"""Readers' subscriptions by mail (to comments, or to new posts), and when each comment
was approved.

Revision ID: 0018_subscriptions
Revises: 0017_mail_outbox
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_subscriptions"
down_revision = "0017_mail_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
    # Comments already published count as told: nobody follows them yet.
    op.execute("UPDATE comment SET approved_at = created_at WHERE status = 'approved'")
    op.create_table(
        "subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_upto", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_mailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("site_url", sa.String(300), nullable=False),
        sa.Column("requested_from", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], ondelete="CASCADE",
                                name=op.f("fk_subscription_post_id_post")),
        sa.ForeignKeyConstraint(["comment_id"], ["comment.id"], ondelete="CASCADE",
                                name=op.f("fk_subscription_comment_id_comment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription")),
    )
    op.create_index("ix_subscription_email", "subscription", ["email"])


def downgrade():
    op.drop_index("ix_subscription_email", table_name="subscription")
    op.drop_table("subscription")
    with op.batch_alter_table("comment") as batch:
        batch.drop_column("approved_at")
