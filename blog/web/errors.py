"""Error pages in the blog's own layout, never a traceback, each saying what happened."""

from collections.abc import Callable

from flask import Flask, current_app, redirect, render_template, request, url_for
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from blog.extensions import db
from blog.web.address import OtherHost
from blog.web.inputs import size_in_words
from blog.web.request_log import logger, request_id
from blog.web.saving import register_save_failure_pages

# What a refusal tells the reader when the view did not say more itself: a heading and
# a sentence in plain words, instead of the HTTP status's name.
PLAIN_WORDS = {
    400: (_l("The blog could not read that request"),
          _l("Something in what your browser sent was not in a form the blog understands. "
             "Go back, reload the page and try again.")),
    403: (_l("Not allowed"), _l("This is not something you can do here.")),
    405: (_l("Not a way to use this address"),
          _l("This address does not take that kind of request: follow a link or send the "
             "form on the page instead.")),
    415: (_l("Not a kind of content the blog takes"),
          _l("The blog cannot read what was sent to this address in that format.")),
    429: (_l("Too many requests"),
          _l("There have been a lot of requests from here in a short time. Please wait a "
             "minute and try again.")),
}
# Any other refusal: werkzeug's words are English, so a plain heading and sentence instead.
OTHER_REFUSAL = (
    _l("The blog could not do that"),
    _l("The blog could not answer this request. Go back and try again, or go to the home "
       "page."),
)
CSRF_EXPIRED = _l(
    "This form had expired, or did not come from this blog, so nothing was saved. "
    "Go back, reload the page and send it again."
)


_NOT_FOUND_REDIRECTS = "blog.not_found_redirects"


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    register_save_failure_pages(app)


def redirect_when_not_found(app: Flask, find: Callable[[], str | None]) -> None:
    """Before answering 404, ask ``find()`` where this address's page lives now (a moved
    blog's old addresses, say); an answer is a permanent redirect there."""
    app.extensions.setdefault(_NOT_FOUND_REDIRECTS, []).append(find)


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        # Redirects raised as exceptions (routing's trailing-slash fix) pass through.
        return error
    if request_ctx.url_adapter is None:
        _links_for_the_blogs_own_host()
    if error.code == 404:
        for find in current_app.extensions.get(_NOT_FOUND_REDIRECTS, ()):
            destination = find()
            if destination:
                return redirect(destination, 301)
        return render_template("errors/404.html", error=error), 404
    heading, message = plain_words(error)
    # A reader who came by another host name is shown the way to the blog's own.
    home = url_for("posts.index", _external=True) if isinstance(error, OtherHost) else None
    page = render_template("errors/error.html", heading=heading, message=message, home=home)
    return page, error.code, _headers_to_keep(error)


def _links_for_the_blogs_own_host() -> None:
    """A request whose Host is not one of TRUSTED_HOSTS gets no URL adapter, so its error
    page could not link anywhere: its links point at the blog's first trusted host (with
    an address set, the address check has bound them to it already)."""
    trusted = current_app.config.get("TRUSTED_HOSTS") or ["localhost"]
    request_ctx.url_adapter = current_app.url_map.bind(
        trusted[0], url_scheme=request.scheme, subdomain=None
    )


def plain_words(error: HTTPException) -> tuple[str, str]:
    """The heading and the sentence that explain ``error`` to a person."""
    if isinstance(error, CSRFError):
        return _("This form had expired"), str(CSRF_EXPIRED)
    if isinstance(error, OtherHost):
        return _("Not this blog's address"), error.description
    if error.code == 413:
        return _("Too large to accept"), too_large_message(request.max_content_length)
    heading, message = (str(words) for words in PLAIN_WORDS.get(error.code, OTHER_REFUSAL))
    if error.description != type(error).description:
        message = error.description  # the view said something particular
    return heading, message


def too_large_message(limit: int | None) -> str:
    """The 413 page's sentence, with the limit in KB or MB."""
    if limit:
        return _("What you sent is larger than the blog accepts in one request: at most "
                 "%(size)s. Nothing was saved. Go back, make it shorter and send it again; "
                 "your browser usually still has what you typed.", size=size_in_words(limit))
    return _("What you sent is larger than the blog accepts in one request. Nothing was "
             "saved. Go back, make it shorter and send it again; your browser usually still "
             "has what you typed.")


def _headers_to_keep(error: HTTPException) -> dict:
    # 405 says which methods the address takes; 429 may say when to come back.
    return {
        name: value for name, value in error.get_headers() if name in ("Allow", "Retry-After")
    }


def _server_error(error: InternalServerError):
    # Whatever went wrong may have left the session mid-transaction.
    db.session.rollback()
    cause = error.original_exception or error
    logger.error("error id=%s: %r", request_id(), cause, exc_info=cause)
    return render_template("errors/500.html", error=error, request_id=request_id()), 500
