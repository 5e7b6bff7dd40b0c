"""Readers who want mail, about comments or new posts: double opt-in, news gathered
into one mail, and unsubscribing with one POST.

A commenter who ticks the box, or a reader who follows the blog, gets one confirmation
mail (at most one a day to an address); nothing else goes to the address until its link
is followed. Notices are not queued comment by comment or post by post: each pass of the
sender looks for confirmed subscriptions with news since their last notice (comments
approved, posts published: a scheduled post when its time comes) and mails each of them
one message with all of it, at most every NOTICE_GAP and at most MAX_AN_HOUR to one
address, so a reader following a busy thread gets a digest, not a mail per comment.
"""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from blog.extensions import db
from blog.i18n import number
from blog.mail.language import in_blog_language
from blog.mail.notices import post_thread_id
from blog.mail.outbox import mail_configured, queue_mail
from blog.models import (
    Comment,
    CommentStatus,
    MailState,
    OutboxMessage,
    Post,
    PostKind,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from blog.settings import setting
from blog.utils.database import utcnow
from blog.web.address import blog_address, host_url

CONFIRM_LASTS = timedelta(days=7)
CONFIRMATION_EVERY = timedelta(days=1)  # at most one confirmation mail a day to an address
NOTICE_GAP = timedelta(minutes=20)
MAX_AN_HOUR = 4
NOTICE_SHOWS = 20  # comments quoted in one notice; the rest are counted
REQUESTS_AN_HOUR = 5  # follow requests from one reader's address


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"blog.mail.{purpose}")


def normal_address(address: str) -> str:
    local, _, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def subscribe(comment: Comment, address: str, kind: SubscriptionKind) -> Subscription | None:
    """Note a commenter's wish (uncommitted) and queue the confirmation mail, unless one
    went to this address within a day. None when the blog sends no mail."""
    return _subscribe(address, kind, post=comment.post, comment_id=comment.id)


def follow(address: str, requested_from: str) -> Subscription | None:
    """Note a reader's wish to be mailed each new post ("Follow by e-mail"), as above."""
    return _subscribe(address, SubscriptionKind.POSTS, requested_from=requested_from)


def too_many_requests(requested_from: str) -> bool:
    """Whether this reader's address asked for mail too often in the last hour."""
    since = utcnow() - timedelta(hours=1)
    asked = db.session.scalar(sa.select(sa.func.count(Subscription.id)).where(
        Subscription.requested_from == requested_from, Subscription.created_at > since))
    return asked >= REQUESTS_AN_HOUR


def _subscribe(address: str, kind: SubscriptionKind, *, post=None, comment_id=None,
               requested_from: str = "") -> Subscription | None:
    if not mail_configured():
        return None
    now = utcnow()
    address = normal_address(address)
    subscription = Subscription(
        email=address, kind=kind, post_id=post.id if post else None, comment_id=comment_id,
        notified_upto=now, site_url=host_url(), requested_from=requested_from,
    )
    db.session.add(subscription)
    recently = db.session.scalar(
        sa.select(OutboxMessage.id).where(
            OutboxMessage.recipient == address, OutboxMessage.reason == "confirm",
            OutboxMessage.created_at > now - CONFIRMATION_EVERY).limit(1))
    if recently is None:
        link = url_for("subscriptions.confirm", token=_signer("confirm").dumps(address),
                       _external=True)
        context = {"post": post, "link": link, "kind": kind}
        with in_blog_language():
            queue_mail(address, _("Confirm: mail from %(blog)s", blog=setting("TITLE")),
                       render_template("mail/confirm.txt", **context),
                       render_template("mail/confirm.html", **context), reason="confirm")
    return subscription


def address_to_confirm(token: str) -> str | None:
    try:
        return _signer("confirm").loads(token, max_age=int(CONFIRM_LASTS.total_seconds()))
    except BadSignature:
        return None


def confirm_address(address: str) -> int:
    """Confirm every waiting subscription of ``address`` (uncommitted); how many."""
    waiting = db.session.scalars(sa.select(Subscription).where(
        Subscription.email == address, Subscription.state == SubscriptionState.WAITING)).all()
    now = utcnow()
    for subscription in waiting:
        subscription.state, subscription.confirmed_at = SubscriptionState.CONFIRMED, now
    return len(waiting)


def unsubscribe_token(subscription: Subscription) -> str:
    return _signer("unsubscribe").dumps([subscription.id, subscription.email])


def subscription_for(token: str) -> Subscription | None:
    """The subscription a token names, if it is genuine and still names that address."""
    try:
        subscription_id, address = _signer("unsubscribe").loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    subscription = db.session.get(Subscription, subscription_id) if isinstance(
        subscription_id, int) else None
    return subscription if subscription and subscription.email == address else None


def unsubscribe(subscription: Subscription) -> None:
    subscription.state = SubscriptionState.UNSUBSCRIBED


