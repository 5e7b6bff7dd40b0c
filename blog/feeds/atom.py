"""Building Atom documents with feedgen; the ids stay the same whatever changes.

An entry's id is a tag URI (RFC 4151) made of the blog's host and the row's id, never
its address, so a post whose slug changes, or a comment edited by moderation, is not
shown to feed readers as something new.
"""

from collections.abc import Iterable
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app, request, url_for

from blog.database import utcnow
from blog.models import Comment
from blog.posts.links import post_url

TAG_DATE = "2026"  # the year this blog engine began minting ids; never change it


def tag_id(kind: str, number: int | str) -> str:
    host = current_app.config.get("FEED_ID_HOST") or request.host.split(":")[0]
    return f"tag:{host},{TAG_DATE}:{kind}/{number}"


def new_feed(*, feed_id: str, title: str, alternate: str, updated: datetime | None):
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(current_app.config["DESCRIPTION"])
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.link(href=request.url, rel="self", type="application/atom+xml")
    feed.language(current_app.config["LANGUAGE"])
    feed.updated(updated or utcnow())
    feed.generator("blog")
    return feed


def comments_feed(
    comments: Iterable[Comment], *, feed_id: str, title: str, alternate: str
) -> bytes:
    """An Atom feed of approved comments, newest first."""
    comments = list(comments)
    feed = new_feed(
        feed_id=feed_id,
        title=title,
        alternate=alternate,
        updated=max((c.created_at for c in comments), default=None),
    )
    for comment in comments:
        entry = feed.add_entry(order="append")
        entry.id(tag_id("comment", comment.id))
        entry.title(f"{comment.display_name} on “{comment.post.title}”")
        entry.link(href=post_url(comment.post, _anchor=f"c{comment.id}", _external=True))
        entry.author({"name": comment.display_name})
        entry.content(comment.body_html, type="html")
        entry.published(comment.created_at)
        entry.updated(comment.created_at)
    return feed.atom_str(pretty=True)


def home_url() -> str:
    return url_for("posts.index", _external=True)
