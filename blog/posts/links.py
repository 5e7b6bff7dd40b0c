"""Where a post lives: its permalink /YYYY/MM/slug, dated in the blog's time zone."""

from flask import url_for

from blog.models import Post
from blog.utils.dates import current_zone


def permalink_parts(post: Post) -> tuple[int, int, str]:
    local = post.published_at.astimezone(current_zone())
    return local.year, local.month, post.slug


def post_url(post: Post, **kwargs) -> str:
    """The post's canonical address (extra arguments go to ``url_for``)."""
    year, month, slug = permalink_parts(post)
    return url_for("posts.detail", year=year, month=month, slug=slug, **kwargs)
