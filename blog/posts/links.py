"""Where a post lives: its permalink /YYYY/MM/slug, dated in the blog's time zone; and
where a page lives: /p/slug."""

from flask import url_for

from blog.models import Post
from blog.utils.dates import current_zone


def permalink_parts(post: Post) -> tuple[int, int, str]:
    local = post.published_at.astimezone(current_zone())
    return local.year, local.month, post.slug


def post_url(post: Post, **kwargs) -> str:
    """The post's (or page's) canonical address (extra arguments go to ``url_for``)."""
    if post.is_page:
        return url_for("pages.detail", slug=post.slug, **kwargs)
    year, month, slug = permalink_parts(post)
    return url_for("posts.detail", year=year, month=month, slug=slug, **kwargs)
