"""What the blog mails to its author: a comment waiting for approval (and, if the author
asks, every published comment), with links that lead, after logging in, to a page that
asks before it changes anything."""

from contextlib import nullcontext
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from babel.dates import format_skeleton
from flask import current_app, has_request_context, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from blog.extensions import db
from blog.i18n import number
from blog.i18n.formatting import numbering_system, with_digits
from blog.mail.language import in_authors_language
from blog.mail.outbox import blog_domain, mail_configured, queue_mail
from blog.models import Author, Comment, CommentStatus, OutboxMessage, Subscription
from blog.posts.links import post_url
from blog.settings import setting
from blog.utils.dates import current_zone
from blog.web.address import blog_address

# Where app.extensions keeps the blog's address as this process last saw it asked for.
SITE_URL = "blog.mail.site_url"
# Translators: links in the author's mail about a comment that waits for approval.
ACTIONS = (("approve", _l("Approve")), ("spam", _l("Mark as spam")), ("delete", _l("Delete")))


def post_thread_id(post_id: int) -> str:
    """The Message-ID every notice about one post answers, so a mail client keeps them
    in one thread."""
    return f"<post-{post_id}@{blog_domain()}>"


def notify_author_of_comment(comment: Comment) -> None:
    """Queue the author's notice of ``comment`` (uncommitted), if there is one to send: a
    comment held for approval always, a published one if the author asked for those;
    spam, the author's own comments, and an author without an e-mail address never."""
    if not mail_configured() or comment.author_id is not None \
            or setting("MAIL_COMMENT_DIGEST"):
        return  # (with the digest on, the day's comments go out together)
    held = comment.status == CommentStatus.PENDING
    if not (held or (comment.status == CommentStatus.APPROVED
                     and setting("MAIL_EVERY_COMMENT"))):
        return
    author = _the_author()
    if author is None or not author.email:
        return
    post = comment.post
    links = [(label, url_for("comments.confirm", comment_id=comment.id, action=action,
                             _external=True)) for action, label in ACTIONS if held]
    with in_authors_language(author):
        context = {
            "comment": comment, "post": post, "held": held, "links": links,
            "name": comment.name.strip() or _("Anonymous"),
            # A published comment's lasting address (it finds the comment's page when
            # followed); a held one is not on the post yet.
            "post_link": post_url(post, _external=True) if held else url_for(
                "comments.permalink", comment_id=comment.id, _external=True),
            "moderation": url_for("comments.moderate", _external=True),
        }
        if held:
            subject = _("A comment on “%(title)s” waits for your approval", title=post.title)
        else:
            subject = _("A comment on “%(title)s” was published", title=post.title)
        queue_mail(
            author.email,
            subject,
            render_template("mail/comment_notice.txt", **context),
            render_template("mail/comment_notice.html", **context),
            thread_id=post_thread_id(post.id),
            reason=f"{'held' if held else 'new'} comment {comment.id}",
        )


def queue_author_digest(now: datetime) -> bool:
    """With the digest on: queue yesterday's-and-today's comments for the author in one
    mail, once a day (in the blog's time zone); True if one was queued. Two processes
    making it at once make the same Message-ID, and the outbox keeps only one."""
    if not (mail_configured() and setting("MAIL_COMMENT_DIGEST")):
        return False
    author = _the_author()
    if author is None or not author.email:
        return False
    address = author.email
    today = now.astimezone(current_zone()).date()
    last = db.session.scalar(sa.select(sa.func.max(OutboxMessage.created_at)).where(
        OutboxMessage.reason == "digest"))
    if last is not None and last.astimezone(current_zone()).date() == today:
        return False
    since = last or now - timedelta(days=1)
    wanted = [CommentStatus.PENDING]
    if setting("MAIL_EVERY_COMMENT"):
        wanted.append(CommentStatus.APPROVED)
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.created_at > since, Comment.status.in_(wanted),
                                 Comment.author_id.is_(None))
        .order_by(Comment.created_at)).all()
    if not comments:
        db.session.rollback()
        return False
    with _links_context(), in_authors_language(author):
        context = {"comments": comments, "day": today,
                   "moderation": url_for("comments.moderate", _external=True)}
        subject = ngettext(
            "%(shown)s comment on %(blog)s, %(day)s", "%(shown)s comments on %(blog)s, %(day)s",
            len(comments), shown=number(len(comments)), blog=setting("TITLE"),
            day=_day_and_month(today),
        )
        row = queue_mail(
            address, subject,
            render_template("mail/comment_digest.txt", **context),
            render_template("mail/comment_digest.html", **context),
            reason="digest")
        row.message_id = f"<digest-{today.isoformat()}@{blog_domain()}>"
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()  # another process queued today's digest first
        return False
    return True


def _the_author() -> Author | None:
    return db.session.scalar(sa.select(Author).order_by(Author.id).limit(1))


def _day_and_month(day: date) -> str:
    """"February 1", "1. Februar", "1 فبراير": a day of this year, in the mail's language."""
    locale = get_locale()
    return with_digits(format_skeleton("MMMMd", day, locale=locale), numbering_system(locale))


def _links_context():
    """Where links in mail made outside a request point: the blog's address; left open,
    the address this process last served the blog at, else one a reader subscribed at."""
    if has_request_context():
        return nullcontext()  # url_for makes them from the blog's address, if it has one
    site = blog_address() or current_app.extensions.get(SITE_URL) or db.session.scalar(
        sa.select(Subscription.site_url).order_by(Subscription.id.desc()).limit(1))
    return current_app.test_request_context(base_url=site or "http://localhost/")
