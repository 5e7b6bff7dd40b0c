"""Readers who want mail about comments: double opt-in, notices gathered into one mail,
and unsubscribing with one POST.

A commenter who ticks the box gets one confirmation mail (at most one a day to an
address); nothing else goes to the address until its link is followed. Notices are not
queued comment by comment: each pass of the sender looks for confirmed subscriptions
with comments approved since their last notice, and mails each of them one message with
all of those, at most every NOTICE_GAP and at most MAX_AN_HOUR to one address, so a
reader following a busy thread gets a digest, not a mail per comment.
"""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from blog.extensions import db
from blog.mail.notices import post_thread_id
from blog.mail.outbox import mail_configured, queue_mail
from blog.models import (
    Comment,
    CommentStatus,
    MailState,
    OutboxMessage,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from blog.posts.links import post_url
from blog.settings import setting
from blog.utils.database import utcnow

CONFIRM_LASTS = timedelta(days=7)
CONFIRMATION_EVERY = timedelta(days=1)  # at most one confirmation mail a day to an address
NOTICE_GAP = timedelta(minutes=20)
MAX_AN_HOUR = 4
NOTICE_SHOWS = 20  # comments quoted in one notice; the rest are counted


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"blog.mail.{purpose}")


def normal_address(address: str) -> str:
    local, _, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def subscribe(comment: Comment, address: str, kind: SubscriptionKind) -> Subscription | None:
    """Note the commenter's wish (uncommitted) and queue the confirmation mail, unless
    one went to this address within a day. None when the blog sends no mail."""
    if not mail_configured():
        return None
    now = utcnow()
    address = normal_address(address)
    subscription = Subscription(
        email=address, kind=kind, post_id=comment.post_id, comment_id=comment.id,
        notified_upto=now, site_url=request.host_url,
    )
    db.session.add(subscription)
    recently = db.session.scalar(
        sa.select(OutboxMessage.id).where(
            OutboxMessage.recipient == address, OutboxMessage.reason == "confirm",
            OutboxMessage.created_at > now - CONFIRMATION_EVERY).limit(1))
    if recently is None:
        link = url_for("subscriptions.confirm", token=_signer("confirm").dumps(address),
                       _external=True)
        context = {"post": comment.post, "link": link, "kind": kind}
        queue_mail(address, f"Confirm: mail from {setting('TITLE')}",
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
    """Queue one notice for each confirmed subscription with newly approved comments
    that may hear again now; return how many were queued (each committed on its own)."""
    if not mail_configured():
        return 0
    due = db.session.execute(
        sa.select(Subscription, Comment)
        .join(Comment, Comment.post_id == Subscription.post_id)
        .where(
            Subscription.state == SubscriptionState.CONFIRMED,
            sa.or_(Subscription.last_mailed_at.is_(None),
                   Subscription.last_mailed_at <= now - NOTICE_GAP),
            Comment.status == CommentStatus.APPROVED,
            Comment.approved_at > Subscription.notified_upto,
            sa.or_(Subscription.comment_id.is_(None), Comment.id != Subscription.comment_id),
            sa.or_(Subscription.kind == SubscriptionKind.POST,
                   Comment.parent_id == Subscription.comment_id),
        )
        .order_by(Subscription.id, Comment.approved_at, Comment.id)
    ).all()
    news: dict[int, list[Comment]] = defaultdict(list)
    subscriptions: dict[int, Subscription] = {}
    # What each subscription said when read: a notice is sent only if nobody has
    # changed it since (another process sending the same notice, say).
    seen_upto: dict[int, datetime] = {}
    for subscription, comment in due:
        news[subscription.id].append(comment)
        subscriptions[subscription.id] = subscription
        seen_upto[subscription.id] = subscription.notified_upto
    db.session.rollback()
    queued = 0
    for subscription_id, comments in news.items():
        queued += _notify(subscriptions[subscription_id], seen_upto[subscription_id],
                          comments, now)
    return queued


def _notify(subscription: Subscription, seen_upto: datetime, comments: list[Comment],
            now: datetime) -> int:
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
        .values(notified_upto=max(c.approved_at for c in comments), last_mailed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return 0
    with current_app.test_request_context(base_url=subscription.site_url):
        token = unsubscribe_token(subscription)
        unsubscribe_link = url_for("subscriptions.unsubscribe_link", token=token, _external=True)
        context = {
            "subscription": subscription, "post": subscription.post,
            "comments": comments[:NOTICE_SHOWS], "more": max(0, len(comments) - NOTICE_SHOWS),
            "post_link": post_url(subscription.post, _external=True),
            "unsubscribe": unsubscribe_link,
        }
        what = "A reply to your comment" if subscription.kind == SubscriptionKind.REPLIES \
            else "New comments"
        if len(comments) > 1 and subscription.kind == SubscriptionKind.REPLIES:
            what = f"{len(comments)} replies to your comment"
        queue_mail(
            subscription.email, f"{what} on “{subscription.post.title}”",
            render_template("mail/reader_notice.txt", **context),
            render_template("mail/reader_notice.html", **context),
            thread_id=post_thread_id(subscription.post_id),
            headers={"List-Unsubscribe": f"<{unsubscribe_link}>",
                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            reason=f"notice {subscription.id}",
        )
    db.session.commit()
    return 1
