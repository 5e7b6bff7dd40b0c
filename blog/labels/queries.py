"""Read-side queries for labels."""

from datetime import datetime

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Label, Post
from blog.posts.queries import visible_posts


def label_by_name(name: str) -> Label | None:
    return db.session.scalar(sa.select(Label).where(Label.name == name))


def visible_posts_labelled(name: str, now: datetime) -> sa.Select:
    """Visible posts that carry the label called ``name``, newest first."""
    return visible_posts(now).where(Post.labels.any(Label.name == name))
