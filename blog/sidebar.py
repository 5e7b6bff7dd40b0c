"""What the sidebar shows on every page: the author, the blog archive, the labels."""

from functools import cache

import sqlalchemy as sa

from blog.database import utcnow
from blog.dates import current_zone
from blog.extensions import db
from blog.labels.queries import label_counts
from blog.models import Author
from blog.posts.queries import archive_counts


def sidebar_context() -> dict:
    """Template helpers; each one queries only when a template asks for it."""

    @cache
    def sidebar() -> dict:
        now = utcnow()
        return {
            "author": db.session.scalar(sa.select(Author).order_by(Author.id).limit(1)),
            "archive": archive_counts(now, current_zone()),
            "labels": label_counts(now),
        }

    return {"sidebar": sidebar}
