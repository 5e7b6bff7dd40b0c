"""What readers see of pages: one page by its address, and the navigation bar's."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from blog.extensions import db
from blog.models import Post, PostKind, SlugRedirect


def _visible_pages(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Post.kind == PostKind.PAGE, Post.visible_clause(now))


def find_visible_page(slug: str, now: datetime) -> Post | None:
    """The published page at ``slug`` (with its author), or the one that used to live
    there."""
    page = db.session.scalar(
        sa.select(Post).where(Post.slug == slug, _visible_pages(now))
        .options(joinedload(Post.author))
    )
    if page is not None:
        return page
    return db.session.scalar(
        sa.select(Post)
        .join(SlugRedirect, SlugRedirect.post_id == Post.id)
        .where(SlugRedirect.slug == slug, _visible_pages(now))
    )


@dataclass(frozen=True)
class NavigationLink:
    """A page in the navigation bar: plain data, kept between requests."""

    slug: str
    title: str


def navigation_links(now: datetime) -> list[NavigationLink]:
    """The published pages the author placed in the navigation, in the author's order."""
    rows = db.session.execute(
        sa.select(Post.slug, Post.title)
        .where(_visible_pages(now), Post.nav_position.is_not(None))
        .order_by(Post.nav_position, Post.title, Post.id)
    ).all()
    return [NavigationLink(slug, title) for slug, title in rows]


def every_visible_page(now: datetime) -> list[NavigationLink]:
    """Every published page, by title (the sidebar's "Pages" list)."""
    rows = db.session.execute(
        sa.select(Post.slug, Post.title).where(_visible_pages(now))
        .order_by(Post.nav_position.is_(None), Post.nav_position, Post.title, Post.id)
    ).all()
    return [NavigationLink(slug, title) for slug, title in rows]
