"""Read-side queries for labels."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Label, Post, post_labels
from blog.posts.queries import visible_posts


@dataclass(frozen=True)
class LabelCount:
    name: str
    count: int


def label_counts(now: datetime) -> list[LabelCount]:
    """Labels that have visible posts, by name, with how many each has."""
    rows = db.session.execute(
        sa.select(Label.name, sa.func.count(Post.id))
        .join(post_labels, post_labels.c.label_id == Label.id)
        .join(Post, Post.id == post_labels.c.post_id)
        .where(Post.visible_clause(now))
        .group_by(Label.id, Label.name)
        .order_by(Label.name)
    )
    return [LabelCount(name, count) for name, count in rows]


def label_by_name(name: str) -> Label | None:
    return db.session.scalar(sa.select(Label).where(Label.name == name))


def visible_posts_labelled(name: str, now: datetime) -> sa.Select:
    """Visible posts that carry the label called ``name``, newest first."""
    return visible_posts(now).where(Post.labels.any(Label.name == name))
