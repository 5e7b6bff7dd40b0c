"""One page of posts as the list pages show it: grouped by day, with comment counts."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import abort, current_app, request
from flask_sqlalchemy.pagination import Pagination

from blog.dates import current_zone
from blog.extensions import db
from blog.models import Post
from blog.posts.queries import comment_counts, group_by_day


@dataclass
class Listing:
    pagination: Pagination
    days: list[tuple[date, list[Post]]]
    comment_counts: dict[int, int]


# Far past any real blog's last page, and well inside every database's integers.
MAX_PAGE = 1_000_000


def requested_page() -> int:
    """The ``?page=`` number; anything but a whole number from 1 to MAX_PAGE is a 404."""
    raw = request.args.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)


def paginate(
    select: sa.Select, *, per_page: int | None = None, empty_is_404: bool = True
) -> Pagination:
    """The page named by ``?page=`` of ``select``.

    :raise 404: for a page past the end, a page number that is not one, or, unless
        ``empty_is_404`` is false, a list with nothing in it at all.
    """
    pagination = db.paginate(
        select,
        page=requested_page(),
        per_page=per_page or current_app.config["POSTS_PER_PAGE"],
        error_out=True,
    )
    if empty_is_404 and not pagination.items:
        abort(404)
    return pagination


def paginated_listing(select: sa.Select, *, empty_is_404: bool = True) -> Listing:
    """A page of visible posts as readers see it (see ``paginate`` for the 404s)."""
    pagination = paginate(select, empty_is_404=empty_is_404)
    posts = pagination.items
    return Listing(
        pagination=pagination,
        days=group_by_day(posts, current_zone()),
        comment_counts=comment_counts(post.id for post in posts),
    )
