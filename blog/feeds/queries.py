"""What the feeds list."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from blog.extensions import db
from blog.models import Comment, CommentStatus, Label, Post
from blog.posts.queries import visible_posts

FEED_LENGTH = 25


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


def latest_posts(now: datetime, label_name: str | None = None) -> list[Post]:
    """The newest visible posts (with one label, if given), for the post feeds."""
    query = visible_posts(now).limit(FEED_LENGTH)
    if label_name is not None:
        query = query.where(Post.labels.any(Label.name == label_name))
    return list(db.session.scalars(query))
