"""The one-time setup code: only the person who runs the server sees it, so nobody else
on the network can claim a fresh blog first.

There is one code per blog, kept in the database so that every worker and every host
accepts the same one, and printed (and logged) with the address to open. It is deleted
in the transaction that creates the author, which is also how two people sending the
form at once are told apart: only one of them gets to delete it.
"""

import hmac
import logging
import secrets

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _

from blog.extensions import db
from blog.models import Author, SetupCode

logger = logging.getLogger("blog.setup")

CODE_BYTES = 24  # 192 random bits, written in 32 URL-safe characters


def has_author() -> bool:
    return db.session.scalar(sa.select(Author.id).limit(1)) is not None


def setup_code() -> str:
    """This blog's setup code, made on first use (uncommitted: the caller commits)."""
    row = db.session.get(SetupCode, 1)
    if row is None:
        row = SetupCode(id=1, code=secrets.token_urlsafe(CODE_BYTES))
        db.session.add(row)
    return row.code


def keep_setup_code() -> str:
    """``setup_code()``, committed; when two processes make one at once, the first
    stored wins and both print it."""
    code = setup_code()
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        code = setup_code()
    return code


def is_setup_code(given: str | None) -> bool:
    """Whether ``given`` is the blog's setup code and the blog still needs one."""
    row = db.session.get(SetupCode, 1)
    if row is None or not given or has_author():
        return False
    return hmac.compare_digest(row.code.encode(), given.encode())


def claim_setup_code(given: str) -> bool:
    """Use the code up (uncommitted): True for exactly one of any requests that send it,
    however close together."""
    used = db.session.execute(
        sa.delete(SetupCode).where(SetupCode.id == 1, SetupCode.code == given)
    )
    return used.rowcount == 1


def setup_line(base_url: str, code: str) -> str:
    """The line the server prints (and the set-up page quotes): where to set the blog up."""
    return _("Set up the blog at %(address)s",
             address=f"{base_url.rstrip('/')}/setup?code={code}")


def announce(base_url: str) -> str | None:
    """Print and log the setup address when the blog has no author yet; return the line."""
    if has_author():
        db.session.rollback()
        return None
    line = setup_line(base_url, keep_setup_code())
    logger.warning("%s", line)
    return line


def announce_at_start(app: Flask, bind: str) -> None:
    """For the server's start-up: the address it listens on, and the code."""
    host = bind.split(",")[0].strip()
    base = host if "://" in host else f"http://{host}"
    with app.app_context():
        announce(base)
        db.session.remove()
