"""The session listener that raises the site version whenever a flush writes what
readers see, so every process's cached pages and every reader's ETag go stale at once.

It follows ORM flushes only: a Core statement (``update(Post)``, ``insert(Comment)``)
writes without a flush and would leave every cached page as it was.
``tests/cache/test_core_writes.py`` fails when one appears outside the few places that
do their own bookkeeping.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from blog.cache.etag import SESSION_WROTE, scheduled_times
from blog.models import (
    Author,
    Comment,
    Label,
    LegacyRedirect,
    Post,
    Setting,
    SiteState,
    SlugRedirect,
)
from blog.utils.database import changed_in_flush

# What readers' pages are made of.
READER_VISIBLE = (Post, Comment, Label, Author, SlugRedirect, LegacyRedirect, Setting)
_TIMING = ("status", "published_at", "deleted_at")  # what decides when a post shows


def _raise_version(session: Session, _flush_context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(obj, READER_VISIBLE) for obj in touched):
        return
    connection = session.connection()
    changes = {"version": SiteState.version + 1}
    if changed_in_flush(session, Post, _TIMING):
        changes["scheduled"] = scheduled_times(connection)
    connection.execute(sa.update(SiteState).where(SiteState.id == 1).values(**changes))
    session.info[SESSION_WROTE] = True


def listen_for_changes() -> None:
    """Raise the site version after every flush that writes what readers see (registered
    once, on every session)."""
    if not sa.event.contains(Session, "after_flush", _raise_version):
        sa.event.listen(Session, "after_flush", _raise_version)
