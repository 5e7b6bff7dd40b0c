"""Slowing down password guessing: recent failures from an address or for a username.

Failures are rows in the database, so every server process sees the same count.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template, request

from blog.extensions import db
from blog.models import LoginFailure
from blog.utils.database import utcnow
from blog.web import inputs


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])


def retry_after(address: str, username: str, now: datetime | None = None) -> timedelta | None:
    """How long a refused log-in must wait, or None when a log-in may be tried now."""
    now = now or utcnow()
    since = now - _window()
    limits = [
        (LoginFailure.address == address, current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
        (LoginFailure.username == username, current_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
    ]
    waits = []
    for condition, allowed in limits:
        times = db.session.scalars(
            sa.select(LoginFailure.at)
            .where(condition, LoginFailure.at > since)
            .order_by(LoginFailure.at.desc())
            .limit(allowed)
        ).all()
        if len(times) >= allowed:
            # Allowed again once the oldest of the last `allowed` failures leaves the window.
            waits.append(times[-1] + _window() - now)
    return max(waits) if waits else None


def record_failure(address: str, username: str) -> None:
    """Note a failed log-in, and forget the ones too old to matter."""
    now = utcnow()
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < now - _window()))
    db.session.add(LoginFailure(address=address, username=username[:64], at=now))


def forget_failures(address: str, username: str) -> None:
    """A successful log-in clears the slate for that address and username."""
    db.session.execute(
        sa.delete(LoginFailure).where(
            sa.or_(LoginFailure.address == address, LoginFailure.username == username)
        )
    )


def client_address() -> str:
    return inputs.client_address(request.remote_addr)


def too_many_attempts(wait: timedelta):
    """The 429 page for a paused log-in, saying how long to wait."""
    minutes = max(1, round(wait.total_seconds() / 60))
    page = render_template("auth/too_many.html", minutes=minutes)
    return page, 429, {"Retry-After": str(int(wait.total_seconds()) + 1)}
