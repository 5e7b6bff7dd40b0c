"""Checking the author's credentials without telling which half was wrong."""

from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import ngettext
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db
from blog.i18n import number
from blog.models import Author


@cache
def _dummy_hash(method: str) -> str:
    """Checked against when the username is unknown, so both failures take as long. Made
    on first use, not at import: a scrypt hash is slow on purpose, and every start-up would
    pay for it."""
    return generate_password_hash("an unused password for timing only", method=method)


def authenticate(username: str, password: str) -> Author | None:
    """The author with these credentials, or None."""
    author = db.session.scalar(sa.select(Author).where(Author.username == username))
    if author is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    return author if author.check_password(password) else None


MIN_PASSWORD_LENGTH = 10


def password_problem(password: str) -> str | None:
    """Why ``password`` will not do for the author, or None if it will."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return ngettext(
            "The password must be at least %(shown)s character long.",
            "The password must be at least %(shown)s characters long.",
            MIN_PASSWORD_LENGTH, shown=number(MIN_PASSWORD_LENGTH),
        )
    return None
