from flask import Blueprint, abort, render_template

from blog.archive.sidebar import sidebar_context
from blog.cache import cached_page
from blog.models import Post
from blog.posts.listing import paginated_listing
from blog.posts.queries import visible_posts
from blog.utils.database import utcnow
from blog.utils.dates import current_zone, period_bounds

bp = Blueprint("archive", __name__)
# The sidebar (the author, the blog archive, the labels) is on every page.
bp.app_context_processor(sidebar_context)


@bp.get("/<int(fixed_digits=4):year>/", defaults={"month": None})
@bp.get("/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/")
@cached_page
def period(year: int, month: int | None):
    """List the posts of one year or one month; a period without posts is a 404."""
    try:
        start, end = period_bounds(current_zone(), year, month)
    except (ValueError, OverflowError):
        abort(404)  # not on the calendar, or past its ends in the blog's time zone
    posts = visible_posts(utcnow()).where(
        Post.published_at >= start, Post.published_at < end
    )
    return render_template(
        "archive/period.html", listing=paginated_listing(posts), year=year, month=month
    )
