"""Pages of a list, told apart without counting the whole list.

Asking for one row more than a page holds says whether there is a next page, so a list
page costs one query however long the blog's history grows (no COUNT over every post).
"""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort, request

from blog.extensions import db
from blog.web.inputs import whole_number

# Far past any real blog's last page, and well inside every database's integers.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    has_next: bool
    total: int | None = None  # only where a list says how long it is (search)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def requested_page() -> int:
    """The ``?page=`` number; anything but a whole number from 1 to MAX_PAGE is a 404."""
    page = whole_number(request.args.get("page", "1"), maximum=MAX_PAGE)
    if page is None:
        abort(404)
    return page


def paginate(select: sa.Select, *, per_page: int, empty_is_404: bool = True) -> Page:
    """The page named by ``?page=`` of ``select``.

    :raise 404: for a page past the end, a page number that is not one, or, unless
        ``empty_is_404`` is false, a list with nothing in it at all.
    """
    page = requested_page()
    rows = db.session.scalars(select.limit(per_page + 1).offset((page - 1) * per_page)).all()
    if not rows and (page > 1 or empty_is_404):
        abort(404)
    return Page(items=list(rows[:per_page]), page=page, per_page=per_page,
                has_next=len(rows) > per_page)
