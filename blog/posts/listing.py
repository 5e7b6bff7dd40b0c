"""One page of posts as the list pages show it: grouped by day, with comment counts."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from blog.comments.queries import comment_counts
from blog.models import Post
from blog.posts.queries import group_by_day
from blog.settings import setting
from blog.utils.dates import current_zone
from blog.web.pagination import Page, paginate


@dataclass
class Listing:
    pagination: Page
    days: list[tuple[date, list[Post]]]
    comment_counts: dict[int, int]


def paginated_listing(select: sa.Select, *, empty_is_404: bool = True) -> Listing:
    """A page of visible posts as readers see it (see ``paginate`` for the 404s)."""
    pagination = paginate(
        select, per_page=setting("POSTS_PER_PAGE"), empty_is_404=empty_is_404
    )
    posts = pagination.items
    return Listing(
        pagination=pagination,
        days=group_by_day(posts, current_zone()),
        comment_counts=comment_counts(post.id for post in posts),
    )
