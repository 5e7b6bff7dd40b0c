"""Error pages in the blog's own layout, never a traceback."""

from flask import Flask, redirect, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from blog.extensions import db
from blog.legacy.views import legacy_destination
from blog.request_log import logger, request_id
from blog.saving import register_save_failure_pages


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    register_save_failure_pages(app)


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        # Redirects raised as exceptions (routing's trailing-slash fix) pass through.
        return error
    if error.code == 404:
        # An address the blog had before it moved here: send the reader on.
        destination = legacy_destination()
        if destination:
            return redirect(destination, 301)
    template = "errors/404.html" if error.code == 404 else "errors/error.html"
    return render_template(template, error=error), error.code


def _server_error(error: InternalServerError):
    # Whatever went wrong may have left the session mid-transaction.
    db.session.rollback()
    cause = error.original_exception or error
    logger.error("error id=%s: %r", request_id(), cause, exc_info=cause)
    return render_template("errors/500.html", error=error, request_id=request_id()), 500
