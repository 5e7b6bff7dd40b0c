"""When this browser last gave the author's password.

Changing the e-mail address or the password asks for a recent log-in: a session whose
password was given more than RECENT_LOGIN_SECONDS ago (or never, as after a "remember
me" cookie brought the author back) must give it again first. The time rides in the
signed session beside Flask-Login's keys.
"""

import time

from flask import current_app, request, session
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE

SESSION_KEY = "_auth_at"


def note_password_given() -> None:
    session[SESSION_KEY] = int(time.time())


def forget() -> None:
    session.pop(SESSION_KEY, None)


def logged_in_recently() -> bool:
    """Whether this session gave the password within RECENT_LOGIN_SECONDS; a session
    that never gave it (or holds a time from the future) has not."""
    given = session.get(SESSION_KEY)
    if not isinstance(given, int) or isinstance(given, bool):
        return False
    age = time.time() - given
    return 0 <= age <= current_app.config["RECENT_LOGIN_SECONDS"]


def window_minutes() -> int:
    """RECENT_LOGIN_SECONDS in whole minutes, at least one, for the pages that say it."""
    return max(1, current_app.config["RECENT_LOGIN_SECONDS"] // 60)


def remembered() -> bool:
    """Whether this browser holds a "remember me" cookie for the author."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE) in request.cookies
