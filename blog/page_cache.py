"""Readers' pages kept in this process, and served ahead of Flask when nothing about the
request could change them.

``blog.caching.conditional`` keeps each page it makes for a reader with no session of
their own (``same_for_every_reader``), keyed by its address and filed under the site
validator it was made for. ``KeptPageFront`` is a WSGI layer around the app: when the
same address is asked for again by such a reader and the site validator (one small
query) has not moved, it answers by itself, with a 304 when the reader's copy is
current or with the kept bytes and the headers Flask gave them the first time. That
skips Flask's request context, URL matching, session and hooks, which cost more than
the page does.

A page with a comment form has a slot for the form's "shown at" stamp, which tells the
time; the front fills it in. The form carries no CSRF token there: a shared page's
script fetches the reader's own (see ``blog.comments.section``), so a kept page is the
same for everyone who gets it and sets no cookie.

Everything else goes on to Flask as before: an address not kept, anyone with a session
that is more than a CSRF token (the author, a message waiting), a remembered commenter,
and every request but GET and HEAD.
"""

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie, parse_etags

from blog.comments.remember import COOKIE_NAME as COMMENTER_COOKIE
from blog.comments.spam import form_stamp
from blog.request_log import log_request, request_id_from

# Set in the WSGI environ by the view that kept the page, so the front can note the
# headers the page went out with.
KEPT_KEY = "blog.kept_page"
# Headers that belong to one answer, not to the page.
_PER_ANSWER = {"set-cookie", "x-request-id", "date", "content-length"}
_NOT_IN_304 = {"content-type", "content-length"}


def page_key(environ: Mapping) -> str:
    """A page's address as the cache knows it: scheme and host as well as path and query,
    since pages carry absolute links (canonical, og:url, feeds) made from them, so a
    request by a server's own address or with a stray Host must not leave its links in
    the page other readers get. Read from the WSGI environ, so Flask and the front
    agree on it."""
    return (f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
            f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}")


def same_for_every_reader(session: Mapping, cookies: Mapping, config: Mapping) -> bool:
    """No author session or remember-me cookie, no message waiting, no remembered
    commenter: judged from the session's contents and the cookies, without loading a
    user."""
    return (
        "_user_id" not in session
        and "_flashes" not in session
        and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies
        and COMMENTER_COOKIE not in cookies
    )


@dataclass
class KeptPage:
    # The page's bytes between its comment form's stamps, which are filled in as it goes
    # out: the spam check times the reader, not the cache.
    pieces: tuple[bytes, ...]
    content_type: str
    stamped_post_id: int | None
    headers: list[tuple[str, str]] | None = None  # as Flask sent them, noted by the front

    @classmethod
    def cut(cls, body: bytes, content_type: str, stamp: str | None,
            stamped_post_id: int | None) -> "KeptPage":
        """The page with its comment form's stamp cut out."""
        return cls(tuple(body.split(stamp.encode()) if stamp else [body]), content_type,
                   stamped_post_id)

    @property
    def same_bytes_for_all(self) -> bool:
        return len(self.pieces) == 1

    def body(self, secret_key: str) -> bytes:
        """The page, with a stamp of now if it has a comment form."""
        if self.same_bytes_for_all:
            return self.pieces[0]
        return form_stamp(secret_key, self.stamped_post_id).encode().join(self.pieces)


class PageStore:
    """This process's kept pages, all for one site validator: a new validator empties it.
    At most ``size`` pages; once full it keeps no more until the site changes."""

    def __init__(self, size: int):
        self.size = size
        self.validator: str | None = None
        self.pages: dict[str, KeptPage] = {}

    def get(self, key: str, validator: str) -> KeptPage | None:
        return self.pages.get(key) if validator == self.validator else None

    def keep(self, key: str, validator: str, page: KeptPage) -> None:
        if validator != self.validator:
            self.validator, self.pages = validator, {}
        if len(self.pages) < self.size:
            self.pages[key] = page


def page_store(app: Flask) -> PageStore:
    store = app.extensions.get("blog.page_store")
    if store is None or store.size != app.config["PAGE_CACHE_SIZE"]:
        store = app.extensions["blog.page_store"] = PageStore(app.config["PAGE_CACHE_SIZE"])
    return store


class KeptPageFront:
    """WSGI middleware: kept pages and 304s for anonymous readers, without entering Flask.

    ``read_validator`` gives the site validator now (one statement)."""

    def __init__(self, app: Flask, read_validator: Callable[[], str]):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.read_validator = read_validator

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        started = time.perf_counter()
        store = page_store(self.app)
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return self._pass_on(environ, start_response)
        page = store.pages.get(page_key(environ))
        if_none_match = environ.get("HTTP_IF_NONE_MATCH", "")
        if page is None or page.headers is None or not self._for_every_reader(environ):
            return self._pass_on(environ, start_response)
        try:
            validator = self.read_validator()
        except SQLAlchemyError:
            validator = None  # Flask answers, with its error page if the database is down
        if validator != store.validator:
            return self._pass_on(environ, start_response)
        if parse_etags(if_none_match).contains_weak(validator):
            headers = [(name, value) for name, value in page.headers
                       if name.lower() not in _NOT_IN_304]
            status, body = "304 NOT MODIFIED", b""
        else:
            body = page.body(self.app.secret_key)
            headers = [*page.headers, ("Content-Length", str(len(body)))]
            status = "200 OK"
        rid = request_id_from(environ.get("HTTP_X_REQUEST_ID", ""))
        headers.append(("X-Request-ID", rid))
        start_response(status, headers)
        log_request(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                    int(status[:3]), started, environ.get("REMOTE_ADDR"), rid)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _for_every_reader(self, environ: dict) -> bool:
        """Whether this reader would get the page every reader gets."""
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        contents = self._session(cookies)
        return contents is not None and same_for_every_reader(contents, cookies,
                                                              self.app.config)

    def _session(self, cookies: Mapping) -> dict | None:
        """The reader's session as Flask would open it, or None if the front cannot tell."""
        interface = self.app.session_interface
        name = interface.get_cookie_name(self.app)
        # Asked with `in` first: on a miss, a MultiDict's get raises and catches an HTTP
        # exception, and most readers have no session cookie.
        if name not in cookies or not cookies[name]:
            return {}
        value = cookies[name]
        if not isinstance(interface, SecureCookieSessionInterface):
            return None
        try:
            data = interface.get_signing_serializer(self.app).loads(
                value, max_age=int(self.app.permanent_session_lifetime.total_seconds()))
        except BadSignature:
            return None  # Flask starts a fresh session and says so
        return data if isinstance(data, dict) else None

    def _pass_on(self, environ: dict, start_response) -> Iterable[bytes]:
        """Flask answers; if the page it sent is kept, note the headers it went out with."""

        def noting_start_response(status, headers, exc_info=None):
            key = environ.get(KEPT_KEY)
            if key is not None and status.startswith("200"):
                page = self.app.extensions["blog.page_store"].pages.get(key)
                if page is not None:
                    page.headers = [(name, value) for name, value in headers
                                    if name.lower() not in _PER_ANSWER]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, noting_start_response)

