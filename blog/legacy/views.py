"""The web links to a moved blog in the old blog's address shapes; each one is answered
with a permanent redirect to the page that replaced it.

Post addresses recorded at import (``/2020/02/some-title.html``, WordPress permalinks,
``/?p=123``) are looked up in LegacyRedirect whenever a page is not found; Blogger's
label, feed and archive shapes have routes of their own below.
"""

from urllib.parse import quote, urlencode

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, request, url_for

from blog.extensions import db
from blog.models import LegacyRedirect, Post
from blog.posts.links import post_url
from blog.utils.database import utcnow
from blog.web.errors import redirect_when_not_found
from blog.web.inputs import has_control_characters

bp = Blueprint("legacy", __name__)


@bp.record_once
def _answer_old_addresses(state) -> None:
    """Any address not found may be an old post address recorded at import."""
    redirect_when_not_found(state.app, legacy_destination)


def legacy_destination() -> str | None:
    """Where an old post address now lives, or None if it is not one we know."""
    candidates = [request.path]
    if request.query_string:
        candidates.insert(0, f"{request.path}?{request.query_string.decode('latin-1')}")
    if any(has_control_characters(candidate) for candidate in candidates):
        return None  # never an imported address, and PostgreSQL refuses a NUL
    post = db.session.scalar(
        sa.select(Post)
        .join(LegacyRedirect, LegacyRedirect.post_id == Post.id)
        .where(LegacyRedirect.path.in_(candidates), Post.visible_clause(utcnow()))
        .limit(1)
    )
    return post_url(post) if post else None


@bp.before_app_request
def old_query_shapes():
    """Blogger's mobile suffix (?m=1) and WordPress's /?p=123 and /?page_id=45 links."""
    if request.method != "GET":
        return None
    if "m" in request.args and request.args["m"] in ("0", "1"):
        rest = [(key, value) for key, value in request.args.items(multi=True) if key != "m"]
        # The path arrives decoded and may hold anything (CR/LF, "\\", a second "/"):
        # encoded again, it can only name a page of this blog.
        path = "/" + quote(request.path.lstrip("/"))
        return redirect(path + (f"?{urlencode(rest)}" if rest else ""), 301)
    if request.path == "/" and any(
        request.args.get(name, "").isdigit() for name in ("p", "page_id")
    ):
        return redirect(legacy_destination() or url_for("posts.index"), 301)
    return None


@bp.get("/search/label/<path:name>")
def blogger_label(name: str):
    return redirect(url_for("labels.detail", name=name), 301)


@bp.get("/feeds/posts/default")
@bp.get("/feeds/posts/summary")
def blogger_posts_feed():
    endpoint = "feeds.posts_rss" if request.args.get("alt") == "rss" else "feeds.posts_atom"
    return redirect(url_for(endpoint), 301)


@bp.get("/feeds/posts/default/-/<path:name>")
def blogger_label_feed(name: str):
    return redirect(url_for("feeds.label_atom", name=name), 301)


@bp.get("/feeds/comments/default")
def blogger_comments_feed():
    return redirect(url_for("feeds.comments"), 301)


@bp.get("/feeds/<int:blogger_id>/comments/default")
def blogger_post_comments_feed(blogger_id: int):
    post = db.session.scalar(
        sa.select(Post).where(Post.source_id.like(f"%.post-{blogger_id}")).limit(1)
    )
    if post is None:
        abort(404)
    return redirect(url_for("feeds.post_comments", post_id=post.id), 301)


@bp.get("/<int(fixed_digits=4):year>_<int(fixed_digits=2):month>_<int(fixed_digits=2):day>_archive.html")
def blogger_archive(year: int, month: int, day: int):
    return redirect(url_for("archive.period", year=year, month=month), 301)
