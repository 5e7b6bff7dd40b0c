"""What the author's dashboard lists."""

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Post


def all_posts(trashed: bool = False) -> sa.Select:
    """Every post of the author, recently changed first: drafts, scheduled and published."""
    deleted = Post.deleted_at.is_not(None) if trashed else Post.deleted_at.is_(None)
    return (
        sa.select(Post)
        .where(deleted)
        .options(selectinload(Post.labels))
        .order_by(Post.updated_at.desc(), Post.id.desc())
    )


def post_or_404(post_id: int, trashed: bool = False) -> Post:
    """The author's post by id (from the trash if ``trashed``).

    :raise 404: when there is no such post where it was looked for.
    """
    post = db.session.get(Post, post_id)
    if post is None or (post.deleted_at is not None) != trashed:
        abort(404)
    return post
