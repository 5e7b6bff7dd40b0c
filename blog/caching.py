"""Conditional GET for readers' pages: a browser that has a page keeps it until the blog
changes, and asks with If-None-Match; an unchanged page is answered 304 at the cost of
one small query.

The validator is the site version (blog.models.SiteState), raised by every flush that
changes a post, comment, label or the author (see ``keep_version_in_step``), plus the
number of scheduled posts already due, since those appear by the clock alone, plus the
day, so that no page (and the comment form's signed stamp in it) is kept for days.
Pages that differ from one reader to another (the logged-in author's, a page with a
message to show, a remembered commenter's form) are never given a validator.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session

from blog.comments.remember import COOKIE_NAME
from blog.comments.spam import form_stamp
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

T = TypeVar("T")
_READER_VISIBLE = (Post, Comment, Label, Author, SlugRedirect, LegacyRedirect)


def site_validator() -> str:
    """The site version, scheduled posts now due, and today's date: one statement."""
    now = utcnow()
    due = (
        sa.select(sa.func.count(Post.id))
        .where(Post.status == PostStatus.SCHEDULED, Post.deleted_at.is_(None),
               Post.published_at <= now)
        .scalar_subquery()
    )
    version, due_count = db.session.execute(
        sa.select(SiteState.version, due).where(SiteState.id == 1)
    ).one_or_none() or (0, 0)
    return f"{version}.{due_count}.{now:%Y%m%d}"


def current_validator() -> str:
    """This request's site validator, read from the database once per request."""
    if "site_validator" not in g:
        g.site_validator = site_validator()
    return g.site_validator


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
    store[name] = (validator, value)
    return value


def _same_for_every_reader() -> bool:
    return (
        not current_user.is_authenticated
        and "_flashes" not in session
        and COOKIE_NAME not in request.cookies
    )


# Per-request values in a cached page are stored as these marks and filled in on the way
# out: the CSRF token (it belongs to the reader's session) and the comment form's signed
# "shown at" stamp (the spam check times the reader, not the cache).
_CSRF_MARK = "\x00csrf-token\x00"
_STAMP_MARK = "\x00shown-stamp\x00"


def _page_cache() -> dict:
    """This process's pages for the current site validator (older ones are dropped)."""
    validator = current_validator()
    cache = current_app.extensions.get("blog.page_cache")
    if cache is None or cache["validator"] != validator:
        cache = current_app.extensions["blog.page_cache"] = {"validator": validator, "pages": {}}
    return cache["pages"]


def _cached_page(key: str):
    kept = _page_cache().get(key)
    if kept is None:
        return None
    body, content_type, stamped_post_id = kept
    if _CSRF_MARK in body:
        body = body.replace(_CSRF_MARK, generate_csrf())
    if stamped_post_id is not None:
        body = body.replace(_STAMP_MARK, form_stamp(current_app.secret_key, stamped_post_id))
    return current_app.response_class(body, content_type=content_type)


def _keep_page(key: str, response) -> None:
    pages = _page_cache()
    if len(pages) >= current_app.config["PAGE_CACHE_SIZE"]:
        return  # full until the site changes; the next change starts a new one
    body = response.get_data(as_text=True)
    if "csrf_token" in session:
        body = body.replace(generate_csrf(), _CSRF_MARK)
    stamped_post_id = g.get("comment_stamp_post_id")
    if stamped_post_id is not None:
        body = body.replace(g.comment_stamp, _STAMP_MARK)
    pages[key] = (body, response.content_type, stamped_post_id)


def conditional(view):
    """Answer 304 when the reader's copy is current; serve the page from this process's
    cache when it has it; otherwise make it, keep it, and mark it with its ETag."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _same_for_every_reader():
            response = make_response(view(*args, **kwargs))
            response.cache_control.private = True
            response.cache_control.no_cache = True
            return response
        validator = current_validator()
        if request.if_none_match.contains_weak(validator):
            not_modified = make_response("", 304)
            not_modified.set_etag(validator, weak=True)
            return not_modified
        key = request.full_path
        caching = current_app.config["PAGE_CACHE_SIZE"] > 0
        response = _cached_page(key) if caching else None
        if response is None:
            response = make_response(view(*args, **kwargs))
            if caching and response.status_code == 200 and not response.is_streamed:
                _keep_page(key, response)
        if response.status_code == 200:
            response.set_etag(validator, weak=True)
            # Keep it, but ask each time: the answer is usually a cheap 304. Private,
            # because the page can carry this reader's CSRF token and session cookie.
            response.cache_control.private = True
            response.cache_control.no_cache = True
        return response

    return wrapper


def _raise_version(session: Session, _flush_context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, _READER_VISIBLE) for obj in touched):
        session.connection().execute(
            sa.update(SiteState).where(SiteState.id == 1).values(version=SiteState.version + 1)
        )


def keep_version_in_step() -> None:
    """Raise the site version whenever a flush writes what readers see (registered once)."""
    if not sa.event.contains(Session, "after_flush", _raise_version):
        sa.event.listen(Session, "after_flush", _raise_version)