def queue_reader_notices(now: datetime) -> int:
    """Queue one notice for each confirmed subscription with news (comments approved, or
    posts published, since its last notice) that may hear again now; return how many
    were queued (each committed on its own)."""
    if not mail_configured():
        return 0
    may_hear = sa.and_(
        Subscription.state == SubscriptionState.CONFIRMED,
        sa.or_(Subscription.last_mailed_at.is_(None),
               Subscription.last_mailed_at <= now - NOTICE_GAP),
    )
    comments = db.session.execute(
        sa.select(Subscription, Comment, Comment.approved_at)
        .join(Comment, Comment.post_id == Subscription.post_id)
        .where(
            may_hear,
            Comment.status == CommentStatus.APPROVED,
            Comment.approved_at > Subscription.notified_upto,
            sa.or_(Subscription.comment_id.is_(None), Comment.id != Subscription.comment_id),
            sa.or_(Subscription.kind == SubscriptionKind.POST,
                   Comment.parent_id == Subscription.comment_id),
        )
        .order_by(Subscription.id, Comment.approved_at, Comment.id)
    ).all()
    # A scheduled post is news once its time has come: no job runner needed.
    posts = db.session.execute(
        sa.select(Subscription, Post, Post.published_at)
        .join(Post, Post.published_at > Subscription.notified_upto)
        .where(may_hear, Subscription.kind == SubscriptionKind.POSTS,
               Post.visible_clause(now), Post.kind == PostKind.POST)
        .order_by(Subscription.id, Post.published_at, Post.id)
    ).all()
    news: dict[int, list] = defaultdict(list)
    subscriptions: dict[int, Subscription] = {}
    # What each subscription said when read: a notice is sent only if nobody has
    # changed it since (another process sending the same notice, say).
    seen_upto: dict[int, datetime] = {}
    newest: dict[int, datetime] = {}
    for subscription, item, when in [*comments, *posts]:
        news[subscription.id].append(item)
        subscriptions[subscription.id] = subscription
        seen_upto[subscription.id] = subscription.notified_upto
        newest[subscription.id] = max(when, newest.get(subscription.id, when))
    db.session.rollback()
    queued = 0
    for subscription_id, items in news.items():
        queued += _notify(subscriptions[subscription_id], seen_upto[subscription_id],
                          newest[subscription_id], items, now)
    return queued


def _notify(subscription: Subscription, seen_upto: datetime, newest: datetime,
            items: list, now: datetime) -> int:
    lately = db.session.scalar(sa.select(sa.func.count()).where(
        OutboxMessage.recipient == subscription.email,
        OutboxMessage.created_at > now - timedelta(hours=1),
        OutboxMessage.state != MailState.FAILED))
    if lately >= MAX_AN_HOUR:
        return 0  # they will hear of these, together, in a later pass
    # Only the process whose UPDATE finds the subscription as it read it sends this.
    claimed = db.session.execute(
        sa.update(Subscription)
        .where(Subscription.id == subscription.id, Subscription.notified_upto == seen_upto)
        .values(notified_upto=newest, last_mailed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return 0
    with current_app.test_request_context(base_url=blog_address() or subscription.site_url), \
            in_blog_language():
        unsubscribe_link = url_for("subscriptions.unsubscribe_link",
                                   token=unsubscribe_token(subscription), _external=True)
        if subscription.kind == SubscriptionKind.POSTS:
            subject, template, thread = _new_posts(items), "mail/new_posts", None
            context = {"posts": items, "full": setting("MAIL_POST_CONTENT") == "full"}
        else:
            subject, template = _new_comments(subscription, items), "mail/reader_notice"
            thread = post_thread_id(subscription.post_id)
            context = {"post": subscription.post, "comments": items[:NOTICE_SHOWS],
                       "more": max(0, len(items) - NOTICE_SHOWS),
                       # The first of them, on the comment page that shows it.
                       "read_link": url_for("comments.permalink", comment_id=items[0].id,
                                            _external=True)}
        context |= {"subscription": subscription, "unsubscribe": unsubscribe_link}
        queue_mail(
            subscription.email, subject,
            render_template(f"{template}.txt", **context),
            render_template(f"{template}.html", **context),
            thread_id=thread,
            headers={"List-Unsubscribe": f"<{unsubscribe_link}>",
                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            reason=f"notice {subscription.id}",
        )
    db.session.commit()
    return 1


def _new_comments(subscription: Subscription, comments: list[Comment]) -> str:
    title = subscription.post.title
    if subscription.kind == SubscriptionKind.POST:
        return _("New comments on “%(title)s”", title=title)
    if len(comments) == 1:
        return _("A reply to your comment on “%(title)s”", title=title)
    return ngettext("%(shown)s reply to your comment on “%(title)s”",
                    "%(shown)s replies to your comment on “%(title)s”",
                    len(comments), shown=number(len(comments)), title=title)


def _new_posts(posts: list[Post]) -> str:
    if len(posts) == 1:
        # Translators: a mail's subject: a new post's title, then the blog's.
        return _("%(title)s | %(blog)s", title=posts[0].title, blog=setting("TITLE"))
    return ngettext("%(shown)s new post on %(blog)s", "%(shown)s new posts on %(blog)s",
                    len(posts), shown=number(len(posts)), blog=setting("TITLE"))
