"""What the feeds list."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from blog.extensions import db
from blog.models import Comment, CommentStatus, Post

FEED_LENGTH = 50


def latest_comments(now: datetime, post: Post | None = None) -> list[Comment]:
    """The newest approved comments on posts readers can see (on one post, if given)."""
    query = (
        sa.select(Comment)
        .join(Comment.post)
        .where(Comment.status == CommentStatus.APPROVED, Post.visible_clause(now))
        .options(contains_eager(Comment.post))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(FEED_LENGTH)
    )
    if post is not None:
        query = query.where(Comment.post_id == post.id)
    return list(db.session.scalars(query))
