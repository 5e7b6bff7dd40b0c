"""Asking a logged-in author for the password again, before a change that needs it.

A wrong password counts as a failed log-in, in the same throttle as /login (against this
browser, when it is one the author has logged in with); a right one counts as a fresh
log-in (blog.auth.recent).
"""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field

from blog.auth import recent
from blog.auth.devices import known_device
from blog.auth.throttle import client_address, record_failure, retry_after, too_many_attempts
from blog.models import Author
from blog.web.saving import saving

WRONG_PASSWORD = _l("That is not your password.")
CANNOT_COUNT = _l(
    "Your password could not be checked: the blog cannot write to its database just now, "
    "where it counts wrong passwords to keep guessers out. Please try again in a few "
    "minutes."
)


def throttled(author: Author):
    """The 429 page while log-ins are paused for this address or this browser (for the
    author's account, when it is a browser the author never logged in with), else None."""
    wait = retry_after(client_address(), author.username, known_device(author.username))
    return too_many_attempts(wait) if wait is not None else None


def count_failure(author: Author) -> None:
    """Count a wrong password (or code) from the logged-in author (uncommitted)."""
    record_failure(client_address(), author.username, known_device(author.username))


def password_confirmed(author: Author, field: Field, form: FlaskForm, page: Callable) -> bool:
    """Whether ``field`` holds the author's password; if not, the field says so and the
    failure is counted (committed at once). ``page`` shows the form again should the
    failure not be countable."""
    if author.check_password(field.data or ""):
        recent.note_password_given()
        return True
    field.errors.append(WRONG_PASSWORD)
    with saving(form, page, message=CANNOT_COUNT):
        count_failure(author)
    return False
