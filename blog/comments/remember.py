"""The "remember my name and website" cookie, signed so nobody can forge its token."""

import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "commenter"
ONE_YEAR = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="commenter-cookie")


def remembered_commenter() -> dict:
    """{"name", "website", "token"} from this browser's cookie, or {} without one."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return {}
    try:
        value = _serializer().loads(raw)
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def commenter_token() -> str:
    """The remembered commenter's token, or a new one for a commenter who agrees to a cookie."""
    return remembered_commenter().get("token") or secrets.token_urlsafe(16)


def remember(response: Response, name: str, website: str, token: str) -> None:
    value = _serializer().dumps({"name": name, "website": website, "token": token})
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


def forget(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME)
