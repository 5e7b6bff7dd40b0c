"""Building Atom and RSS documents with feedgen; the ids stay the same whatever changes.

An entry's id is a tag URI (RFC 4151) made of the blog's host and the row's id, never
its address, so a post whose slug changes, or a comment edited by moderation, is not
shown to feed readers as something new.
"""

from collections.abc import Iterable
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app, request, url_for
from flask_babel import gettext as _
from markupsafe import escape

from blog.models import Comment, Post
from blog.posts.links import post_url
from blog.settings import setting
from blog.utils.database import utcnow
from blog.web.address import absolute_urls, host_name, host_url

TAG_DATE = "2026"  # the year this blog engine began minting ids; never change it


def tag_id(kind: str, number: int | str) -> str:
    host = current_app.config.get("FEED_ID_HOST") or host_name(host_url())
    return f"tag:{host},{TAG_DATE}:{kind}/{number}"


def self_url() -> str:
    """The feed's own address, without whatever query the reader's link carried (it
    might hold characters XML cannot)."""
    return url_for(request.endpoint, **(request.view_args or {}), _external=True)


def new_feed(*, feed_id: str, title: str, alternate: str, updated: datetime | None):
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(setting("DESCRIPTION"))
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.link(href=self_url(), rel="self", type="application/atom+xml")
    feed.language(setting("LANGUAGE"))
    feed.updated(updated or utcnow())
    feed.generator("blog")
    return feed


def comments_feed(
    comments: Iterable[Comment], *, feed_id: str, title: str, alternate: str
) -> FeedGenerator:
    """A feed of approved comments, newest first."""
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
        entry.title(_("%(name)s on “%(title)s”", name=comment.display_name,
                      title=comment.post.title))
        entry.link(href=post_url(comment.post, _anchor=f"c{comment.id}", _external=True))
        entry.author({"name": comment.display_name})
        entry.content(comment.body_html, type="html")
        entry.published(comment.created_at)
        entry.updated(comment.created_at)
    return feed


def home_url() -> str:
    return url_for("posts.index", _external=True)


def _summary_html(post: Post, url: str) -> str:
    """The opening (up to the author's "Read more" break, else the plain excerpt) and a
    link to the whole post: what a feed carries when the blog sends summaries."""
    opening = absolute_urls(post.summary_html) if post.summary_html else (
        f"<p>{escape(post.excerpt)}</p>" if post.excerpt else "")
    read = escape(_("Read the whole post"))
    return f'{opening}<p><a href="{escape(url)}">{read}</a></p>'


def posts_feed(
    posts: list[Post], *, feed_id: str, title: str, alternate: str
) -> FeedGenerator:
    """A feed of whole posts (their sanitised HTML), newest first; Atom or RSS."""
    feed = new_feed(
        feed_id=feed_id,
        title=title,
        alternate=alternate,
        updated=max((post.updated_at for post in posts), default=None),
    )
    feed.description(setting("DESCRIPTION"))
    for post in posts:
        url = post_url(post, _external=True)
        entry = feed.add_entry(order="append")
        entry.id(tag_id("post", post.id))
        entry.guid(tag_id("post", post.id), permalink=False)
        entry.title(post.title)
        entry.link(href=url)
        entry.author({"name": post.author.display_name})
        entry.published(post.published_at)
        # An edit moves "updated" on; the id stays, so readers see a change, not a new post.
        entry.updated(max(post.updated_at, post.published_at))
        if setting("FEED_CONTENT") == "summary":
            entry.summary(_summary_html(post, url), type="html")
        else:
            if post.excerpt:
                # RSS readers read <description> as HTML: the plain excerpt goes in
                # escaped, so an essay quoting "<script>" shows it and runs nothing.
                entry.summary(str(escape(post.excerpt)), type="html")
            entry.content(absolute_urls(post.body_html), type="html")
        for label in post.labels:
            entry.category(term=label.name)
    return feed
