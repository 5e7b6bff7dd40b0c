import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template

from blog.cache import cached_page
from blog.extensions import db
from blog.models import Author
from blog.posts.links import permalink_parts, post_url
from blog.posts.listing import paginated_listing
from blog.posts.page import render_post_page
from blog.posts.queries import find_visible_post, visible_posts
from blog.posts.structured_data import blog_posting, first_image, og_locale
from blog.utils.database import utcnow

bp = Blueprint("posts", __name__)
# Every page links posts, and post pages describe themselves to search engines.
bp.add_app_template_global(post_url)
bp.add_app_template_global(first_image)
bp.add_app_template_global(blog_posting)
bp.add_app_template_global(og_locale)


@bp.get("/")
@cached_page
def index():
    """Show the newest published posts, ten a page, under their date headers."""
    listing = paginated_listing(visible_posts(utcnow()), empty_is_404=False)
    # Only an empty blog needs to know whether it has an author yet.
    has_author = bool(listing.pagination.items) or (
        db.session.scalar(sa.select(Author.id).limit(1)) is not None
    )
    return render_template("posts/index.html", listing=listing, has_author=has_author)


@bp.get("/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/<slug>")
@cached_page
def detail(year: int, month: int, slug: str):
    """Show one post with its comments; send old or misdated addresses on (301)."""
    post = find_visible_post(slug, utcnow())
    if post is None:
        abort(404)
    if (year, month, slug) != permalink_parts(post):
        return redirect(post_url(post), 301)
    return render_post_page(post)
