"""The page cache: readers' pages made once per site version, answered with 304s or
from memory, ahead of Flask when it can.

    init_app(app)            the factory's one step: middleware, listener, defaults
    cached_page              view decorator for a reader's page (ETag, 304, cache)
    per_site_version         data every page shows (the sidebar), made once per version
    same_for_every_reader()  whether this request gets the shared page
    fill_slot(...)           text in a page that is made afresh each time it goes out

Features tell the cache what it cannot know, when their blueprint is registered:

    personal_cookie / personal_session_key   this cookie or key makes a page personal
    harmless_cookie / harmless_session_key   this one changes nothing on a page
    page_slot(app, name, fill)               how to fill a slot (``fill_slot``)

A cookie or session key set by the app that is in neither list fails the request under
TESTING or DEBUG (``blog.cache.registry``). How the parts fit:

- ``etag.py``: the site ETag (site version, scheduled posts due, the day);
- ``site_version.py``: the one-statement read of the site version on a held connection;
- ``listener.py``: the session listener that raises the site version on every flush that
  writes what readers see;
- ``store.py``: each process's pages, cut at their slots;
- ``decorators.py``: ``cached_page``, ``per_site_version``, ``fill_slot``;
- ``middleware.py``: the WSGI middleware that answers ahead of Flask.
"""

from flask import Flask

from blog.cache.decorators import cached_page, fill_slot, per_site_version, same_for_every_reader
from blog.cache.etag import scheduled_ahead
from blog.cache.registry import (
    harmless_cookie,
    harmless_session_key,
    page_slot,
    personal_cookie,
    personal_session_key,
    registry_for,
)

__all__ = [
    "cached_page", "fill_slot", "harmless_cookie", "harmless_session_key", "init_app",
    "page_slot", "per_site_version", "personal_cookie", "personal_session_key",
    "same_for_every_reader", "scheduled_ahead",
]


def init_app(app: Flask) -> None:
    """Put the middleware in front of the app, listen for writes, and register what Flask
    and its extensions keep in cookies. Call before any proxy fix wraps the app, so the
    middleware sees the reader's own scheme and host."""
    from blog.cache.etag import etag_reader
    from blog.cache.listener import listen_for_changes
    from blog.cache.middleware import CacheMiddleware

    rules = registry_for(app)
    rules.strict = app.testing or app.debug
    # Flask's session cookie is judged by its keys; a message waiting is for one reader.
    harmless_cookie(app, app.config["SESSION_COOKIE_NAME"])
    personal_session_key(app, "_flashes")
    # Flask-WTF's CSRF token: comment forms on shared pages fetch it by script.
    harmless_session_key(app, app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    listen_for_changes()
    app.wsgi_app = CacheMiddleware(app, etag_reader(app))
