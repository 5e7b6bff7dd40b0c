"""Checking the author's credentials without telling which half was wrong."""

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db
from blog.models import Author

# Checked against when the username is unknown, so both failures take as long.
_DUMMY_HASH = generate_password_hash("an unused password for timing only")


def authenticate(username: str, password: str) -> Author | None:
    """The author with these credentials, or None."""
    author = db.session.scalar(sa.select(Author).where(Author.username == username))
    if author is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return author if author.check_password(password) else None
