"""The author's log-ins, one row each, so that any of them can be ended.

A log-in's random id rides in the signed session and the "remember me" cookie (it is the
id Flask-Login keeps for the author); the database keeps only its SHA-256 digest. The
user_loader (blog.models.load_author) lets a browser in only while its row lives, so
logging out, "Log out" on the account's list of log-ins, or a password change ends a log-in
for every copy of its cookies. A log-in expires REMEMBER_COOKIE_DURATION after it was made.
"""

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE

from blog.auth import devices, recent
from blog.auth.throttle import client_address
from blog.extensions import db
from blog.models import Author, LoginSession
from blog.utils.database import utcnow
from blog.web.saving import WRITE_FAILURES

# "Last seen" is a guide, not a log: written at most this often, not on every request.
SEEN_EVERY = timedelta(minutes=1)

_MAX_AGENT = 512  # a longer User-Agent is cut before it is read
_BROWSERS = [  # the first that matches names the browser: Edge and Opera say "Chrome" too
    ("Edge", r"\bEdgi?(?:A|OS)?/"), ("Opera", r"\bOPR/|\bOpera\b"),
    ("Samsung Internet", r"\bSamsungBrowser/"), ("Firefox", r"\bFirefox/|\bFxiOS/"),
    ("Vivaldi", r"\bVivaldi/"), ("Chrome", r"\bChrome/|\bCriOS/|\bChromium/"),
    ("Safari", r"\bVersion/[\d.]+.*\bSafari/"),
]
_SYSTEMS = [  # Android and ChromeOS say "Linux", iPhones say "like Mac OS X"
    ("Android", r"\bAndroid\b"), ("iOS", r"\biPhone|\biPod"), ("iPadOS", r"\biPad\b"),
    ("ChromeOS", r"\bCrOS\b"), ("Windows", r"\bWindows\b"), ("macOS", r"\bMac OS X\b"),
    ("Linux", r"\bLinux\b|\bX11\b"),
]


def describe_device(user_agent: str) -> str:
    """A browser and system named from a User-Agent, like "Firefox on Linux"; "Unknown
    browser" when it names neither."""
    agent = user_agent[:_MAX_AGENT]
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, agent)), None)
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "Unknown browser")


def device_in_words(described: str) -> str:
    """A stored ``describe_device`` (kept in English, as the log-in found it) in the
    page's language: "Firefox on Linux" is "Firefox unter Linux" in German."""
    browser, on, system = described.partition(" on ")
    if described == "Unknown browser":
        return _("Unknown browser")
    if on and browser == "A browser":
        return _("A browser on %(system)s", system=system)
    if on:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return described


def start(author: Author, remember: bool) -> None:
    """Record a new log-in for this browser (uncommitted: the view commits it, then calls
    ``log_in``), and forget the log-ins that have expired."""
    now = utcnow()
    db.session.execute(sa.delete(LoginSession).where(LoginSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    login = LoginSession(
        author=author,
        digest=LoginSession.digest_of(token),
        created_at=now,
        last_seen=now,
        expires_at=now + _lifetime(),
        device=describe_device(request.headers.get("User-Agent", "")),
        address=client_address(),
        remember=bool(remember),
    )
    db.session.add(login)
    author.current_login, author.login_token = login, token


def log_in(author: Author, remember: bool = False) -> None:
    """Log this browser in with the log-in ``start`` recorded, after the password (and
    code) were right: the session, "remember me", and a new device cookie."""
    login_user(author, remember=remember)
    recent.note_password_given()
    devices.trust_this_browser(author.username)


def log_out(author: Author) -> None:
    """End this browser's log-in (uncommitted), wherever its cookies have been copied."""
    # By id, not the loaded row: another browser may have ended it a moment ago.
    db.session.execute(sa.delete(LoginSession).where(LoginSession.id == author.current_login.id))


def active(author: Author) -> list[LoginSession]:
    """The author's log-ins that have not expired, the most recently seen first."""
    return db.session.scalars(
        sa.select(LoginSession)
        .where(LoginSession.author_id == author.id, LoginSession.expires_at > utcnow())
        .order_by(LoginSession.last_seen.desc(), LoginSession.id.desc())
    ).all()


def is_this_browser(author: Author, login: LoginSession) -> bool:
    return author.current_login is not None and login.id == author.current_login.id


def end(author: Author, login_id: int) -> LoginSession | None:
    """End one of the author's log-ins (uncommitted); the one ended, or None if there was
    no such log-in."""
    login = db.session.scalar(sa.select(LoginSession).where(
        LoginSession.id == login_id, LoginSession.author_id == author.id
    ))
    if login is not None:
        db.session.delete(login)
    return login


def note_seen() -> None:
    """Note when and from where the author's log-in was last used, at most once every
    SEEN_EVERY. A database that will not write just leaves the old time."""
    if not _carries_a_log_in() or not current_user.is_authenticated:
        return
    login, now = current_user.current_login, utcnow()
    if now - login.last_seen < SEEN_EVERY:
        return
    login.last_seen, login.address = now, client_address()
    try:
        db.session.commit()
    except WRITE_FAILURES:
        db.session.rollback()


def _carries_a_log_in() -> bool:
    """Whether the request has a log-in to check, judged without loading anyone (so a
    reader's request costs nothing)."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE)
    return "_user_id" in session or remember in request.cookies


def _lifetime() -> timedelta:
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)
