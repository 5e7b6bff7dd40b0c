from flask import Blueprint, Response, abort, render_template, url_for
from flask_babel import gettext as _

from blog.cache import cached_page
from blog.extensions import db
from blog.feeds.atom import comments_feed, home_url, posts_feed, tag_id
from blog.feeds.queries import latest_comments, latest_posts
from blog.feeds.sitemap import sitemap_entries
from blog.labels.queries import label_by_name
from blog.models import Post
from blog.posts.links import post_url
from blog.settings import setting
from blog.utils.database import utcnow
from blog.utils.dates import current_zone

bp = Blueprint("feeds", __name__)

ATOM = "application/atom+xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


def _whole_blog_feed():
    return posts_feed(
        latest_posts(utcnow()),
        feed_id=tag_id("posts", "all"),
        title=setting("TITLE"),
        alternate=home_url(),
    )


@bp.get("/feeds/posts.atom")
@cached_page
def posts_atom():
    """The newest posts, whole, as Atom."""
    return Response(_whole_blog_feed().atom_str(pretty=True), content_type=ATOM)


@bp.get("/feeds/posts.rss")
@cached_page
def posts_rss():
    """The newest posts, whole, as RSS 2.0 (same ids as the Atom feed)."""
    return Response(_whole_blog_feed().rss_str(pretty=True), content_type=RSS)


@bp.get("/feeds/label/<path:name>.atom")
@cached_page
def label_atom(name: str):
    """The newest posts with one label, as Atom."""
    label = label_by_name(name)
    if label is None:
        abort(404)
    feed = posts_feed(
        latest_posts(utcnow(), label.name),
        feed_id=tag_id("label", label.id),
        title=_("%(title)s: %(label)s", title=setting("TITLE"), label=label.name),
        alternate=url_for("labels.detail", name=label.name, _external=True),
    )
    return Response(feed.atom_str(pretty=True), content_type=ATOM)


@bp.get("/feeds/comments.atom")
@cached_page
def comments():
    """The newest approved comments on the whole blog."""
    feed = comments_feed(
        latest_comments(utcnow()),
        feed_id=tag_id("comments", "all"),
        title=_("Comments on %(title)s", title=setting("TITLE")),
        alternate=home_url(),
    )
    return Response(feed.atom_str(pretty=True), content_type=ATOM)


@bp.get("/feeds/posts/<int:post_id>/comments.atom")
@cached_page
def post_comments(post_id: int):
    """The approved comments on one post."""
    now = utcnow()
    post = db.session.get(Post, post_id)
    if post is None or not post.is_visible(now):
        abort(404)
    feed = comments_feed(
        latest_comments(now, post),
        feed_id=tag_id("post-comments", post.id),
        title=_("Comments on “%(title)s”", title=post.title),
        alternate=post_url(post, _external=True),
    )
    return Response(feed.atom_str(pretty=True), content_type=ATOM)


@bp.get("/sitemap.xml")
@cached_page
def sitemap():
    """Every published post, archive period and label page, with when each last changed."""
    entries = sitemap_entries(utcnow(), current_zone())
    xml = render_template("feeds/sitemap.xml", entries=entries)
    return Response(xml, content_type="application/xml; charset=utf-8")


@bp.get("/robots.txt")
def robots():
    """Let every crawler in and tell it where the sitemap is; or, when the author asked
    search engines not to index the blog, keep them all out."""
    if setting("NOINDEX"):
        text = "User-agent: *\nDisallow: /\n"
    else:
        text = f"User-agent: *\nAllow: /\n\nSitemap: {url_for('feeds.sitemap', _external=True)}\n"
    return Response(text, content_type="text/plain; charset=utf-8")
