"""Read-side queries for posts: what readers may see, and in which order."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from blog.extensions import db
from blog.models import Label, Post, PostKind, SlugRedirect, post_labels

NEWEST_FIRST = (Post.published_at.desc(), Post.id.desc())


def visible_posts(now: datetime) -> sa.Select:
    """Published posts that are due at ``now``, newest first, with author and labels
    (two statements for any number of posts)."""
    return (
        sa.select(Post)
        .where(Post.visible_clause(now), Post.kind == PostKind.POST)
        .options(joinedload(Post.author), selectinload(Post.labels))
        .order_by(*NEWEST_FIRST)
    )


def find_visible_post(slug: str, now: datetime) -> Post | None:
    """The visible post at ``slug`` (with its author and labels, in one statement), or
    the one that used to live there."""
    post = (
        db.session.scalars(
            sa.select(Post)
            # Joined one after the other, not nested: SQLite would otherwise gather the
            # whole label table of every post before looking for this one.
            .outerjoin(post_labels, post_labels.c.post_id == Post.id)
            .outerjoin(Label, Label.id == post_labels.c.label_id)
            .where(Post.slug == slug, Post.visible_clause(now), Post.kind == PostKind.POST)
            .options(joinedload(Post.author), contains_eager(Post.labels))
            .order_by(Label.name)
        )
        .unique()
        .first()
    )
    if post is not None:
        return post
    return db.session.scalar(
        sa.select(Post)
        .join(SlugRedirect, SlugRedirect.post_id == Post.id)
        .where(SlugRedirect.slug == slug, Post.visible_clause(now), Post.kind == PostKind.POST)
    )


@dataclass
class Around:
    newer: Post | None
    older: Post | None
    latest: Post | None  # the newest visible post that is not this one


def posts_around(post: Post, now: datetime) -> Around:
    """The next newer and older visible posts and the newest other one, in one statement."""
    key = sa.tuple_(Post.published_at, Post.id)
    here = (post.published_at, post.id)
    visible = sa.and_(Post.visible_clause(now), Post.kind == PostKind.POST)
    candidates = [
        sa.select(Post.id).where(visible, key > here)
        .order_by(Post.published_at, Post.id).limit(1),
        sa.select(Post.id).where(visible, key < here).order_by(*NEWEST_FIRST).limit(1),
        sa.select(Post.id).where(visible, Post.id != post.id).order_by(*NEWEST_FIRST).limit(1),
    ]
    ids = sa.union_all(*(sa.select(c.subquery()) for c in candidates))
    found = db.session.scalars(sa.select(Post).where(Post.id.in_(ids))).all()

    def place(other: Post) -> tuple:
        return (other.published_at, other.id)

    newer = [p for p in found if place(p) > here]
    older = [p for p in found if place(p) < here]
    return Around(
        newer=min(newer, key=place, default=None),
        older=max(older, key=place, default=None),
        latest=max(found, key=place, default=None),
    )


def group_by_day(posts: Iterable[Post], zone: ZoneInfo) -> list[tuple[date, list[Post]]]:
    """Consecutive posts under one heading per local calendar day, order kept."""
    groups: list[tuple[date, list[Post]]] = []
    for post in posts:
        day = post.published_at.astimezone(zone).date()
        if groups and groups[-1][0] == day:
            groups[-1][1].append(post)
        else:
            groups.append((day, [post]))
    return groups
