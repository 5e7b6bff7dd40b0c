"""The page cache's WSGI middleware: cached pages and 304s for readers who would get the
page every reader gets, answered before Flask's request handling begins.

``blog.cache.cached_page`` keeps each page it makes for such a reader, keyed by its
address and filed under the site ETag it was made for. When the same address is asked
for again by such a reader and the ETag (one small query) has not moved, the middleware
answers by itself, with a 304 when the reader's copy is current or with the cached
bytes, their slots filled in, and the headers Flask gave them the first time. That skips
Flask's request context, URL matching, session and hooks, which cost more than the page
does.

Everything else goes on to Flask as before: an address not cached, a request with a
personal cookie or session key (as the features registered them: the author, a message
waiting, a remembered commenter), and every request but GET and HEAD. On the way out of
Flask it checks that every cookie and session key a response sets has been registered
(``blog.cache.registry``).
"""

import time
from collections.abc import Callable, Iterable, Mapping

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie, parse_etags

from blog.cache.decorators import CACHED_KEY
from blog.cache.registry import registry_for
from blog.cache.store import page_key, page_store
from blog.web.request_log import log_request, request_id_from

# Headers that belong to one answer, not to the page.
_PER_ANSWER = {"set-cookie", "x-request-id", "date", "content-length"}
_NOT_IN_304 = {"content-type", "content-length"}


def opened_session(app: Flask, value: str) -> dict | None:
    """A session cookie's contents, as Flask would open them, or None if it is not one
    this app signed (or the app keeps sessions some other way)."""
    interface = app.session_interface
    if not isinstance(interface, SecureCookieSessionInterface):
        return None
    try:
        data = interface.get_signing_serializer(app).loads(
            value, max_age=int(app.permanent_session_lifetime.total_seconds()))
    except BadSignature:
        return None  # Flask starts a fresh session and says so
    return data if isinstance(data, dict) else None


class CacheMiddleware:
    """WSGI middleware: cached pages and 304s for readers who get the shared page,
    without entering Flask. ``read_etag`` gives the site ETag now (one statement)."""

    def __init__(self, app: Flask, read_etag: Callable[[], str]):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.read_etag = read_etag
        self.registry = registry_for(app)

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        started = time.perf_counter()
        store = page_store(self.app)
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return self._pass_on(environ, start_response)
        kept_for, page = store.held(page_key(environ))
        if_none_match = environ.get("HTTP_IF_NONE_MATCH", "")
        if page is None or page.headers is None or not self._for_every_reader(environ):
            return self._pass_on(environ, start_response)
        try:
            etag = self.read_etag()
        except SQLAlchemyError:
            etag = None  # Flask answers, with its error page if the database is down
        if etag != kept_for:
            return self._pass_on(environ, start_response)
        if parse_etags(if_none_match).contains_weak(etag):
            headers = [(name, value) for name, value in page.headers
                       if name.lower() not in _NOT_IN_304]
            status, body = "304 NOT MODIFIED", b""
        else:
            body = page.body()
            headers = [*page.headers, ("Content-Length", str(len(body)))]
            status = "200 OK"
        rid = request_id_from(environ.get("HTTP_X_REQUEST_ID", ""), self.app.config)
        headers.append(("X-Request-ID", rid))
        start_response(status, headers)
        log_request(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                    int(status[:3]), started, environ.get("REMOTE_ADDR"), rid)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _for_every_reader(self, environ: dict) -> bool:
        """Whether this reader would get the page every reader gets."""
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        contents = self._session(cookies)
        return contents is not None and self.registry.same_for_every_reader(contents, cookies)

    def _session(self, cookies: Mapping) -> dict | None:
        """The reader's session as Flask would open it, or None if the middleware cannot
        tell."""
        interface = self.app.session_interface
        name = interface.get_cookie_name(self.app)
        # Asked with `in` first: on a miss, a MultiDict's get raises and catches an HTTP
        # exception, and most readers have no session cookie.
        if name not in cookies or not cookies[name]:
            return {}
        return self._opened(cookies[name])

    def _opened(self, value: str) -> dict | None:
        return opened_session(self.app, value)

    def _pass_on(self, environ: dict, start_response) -> Iterable[bytes]:
        """Flask answers; its cookies are checked against the registry, and if the page it
        sent is cached, the headers it went out with are noted."""

        def noting_start_response(status, headers, exc_info=None):
            self._check_cookies(headers)
            key = environ.get(CACHED_KEY)
            if key is not None and status.startswith("200"):
                _, page = page_store(self.app).held(key)
                if page is not None:
                    page.headers = [(name, value) for name, value in headers
                                    if name.lower() not in _PER_ANSWER]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, noting_start_response)

    def _check_cookies(self, headers: list[tuple[str, str]]) -> None:
        """Every cookie a response sets, and every key of the session it saves, must be
        registered as personal or harmless."""
        session_cookie = self.app.session_interface.get_cookie_name(self.app)
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            cookie, _, rest = value.partition("=")
            cookie = cookie.strip()
            self.registry.check_cookie(cookie)
            if cookie == session_cookie:
                contents = self._opened(rest.partition(";")[0].strip('"'))
                self.registry.check_session_keys(contents or ())
