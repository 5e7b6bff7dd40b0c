"""Slowing down password guessing: recent failures from an address, for a username, or
from a browser the author has logged in with.

Each attempt is paused by the failures from its address, and then either by the
failures of its own known browser (``device``, the id of a valid device cookie for the
username: blog.auth.devices) or, from any other browser, by the username's failures from
browsers like it. So guesses from anywhere pause every unknown browser, but never the
author's own, whose own failures still pause it. Failures are rows in the database, so
every server process sees the same count.
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


def retry_after(
    address: str, username: str, device: str | None = None, now: datetime | None = None
) -> timedelta | None:
    """How long a refused log-in must wait, or None when a log-in may be tried now."""
    now = now or utcnow()
    since = now - _window()
    config = current_app.config
    limits = [(LoginFailure.address == address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"])]
    if device is None:
        unknown_browser = sa.and_(LoginFailure.username == username, LoginFailure.device.is_(None))
        limits.append((unknown_browser, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]))
    else:
        limits.append((LoginFailure.device == device, config["LOGIN_MAX_FAILURES_PER_DEVICE"]))
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


def record_failure(address: str, username: str, device: str | None = None) -> None:
    """Note a failed log-in, and forget the ones too old to matter."""
    now = utcnow()
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at <= now - _window()))
    db.session.add(LoginFailure(address=address, username=username[:64], device=device, at=now))


def forget_failures(address: str, device: str | None = None) -> None:
    """A successful log-in clears the slate for its address and its browser. Guesses
    made elsewhere still count for the browsers the author has not logged in with."""
    mine = LoginFailure.address == address
    if device is not None:
        mine = sa.or_(mine, LoginFailure.device == device)
    db.session.execute(sa.delete(LoginFailure).where(mine))


def client_address() -> str:
    return inputs.client_address(request.remote_addr)


def too_many_attempts(wait: timedelta):
    """The 429 page for a paused log-in, saying how long to wait."""
    minutes = max(1, round(wait.total_seconds() / 60))
    page = render_template("auth/too_many.html", minutes=minutes)
    return page, 429, {"Retry-After": str(int(wait.total_seconds()) + 1)}
