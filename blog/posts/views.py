import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template

from blog.caching import conditional
from blog.comments.section import comment_section
from blog.database import utcnow
from blog.dates import meaningfully_later
from blog.extensions import db
from blog.models import Author, CommentStatus, Post
from blog.posts.links import permalink_parts, post_url
from blog.posts.listing import paginated_listing
from blog.posts.queries import (
    find_visible_post,
    posts_around,
    shown_comments,
    thread_comments,
    visible_posts,
)

bp = Blueprint("posts", __name__)


@bp.get("/")
@conditional
def index():
    """Show the newest published posts, ten a page, under their date headers."""
    listing = paginated_listing(visible_posts(utcnow()), empty_is_404=False)
    # Only an empty blog needs to know whether it has an author yet.
    has_author = bool(listing.pagination.items) or (
        db.session.scalar(sa.select(Author.id).limit(1)) is not None
    )
    return render_template("posts/index.html", listing=listing, has_author=has_author)


@bp.get("/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/<slug>")
@conditional
def detail(year: int, month: int, slug: str):
    """Show one post with its comments; send old or misdated addresses on (301)."""
    post = find_visible_post(slug, utcnow())
    if post is None:
        abort(404)
    if (year, month, slug) != permalink_parts(post):
        return redirect(post_url(post), 301)
    return render_post_page(post)


def render_post_page(post: Post, comment_form=None, status: int = 200):
    """The post's page; the comments blueprint passes back a form that needs fixing."""
    around = posts_around(post, utcnow())
    comments = shown_comments(post)
    page = render_template(
        "posts/detail.html",
        post=post,
        show_updated=meaningfully_later(post.published_at, post.updated_at),
        comment_total=sum(c.status == CommentStatus.APPROVED for c in comments),
        threads=thread_comments(comments),
        comments=comment_section(post, comment_form),
        newer=around.newer,
        older=around.older,
        latest=around.latest,
    )
    return page, status
