"""The sitemap's entries: what search engines should crawl, and when it last changed."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Post
from blog.posts.links import post_url

# One sitemap file may list 50,000 addresses; a blog past that needs a sitemap index.
MAX_ENTRIES = 50_000


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    last_modified: datetime


def sitemap_entries(now: datetime, zone: ZoneInfo) -> list[SitemapEntry]:
    posts = db.session.scalars(
        sa.select(Post)
        .where(Post.visible_clause(now))
        .options(selectinload(Post.labels))
        .order_by(Post.published_at.desc())
        .limit(MAX_ENTRIES)
    ).all()
    if not posts:
        return []
    changed = {post.id: max(post.updated_at, post.published_at) for post in posts}
    periods: dict[tuple, datetime] = {}
    labels: dict[str, datetime] = {}
    for post in posts:
        if post.is_page:  # a page has no month in the archive, and no labels
            continue
        local = post.published_at.astimezone(zone)
        for period in ((local.year, None), (local.year, local.month)):
            periods[period] = max(periods.get(period, changed[post.id]), changed[post.id])
        for label in post.labels:
            labels[label.name] = max(labels.get(label.name, changed[post.id]), changed[post.id])
    entries = [SitemapEntry(url_for("posts.index", _external=True), max(changed.values()))]
    # Posts and pages, newest first.
    entries += [SitemapEntry(post_url(post, _external=True), changed[post.id]) for post in posts]
    entries += [
        SitemapEntry(url_for("archive.period", year=year, month=month, _external=True), when)
        for (year, month), when in sorted(periods.items(), key=lambda item: item[0][:1])
    ]
    entries += [
        SitemapEntry(url_for("labels.detail", name=name, _external=True), when)
        for name, when in sorted(labels.items())
    ]
    return entries[:MAX_ENTRIES]
