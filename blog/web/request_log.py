"""One log line a request (method, path, status, time, client address, request id), and
the id on errors.

The line leaves out query strings, cookies and form data, so passwords, session cookies
and CSRF tokens never reach the log, and escapes control characters in the path, so an
address cannot write a line of its own. The client address is the one the blog acts on
(rate limits, log-in throttling): the reader's, read from X-Forwarded-For when
TRUSTED_PROXIES says a proxy stands in front. Behind such a proxy, the request id it sends in
X-Request-ID is kept when it looks like one, so one request can be followed through every
layer; without one, the header is whatever the client chose and the blog makes its own.
"""

import logging
import re
import secrets
import time

from flask import Flask, g, request

logger = logging.getLogger("blog.requests")
# What proxies send: nginx's $request_id (32 hex digits), a UUID, a load balancer's token.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_LOGGED_PATH = 300  # characters; enough to tell any real page


def loggable(path: str) -> str:
    """``path`` on one line: control characters escaped (a newline in an address must not
    forge a second log line), and cut short."""
    shown = _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode(), path)
    return shown if len(shown) <= MAX_LOGGED_PATH else shown[:MAX_LOGGED_PATH] + "…"


def request_id() -> str:
    return getattr(g, "request_id", "-")


def request_id_from(sent: str, config) -> str:
    """The id a trusted proxy sent in X-Request-ID (``sent``) if it looks like a request
    id, else a new one: without TRUSTED_PROXIES in ``config`` the header is the client's."""
    if config["TRUSTED_PROXIES"] and _REQUEST_ID.match(sent):
        return sent
    return secrets.token_hex(8)


def log_request(method: str, path: str, status: int, started: float, client: str | None,
                rid: str) -> None:
    """The request's line: ``started`` is its time.perf_counter() on arrival."""
    logger.info(
        "%s %s %s %.1fms from=%s id=%s",
        method, loggable(path), status, (time.perf_counter() - started) * 1000,
        client or "-", rid,
    )


def register_request_log(app: Flask) -> None:
    # One handler for every "blog.*" logger (requests, set-up, cache, settings), unless
    # the server or the tests configured logging themselves.
    blog_logger = logging.getLogger("blog")
    if not blog_logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        blog_logger.addHandler(handler)
        blog_logger.setLevel(logging.INFO)

    def _start():
        g.request_id = request_id_from(request.headers.get("X-Request-ID", ""), app.config)
        g.request_started = time.perf_counter()

    # First of all: an earlier before-request function that answers at once (the
    # legacy redirects) would otherwise leave its request without an id or a time.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)

    @app.after_request
    def _log(response):
        response.headers["X-Request-ID"] = request_id()
        log_request(request.method, request.path, response.status_code,
                    g.get("request_started", time.perf_counter()), request.remote_addr,
                    request_id())
        return response
