"""The web links to a moved blog in the old blog's address shapes; each one is answered
with a permanent redirect to the page that replaced it.

Post addresses recorded at import (``/2020/02/some-title.html``, WordPress permalinks,
``/?p=123``) are looked up in LegacyRedirect whenever a page is not found; failing that,
an address no route knows that ends like a permalink (``/…/slug/``, ``/…/slug.html``)
finds an imported post by its last segment. Blogger's and WordPress's label, feed,
author and archive shapes have routes of their own below. Every answer is a path of
this blog, made by ``url_for``: nothing here can send a reader to another host.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, request, url_for

from blog.comments.paging import SHOWN, comment_url
from blog.extensions import db
from blog.models import Comment, Label, LegacyRedirect, Post
from blog.posts.links import post_url
from blog.posts.slugs import MAX_SLUG_LENGTH, slugify_text
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
    if post is None and request.url_rule is None:
        post = _imported_post_ending(request.path)
    if post is None:
        return None
    shown = _shown_comment(post, request.args.get("showComment", ""))
    return comment_url(shown) if shown is not None else post_url(post)


def _imported_post_ending(path: str) -> Post | None:
    """An imported post whose slug is the last segment of a permalink-shaped ``path``
    (WordPress's ``/2019/10/05/slug/`` or ``/news/slug/``, Blogger's ``…/slug.html``)."""
    if not path.endswith(("/", ".html")) or path.count("/") > 8:
        return None
    slug = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    if not slug or len(slug) > MAX_SLUG_LENGTH * 2:
        return None
    return db.session.scalar(
        sa.select(Post).where(Post.slug == slug, Post.source_id.is_not(None),
                              Post.visible_clause(utcnow()))
    )


def _shown_comment(post: Post, shown: str) -> Comment | None:
    """The comment Blogger's ``?showComment=<ms>`` names: by its time in milliseconds
    (its own id is in the fragment, which never reaches the server)."""
    if not shown.isdigit() or len(shown) > 13:  # 13 digits reach the year 2286
        return None
    when = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(shown))
    return db.session.scalar(
        sa.select(Comment)
        .where(Comment.post_id == post.id, Comment.created_at == when,
               Comment.status.in_(SHOWN))
        .limit(1)
    )


@bp.before_app_request
def old_query_shapes():
    """Blogger's mobile suffix (?m=1), WordPress's /?p=123 and /?page_id=45 links, and
    its /?cat=5, /?tag=x, /?author=2 and /?feed=rss2."""
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
    if request.path == "/" and request.args.get("feed"):
        return wordpress_feed(request.args["feed"].strip("/"))
    if request.path == "/" and request.args.get("tag"):
        return wordpress_label(request.args["tag"])
    if request.path == "/" and any(
        request.args.get(name, "").isdigit() for name in ("cat", "author")
    ):
        # Categories are known here by name, not by WordPress's number for them.
        return redirect(url_for("posts.index"), 301)
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


@bp.get("/category/<path:name>", strict_slashes=False)
@bp.get("/tag/<path:name>", strict_slashes=False)
def wordpress_label(name: str):
    """WordPress's category and tag pages (``/category/parent/child/``, ``…/page/2/``,
    ``…/feed/``) on the label of the same name, whatever its case or spelling."""
    parts = [part for part in name.split("/") if part]
    feed = bool(parts) and parts[-1] == "feed"
    if feed:
        parts.pop()
    if len(parts) > 2 and parts[-2] == "page" and parts[-1].isdigit():
        del parts[-2:]
    label = _label_like(parts[-1]) if parts else None
    if label is None:
        abort(404)
    endpoint = "feeds.label_atom" if feed else "labels.detail"
    return redirect(url_for(endpoint, name=label), 301)


def _label_like(nicename: str) -> str | None:
    """The name of the label whose slug is ``nicename``'s (WordPress's "middle-east" is
    "Middle East" here), or None."""
    wanted = slugify_text(nicename)
    if not wanted or has_control_characters(nicename):
        return None
    names = db.session.scalars(sa.select(Label.name).order_by(Label.post_count.desc()))
    return next((label for label in names if slugify_text(label) == wanted), None)


@bp.get("/feed/", strict_slashes=False)
@bp.get("/feed/<any(atom, rss, rss2, rdf):kind>/", strict_slashes=False)
def wordpress_feed(kind: str = "atom"):
    """WordPress's feeds (also ``/?feed=rss2`` and ``/?feed=comments-rss2``) on ours."""
    if kind.startswith("comments"):
        return wordpress_comments_feed()
    endpoint = "feeds.posts_atom" if kind == "atom" else "feeds.posts_rss"
    return redirect(url_for(endpoint), 301)


@bp.get("/comments/feed/", strict_slashes=False)
def wordpress_comments_feed():
    return redirect(url_for("feeds.comments"), 301)


@bp.get("/author/<path:name>", strict_slashes=False)
def wordpress_author(name: str):
    """A single-author blog's author page is its home page."""
    return redirect(url_for("posts.index"), 301)
