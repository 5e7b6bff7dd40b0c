"""A log-in half done: the password was right, the second factor is still to come.

The session (signed with SECRET_KEY) holds only who it is, when the password was given,
and what to do afterwards; nobody is logged in until the code is right, and the marker
is worthless after TWO_FACTOR_PENDING_SECONDS or once the author's password changes.
"""

import secrets
import time
from dataclasses import dataclass

from flask import current_app, session

from blog.extensions import db
from blog.models import Author

SESSION_KEY = "two_factor_pending"


@dataclass
class PendingLogIn:
    author: Author
    remember: bool
    next_url: str


def start(author: Author, remember: bool, next_url: str) -> None:
    session[SESSION_KEY] = {
        "author": author.id,
        "token": author.session_token,
        "since": int(time.time()),
        "remember": bool(remember),
        "next": next_url,
    }


def pending_log_in() -> PendingLogIn | None:
    """The log-in waiting for its second factor, unless there is none or it is stale."""
    marker = session.get(SESSION_KEY)
    if not isinstance(marker, dict):
        return None
    age = time.time() - marker.get("since", 0)
    if not 0 <= age <= current_app.config["TWO_FACTOR_PENDING_SECONDS"]:
        end()
        return None
    author = db.session.get(Author, marker.get("author", 0))
    if (
        author is None
        or not author.two_factor_enabled
        or not secrets.compare_digest(author.session_token, str(marker.get("token", "")))
    ):
        end()
        return None
    return PendingLogIn(author, bool(marker.get("remember")), str(marker.get("next", "/")))


def end() -> None:
    session.pop(SESSION_KEY, None)
