"""The site's ETag: what every cached page and every reader's copy is checked against.

It is made of the site version (``blog.models.SiteState``, raised by the listener in
``blog.cache.listener`` whenever a flush changes what readers see), the number of
scheduled posts already due, since those appear by the clock alone (their times are kept
in the same row), and the day, so that no page (and the comment form's signed stamp in
it) is kept for days.
"""

import bisect
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, current_app, g

from blog.cache.site_version import SITE_VERSION, site_version_reader
from blog.extensions import db
from blog.models import Post, PostStatus
from blog.utils.database import utcnow

# Set in the session's info by the listener when a flush wrote what readers see.
SESSION_WROTE = "blog.raised_site_version"

# How scheduled times are written in SiteState.scheduled: fixed width, so they compare
# as text in the order they come in time.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


def session_wrote() -> bool:
    """Whether this request's session has written what readers see (not yet committed,
    perhaps): pages and sidebars built from it are not kept."""
    registry = db.session.registry
    return registry.has() and registry().info.get(SESSION_WROTE, False)


def _read_site_state() -> tuple[int, str]:
    """The site version and the scheduled times: one statement, on a connection of its
    own unless this request has written, so a page served from the cache never opens an
    ORM session."""
    if session_wrote():
        row = db.session.execute(SITE_VERSION).one_or_none()
        return tuple(row) if row else (0, "")
    return site_version_reader(current_app).read()


def etag_reader(app: Flask) -> Callable[[], str]:
    """The site's ETag now, outside any request: for the middleware."""
    reader = site_version_reader(app)
    return lambda: site_etag(*reader.read())


def site_etag(version: int, scheduled: str) -> str:
    """The site version, how many scheduled posts are now due, and today's date."""
    now = utcnow()
    # Read on every request the middleware answers, so no clock is formatted when
    # nothing is scheduled, and the date is made of its numbers, not strftime.
    due = bisect.bisect_right(scheduled.split(), now.strftime(TIME_FORMAT)) if scheduled else 0
    return f"{version}.{due}.{now.year:04}{now.month:02}{now.day:02}"


def scheduled_times(connection: sa.Connection) -> str:
    """When each scheduled post appears, as SiteState.scheduled keeps it."""
    times = connection.scalars(
        sa.select(Post.published_at)
        .where(Post.status == PostStatus.SCHEDULED, Post.deleted_at.is_(None))
        .order_by(Post.published_at)
    )
    return " ".join(when.strftime(TIME_FORMAT) for when in times if when is not None)


def current_etag() -> str:
    """This request's site ETag, read from the database once per request."""
    if "site_etag" not in g:
        g.site_version, g.site_scheduled = _read_site_state()
        g.site_etag = site_etag(g.site_version, g.site_scheduled)
    return g.site_etag


def scheduled_ahead(now: datetime) -> bool:
    """Whether any scheduled post is still to come, as this request read the site state."""
    current_etag()
    times = g.site_scheduled.split()
    return bool(times) and times[-1] > now.strftime(TIME_FORMAT)
