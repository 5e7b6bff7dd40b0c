"""Conditional GET for readers' pages: a browser that has a page keeps it until the blog
changes, and asks with If-None-Match; an unchanged page is answered 304 at the cost of
one small query.

The validator is the site version (blog.models.SiteState), raised by every flush that
changes a post, comment, label or the author (see ``keep_version_in_step``), plus the
number of scheduled posts already due, since those appear by the clock alone (their
times are kept in the same row), plus the day, so that no page (and the comment form's
signed stamp in it) is kept for days.
Pages that differ from one reader to another (the logged-in author's, a page with a
message to show, a remembered commenter's form) are never given a validator.
"""

import bisect
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g, make_response, request, session
from sqlalchemy.orm import Session

from blog.database import utcnow
from blog.extensions import db
from blog.models import (
    Author,
    Comment,
    Label,
    LegacyRedirect,
    Post,
    PostStatus,
    SiteState,
    SlugRedirect,
)
from blog.page_cache import (
    KEPT_KEY,
    KeptPage,
    PageStore,
    page_key,
    page_store,
    same_for_every_reader,
)
from blog.post_counts import posts_changed
from blog.site_state import SITE_STATE, site_state_reader

T = TypeVar("T")
_WROTE = "blog.raised_site_version"
_TIMING = ("status", "published_at", "deleted_at")  # what decides when a post shows
_READER_VISIBLE = (Post, Comment, Label, Author, SlugRedirect, LegacyRedirect)


# How scheduled times are written in SiteState.scheduled: fixed width, so they compare
# as text in the order they come in time.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"
def _session_wrote() -> bool:
    """Whether this request's session has written what readers see (not yet committed,
    perhaps): pages and sidebars built from it are not kept."""
    registry = db.session.registry
    return registry.has() and registry().info.get(_WROTE, False)


def _read_site_state() -> tuple[int, str]:
    """The site version and the scheduled times: one statement, on a connection of its
    own unless this request has written, so a page served from the cache never opens an
    ORM session."""
    if _session_wrote():
        row = db.session.execute(SITE_STATE).one_or_none()
        return tuple(row) if row else (0, "")
    return site_state_reader(current_app).read()


def validator_reader(app: Flask) -> Callable[[], str]:
    """The site validator now, outside any request: for the front (blog.page_cache)."""
    reader = site_state_reader(app)
    return lambda: site_validator(*reader.read())


def site_validator(version: int, scheduled: str) -> str:
    """The site version, how many scheduled posts are now due, and today's date."""
    now = utcnow()
    # Read on every request a kept page answers, so no clock is formatted when nothing
    # is scheduled, and the date is made of its numbers (strftime cost more than the
    # rest of the check on SQLite).
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


def current_validator() -> str:
    """This request's site validator, read from the database once per request."""
    if "site_validator" not in g:
        g.site_version, g.site_scheduled = _read_site_state()
        g.site_validator = site_validator(g.site_version, g.site_scheduled)
    return g.site_validator


def scheduled_ahead(now: datetime) -> bool:
    """Whether any scheduled post is still to come, as this request read the site state."""
    current_validator()
    times = g.site_scheduled.split()
    return bool(times) and times[-1] > now.strftime(TIME_FORMAT)


def cached_per_version(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, kept in this process until the site changes.

    Only plain data belongs here (no database rows): it outlives the request.
    """
    store = current_app.extensions.setdefault("blog.version_cache", {})
    validator = current_validator()
    kept = store.get(name)
    if kept is not None and kept[0] == validator:
        return kept[1]
    value = build()
    if not _session_wrote():
        store[name] = (validator, value)
    return value


def _same_for_every_reader() -> bool:
    return same_for_every_reader(session, request.cookies, current_app.config)


def _keep_page(store: PageStore, key: str, validator: str, response) -> None:
    if _session_wrote():
        return  # made from changes not yet committed
    stamped_post_id = g.get("comment_stamp_post_id")
    page = KeptPage.cut(
        response.get_data(),
        response.content_type,
        stamp=g.comment_stamp if stamped_post_id is not None else None,
        stamped_post_id=stamped_post_id,
    )
    store.keep(key, validator, page)


# Query arguments of pages worth keeping: the page number. A search, a reply form
# (?replytocom=) or any made-up argument is made afresh, so junk query strings cannot
# fill the cache and push the real pages out.
_KEPT_ARGUMENTS = {"page"}


def _worth_keeping() -> bool:
    return request.args.keys() <= _KEPT_ARGUMENTS


def _mark_reader_copy(response, validator: str) -> None:
    response.headers["ETag"] = f'W/"{validator}"'  # the validator is plain digits and dots
    # Keep it, but ask each time: the answer is usually a cheap 304. Private: the
    # author gets another page at the same address.
    response.headers["Cache-Control"] = "private, no-cache"


def conditional(view):
    """Answer 304 when the reader's copy is current; serve the page from this process's
    cache when it has it; otherwise make it, keep it, and mark it with its ETag."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _same_for_every_reader():
            response = make_response(view(*args, **kwargs))
            response.headers["Cache-Control"] = "private, no-cache"
            return response
        validator = current_validator()
        if request.if_none_match.contains_weak(validator):
            not_modified = current_app.response_class(status=304)
            _mark_reader_copy(not_modified, validator)
            return not_modified
        key = page_key(request.environ)
        store = page_store(current_app)
        caching = store.size > 0 and _worth_keeping()
        kept = store.get(key, validator) if caching else None
        if kept is not None:
            response = current_app.response_class(kept.body(current_app.secret_key),
                                                  content_type=kept.content_type)
        else:
            response = make_response(view(*args, **kwargs))
            if caching and response.status_code == 200 and not response.is_streamed:
                _keep_page(store, key, validator, response)
        if caching and store.get(key, validator) is not None:
            # The front (blog.page_cache) notes the headers this page goes out with.
            request.environ[KEPT_KEY] = key
        if response.status_code == 200:
            _mark_reader_copy(response, validator)
        return response

    return wrapper


def _raise_version(session: Session, _flush_context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(obj, _READER_VISIBLE) for obj in touched):
        return
    connection = session.connection()
    changes = {"version": SiteState.version + 1}
    if posts_changed(session, _TIMING):
        changes["scheduled"] = scheduled_times(connection)
    connection.execute(sa.update(SiteState).where(SiteState.id == 1).values(**changes))
    session.info[_WROTE] = True


def keep_version_in_step() -> None:
    """Raise the site version whenever a flush writes what readers see (registered once)."""
    if not sa.event.contains(Session, "after_flush", _raise_version):
        sa.event.listen(Session, "after_flush", _raise_version)
