"""Comments: rendered text, moderation modes, spam scores, commenter recognition.

Revision ID: 0003_comments
Revises: 0002_author_side
Create Date: 2026-11-25
"""

import html

import sqlalchemy as sa
from alembic import op

revision = "0003_comments"
down_revision = "0002_author_side"
branch_labels = None
depends_on = None


def _plain_html(text: str) -> str:
    """Escaped paragraphs: a safe first rendering; `flask rerender` adds the links."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs if part
    )


def upgrade():
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("body_html", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("ip_address", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("commenter_token", sa.String(64), nullable=True))
        batch.add_column(sa.Column("spam_score", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("spam_reasons", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("comment") as batch:
        for column in ("body_html", "ip_address", "spam_score", "spam_reasons"):
            batch.alter_column(column, server_default=None)
        batch.create_index("ix_comment_ip_address_created_at", ["ip_address", "created_at"])
        batch.create_index(
            "ix_comment_commenter_token_status", ["commenter_token", "status"]
        )

    comment = sa.table("comment", sa.column("id"), sa.column("body"), sa.column("body_html"))
    connection = op.get_bind()
    for comment_id, body in connection.execute(sa.select(comment.c.id, comment.c.body)).all():
        connection.execute(
            comment.update().where(comment.c.id == comment_id).values(body_html=_plain_html(body))
        )

    with op.batch_alter_table("post") as batch:
        batch.add_column(
            sa.Column(
                "comment_mode",
                sa.Enum("open", "moderated", "first_time", "closed", name="commentmode",
                        native_enum=False, length=16),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("post") as batch:
        batch.drop_column("comment_mode")
    with op.batch_alter_table("comment") as batch:
        batch.drop_index("ix_comment_commenter_token_status")
        batch.drop_index("ix_comment_ip_address_created_at")
        for column in ("spam_reasons", "spam_score", "commenter_token", "ip_address", "body_html"):
            batch.drop_column(column)
