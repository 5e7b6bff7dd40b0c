from flask import Blueprint, Response, abort, current_app

from blog.database import utcnow
from blog.extensions import db
from blog.feeds.atom import comments_feed, home_url, tag_id
from blog.feeds.queries import latest_comments
from blog.models import Post
from blog.posts.links import post_url

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

ATOM = "application/atom+xml; charset=utf-8"


@bp.get("/comments.atom")
def comments():
    """The newest approved comments on the whole blog."""
    feed = comments_feed(
        latest_comments(utcnow()),
        feed_id=tag_id("comments", "all"),
        title=f"Comments on {current_app.config['TITLE']}",
        alternate=home_url(),
    )
    return Response(feed, content_type=ATOM)


@bp.get("/posts/<int:post_id>/comments.atom")
def post_comments(post_id: int):
    """The approved comments on one post."""
    now = utcnow()
    post = db.session.get(Post, post_id)
    if post is None or not post.is_visible(now):
        abort(404)
    feed = comments_feed(
        latest_comments(now, post),
        feed_id=tag_id("post-comments", post.id),
        title=f"Comments on “{post.title}”",
        alternate=post_url(post, _external=True),
    )
    return Response(feed, content_type=ATOM)
