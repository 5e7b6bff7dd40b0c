"""When the database will not take a write: read-only, its disk full, or locked too long.

A view that saves what a person typed makes its changes inside ``saving(form, page)``.
If the database refuses them, the session is rolled back and the person gets ``page()``
again, the same form with everything they typed and a note at its top saying nothing
was saved, answered 503 (with Retry-After) so that nothing takes it for a success. Any
other request that meets the same failure gets a short 503 page in the blog's layout.
Neither shows a traceback: the log gets the database's reason in one line, and the
whole traceback for any other database error (a bug, or a constraint that a concurrent
save got to first), which ``saving`` also answers with the form and the text kept.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import Flask, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from blog.extensions import db
from blog.web.request_log import logger, request_id

# SQLite reports a read-only file, a full disk and a lock held too long as
# OperationalError; PostgreSQL reports a full disk or a lost connection that way, and a
# read-only server (a standby, default_transaction_read_only) as InternalError.
WRITE_FAILURES = (sa.exc.OperationalError, sa.exc.InternalError)

NOT_SAVED = _l(
    "This could not be saved just now: the blog cannot write to its database at the "
    "moment. Nothing you typed is lost, it is all still here. Please try again in a few "
    "minutes."
)
UNAVAILABLE = _l(
    "The blog cannot use its database just now, so nothing was changed. Please try again "
    "in a few minutes."
)
RETRY_AFTER_SECONDS = 60


class SaveFailed(Exception):
    """The database refused a write; ``page`` shows the person's form again."""

    def __init__(self, page: Callable[[], ResponseReturnValue] | None):
        super().__init__("the database refused a write")
        self.page = page


@contextmanager
def saving(
    form: FlaskForm | None = None,
    page: Callable[[], ResponseReturnValue] | None = None,
    message: str = NOT_SAVED,
) -> Iterator[None]:
    """Commit the changes made in the block, or answer 503 with ``page()`` showing ``form``
    and ``message`` at its top.

    :raise SaveFailed: when the database refuses the changes (after a rollback).
    """
    try:
        yield
        db.session.commit()
    except sa.exc.SQLAlchemyError as error:
        # Anything else (a constraint a concurrent save got to first, or a bug) still
        # must not cost the person their text; the log gets the whole story for those.
        db.session.rollback()
        _log(error)
        if form is not None:
            form.form_errors.append(str(message))
        raise SaveFailed(page) from error


def register_save_failure_pages(app: Flask) -> None:
    app.register_error_handler(SaveFailed, _form_again)
    for failure in WRITE_FAILURES:
        app.register_error_handler(failure, _unavailable)


def _form_again(error: SaveFailed):
    response = make_response(error.page() if error.page else _unavailable_page())
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _unavailable(error: sa.exc.DBAPIError):
    # Whatever failed may have left the session mid-transaction.
    db.session.rollback()
    # Unexpected here (no form to show again), so the operator gets the whole story.
    logger.error("database error id=%s: %r", request_id(), error.orig, exc_info=error)
    response = make_response(_unavailable_page(), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _unavailable_page() -> str:
    return render_template("errors/unavailable.html", message=str(UNAVAILABLE))


def _log(error: sa.exc.SQLAlchemyError) -> None:
    if not isinstance(error, WRITE_FAILURES):
        logger.error("save failed id=%s: %r", request_id(), error, exc_info=error)
        return
    reason = str(error.orig).strip().partition("\n")[0]
    logger.warning("database refused a write id=%s: %s", request_id(), reason)
