"""Counting in front of everything else, so pages answered from the page cache (and its
304s) are counted as well as those Flask makes, at the cost of appending a tuple.

Two things are counted:

- **A page request**: a reader's page or feed asked for with GET and answered 200 or
  304 (the page cache's or Flask's). Its referrer and User-Agent are kept until the
  batch is written; feeds are counted as fetches.
- **A view**: the counting stylesheet that every reader's page links at its end
  (``BEACON``) was loaded. Browsers load it each time they show the page (it is never
  kept, ``no-store``); crawlers that read pages and skip style sheets never do. Its
  query says which page it was (kind, path, post, search).

Neither is counted for HEAD requests, prefetches and prerenders (``Sec-Purpose``), or
for the author (logged in, or with a "remember me" cookie). A page that nginx's cache
answers alone never gets here: ingest.py counts those from nginx's log, by the same rules.
"""

import time
from collections.abc import Callable, Iterable

from flask import Flask
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_cookie
from werkzeug.routing import Map

from blog.cache.middleware import opened_session
from blog.stats.sources import MAX_AGENT, search_term
from blog.stats.tally import FeedFetch, PageRequest, Tally, View, now
from blog.web.request_log import log_request, request_id_from

BEACON = "/stats/seen.css"

# Which pages are counted, by endpoint; what their views are counted as.
PAGE_KINDS = {
    "posts.index": "home", "posts.detail": "post", "pages.detail": "page",
    "archive.period": "archive", "labels.detail": "label", "search.results": "search",
}
FEED_ENDPOINTS = {"feeds.posts_atom", "feeds.posts_rss", "feeds.label_atom",
                  "feeds.comments", "feeds.post_comments"}
_MAX_PATH = 300
_KNOWN_PATHS = 20_000  # paths whose endpoint is remembered; forgotten all at once beyond

_PER_ANSWER = {"set-cookie", "x-request-id", "date", "content-length"}


class StatsMiddleware:
    def __init__(self, app: Flask, wsgi_app: Callable, tally: Tally):
        self.app = app
        self.wsgi_app = wsgi_app
        self.tally = tally
        self.remember_cookie = app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE)
        self.session_cookie = app.config["SESSION_COOKIE_NAME"]
        self._kind_of = PathKinds(app.url_map)
        self.beacon_headers: list[tuple[str, str]] | None = None

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "GET" or _prefetched(environ):
            return self.wsgi_app(environ, start_response)
        if environ.get("PATH_INFO") == BEACON:
            return self._beacon(environ, start_response)

        def counting_start_response(status, headers, exc_info=None):
            if status[:3] in ("200", "304"):
                self._page_request(environ)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, counting_start_response)

    def _page_request(self, environ: dict) -> None:
        # PATH_INFO is the path's bytes as Latin-1 (PEP 3333); the blog's paths are UTF-8.
        path = environ.get("PATH_INFO", "").encode("latin-1", "replace").decode("utf-8", "replace")
        kind = self._kind_of(path)
        if kind is None or self._from_author(environ):
            return
        agent = environ.get("HTTP_USER_AGENT", "")[:MAX_AGENT]
        if kind == "feed":
            self.tally.add(FeedFetch(now(), environ.get("REMOTE_ADDR", ""), agent))
        else:
            self.tally.add(PageRequest(now(), environ.get("HTTP_REFERER", "")[:2048],
                                       environ.get("HTTP_HOST", "")[:300], agent))

    def _from_author(self, environ: dict) -> bool:
        cookie_header = environ.get("HTTP_COOKIE")
        if not cookie_header:
            return False
        cookies = parse_cookie(cookie_header)
        if cookies.get(self.remember_cookie):
            return True
        value = cookies.get(self.session_cookie)
        return bool(value) and "_user_id" in (opened_session(self.app, value) or {})

    def _beacon(self, environ: dict, start_response) -> Iterable[bytes]:
        view = self._view(environ)
        if view is not None and not self._from_author(environ):
            self.tally.add(view)
        if self.beacon_headers is None:
            return self.wsgi_app(environ, self._noting_beacon_headers(start_response))
        started = time.perf_counter()
        rid = request_id_from(environ.get("HTTP_X_REQUEST_ID", ""), self.app.config)
        start_response("200 OK", [*self.beacon_headers, ("Content-Length", "0"),
                                  ("X-Request-ID", rid)])
        log_request("GET", BEACON, 200, started, environ.get("REMOTE_ADDR"), rid)
        return [b""]

    def _noting_beacon_headers(self, start_response):
        def noting(status, headers, exc_info=None):
            if status.startswith("200"):
                self.beacon_headers = [(name, value) for name, value in headers
                                       if name.lower() not in _PER_ANSWER]
            return start_response(status, headers, exc_info)

        return noting

    def _view(self, environ: dict) -> View | None:
        """The view the beacon's query describes, or None if it describes none."""
        query = _query(environ.get("QUERY_STRING", ""))
        kind, path = query.get("k", ""), query.get("p", "")
        if kind not in PAGE_KINDS.values() or not _plausible_path(path):
            return None
        post_id = query.get("id", "")
        names_a_post = kind in ("post", "page")
        if names_a_post and not (post_id.isascii() and post_id.isdigit() and len(post_id) < 10):
            return None
        term = search_term(query.get("q", "")) if kind == "search" else ""
        return View(
            now(), kind, path, int(post_id) if names_a_post else None, term,
            environ.get("REMOTE_ADDR", ""), environ.get("HTTP_USER_AGENT", "")[:MAX_AGENT],
            private=environ.get("HTTP_DNT") == "1" or environ.get("HTTP_SEC_GPC") == "1",
        )


class PathKinds:
    """What a reader's GET of each path is counted as: "page", "feed" or None (not
    counted), by the endpoint it reaches; remembered per path. The middleware and the
    reading of nginx's log (ingest.py) both ask it, so both count the same pages."""

    def __init__(self, url_map: Map):
        self._adapter = url_map.bind("localhost")
        self._known: dict[str, str | None] = {}

    def __call__(self, path: str) -> str | None:
        """``path`` as the blog's routes see it: percent-decoded, without the query."""
        if path in self._known:
            return self._known[path]
        try:
            endpoint, _ = self._adapter.match(path or "/", method="GET")
        except HTTPException:
            endpoint = None
        kind = "page" if endpoint in PAGE_KINDS else "feed" if endpoint in FEED_ENDPOINTS else None
        if len(self._known) >= _KNOWN_PATHS:
            self._known.clear()
        self._known[path] = kind
        return kind


def _query(query_string: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(query_string[:2048], max_num_fields=8)
    except ValueError:
        return {}
    return dict(pairs)


def _plausible_path(path: str) -> bool:
    return (path.startswith("/") and len(path) <= _MAX_PATH
            and path.isprintable() and not path.startswith("//"))


def _prefetched(environ: dict) -> bool:
    return prefetched(environ.get("HTTP_SEC_PURPOSE", ""), environ.get("HTTP_PURPOSE", ""),
                      environ.get("HTTP_X_MOZ", ""))


def prefetched(sec_purpose: str, purpose: str = "", x_moz: str = "") -> bool:
    """A prefetch or prerender, by its request's headers: the reader may never see the page."""
    return "prefetch" in sec_purpose or purpose == "prefetch" or x_moz == "prefetch"
