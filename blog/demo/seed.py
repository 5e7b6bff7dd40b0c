"""Fill a fresh blog with the sample essays, comments and pages of ``blog.demo.content``,
in the blog's language when the sample is written in it, else in English."""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from blog.comments.moderation import new_comment
from blog.demo.content import demo_author, demo_language, demo_pages, demo_posts
from blog.extensions import db
from blog.i18n import number
from blog.models import Author, Comment, CommentMode, CommentStatus, Post, PostKind
from blog.posts.publishing import publish, set_content
from blog.settings import setting
from blog.utils.database import utcnow

DEMO_USERNAME = "author"


def seed_demo_blog() -> str:
    """Add the sample posts and comments (uncommitted), in the blog's language (its base
    language: "ar-EG" gets the Arabic sample) or else in English, and say what was added."""
    language = demo_language(setting("LANGUAGE"))
    author = db.session.scalar(sa.select(Author).order_by(Author.id).limit(1))
    created_author = author is None
    if author is None:
        sample_author = demo_author(language)
        author = Author(
            username=DEMO_USERNAME,
            display_name=sample_author.display_name,
            bio=sample_author.bio,
        )
        # Nobody knows this password; `flask set-password author` gives it a real one.
        author.set_password(secrets.token_urlsafe(32))
        db.session.add(author)

    samples = demo_posts(language)
    now = utcnow().replace(second=0, microsecond=0)
    comment_total = 0
    for sample in samples:
        post = Post(author=author)
        db.session.add(post)
        set_content(post, title=sample.title, body=sample.body, label_names=sample.labels)
        publish(post, at=now - timedelta(days=sample.days_ago, hours=3), now=now)
        post.created_at = post.published_at
        db.session.flush()
        by_key: dict[str, Comment] = {}
        for item in sample.comments:
            comment = new_comment(
                post,
                parent=by_key.get(item.reply_to) if item.reply_to else None,
                author=author if item.by_author else None,
                name=item.name,
                website=item.website,
                body=item.body,
                status=CommentStatus.APPROVED,
            )
            comment.created_at = min(
                now, post.published_at + timedelta(minutes=item.minutes_after)
            )
            by_key[item.key] = comment
            comment_total += 1
        db.session.flush()

    pages = demo_pages(language)
    for position, sample in enumerate(pages, start=1):
        page = Post(author=author, kind=PostKind.PAGE, nav_position=position,
                    comment_mode=CommentMode.CLOSED)
        db.session.add(page)
        set_content(page, title=sample.title, body=sample.body, label_names=[],
                    slug=sample.slug)
        publish(page, at=now - timedelta(days=30), now=now)
        page.created_at = page.published_at
    db.session.flush()

    summary = _(
        "Added %(posts)s, %(pages)s and %(comments)s.",
        posts=ngettext("%(shown)s post", "%(shown)s posts", len(samples),
                       shown=number(len(samples))),
        pages=ngettext("%(shown)s page", "%(shown)s pages", len(pages),
                       shown=number(len(pages))),
        comments=ngettext("%(shown)s comment", "%(shown)s comments", comment_total,
                          shown=number(comment_total)),
    )
    if created_author:
        summary += " " + _(
            "They belong to a new author '%(username)s': give it a password with "
            "`flask --app app set-password %(username)s` to log in.",
            username=DEMO_USERNAME,
        )
    return summary
