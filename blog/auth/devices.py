"""Browsers the author has logged in with, so that guessing elsewhere locks them out.

OWASP's "Slow Down Online Guessing Attacks with Device Cookies": a browser that logs in
gets a long-lived cookie naming the account and a random id, signed with the secret key
under a purpose of its own. Wrong passwords sent with a valid one count against that
browser alone (blog.auth.throttle), so a stranger's guesses pause only the browsers
without one, and the author's own browser still logs in. The cookie is made anew, with a
new id, at every log-in.
"""

import secrets
from datetime import timedelta

from flask import Response, after_this_request, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

COOKIE_NAME = "known_device"
_PURPOSE = "blog.auth.devices"
_LONGEST_COOKIE = 200  # characters; a real one is about 90


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_PURPOSE)


def _lifetime() -> timedelta:
    return timedelta(seconds=current_app.config["DEVICE_COOKIE_SECONDS"])


def known_device(username: str) -> str | None:
    """This browser's id for ``username``: the random id of a valid device cookie that
    names that account, or None for a browser that is unknown (or whose cookie is
    forged, expired, or made for another account)."""
    value = request.cookies.get(COOKIE_NAME, "")
    if not value or len(value) > _LONGEST_COOKIE:
        return None
    try:
        named, device = _serializer().loads(value, max_age=_lifetime().total_seconds())
    except (BadData, TypeError, ValueError):
        return None
    if not (isinstance(named, str) and isinstance(device, str)) or named != username:
        return None
    return device


def trust_this_browser(username: str) -> None:
    """Give this browser a new device cookie for ``username`` with the response."""
    value = _serializer().dumps([username, secrets.token_urlsafe(16)])
    config = current_app.config

    @after_this_request
    def _set_cookie(response: Response) -> Response:
        response.set_cookie(
            COOKIE_NAME, value, max_age=_lifetime(), httponly=True, samesite="Lax",
            secure=config["SESSION_COOKIE_SECURE"],
        )
        return response
