"""The outbox table: queueing a message with what caused it, and claiming it to send so
that only one process ever sends a row."""

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, request

from blog.extensions import db
from blog.mail.messages import checked, new_message_id
from blog.models import MailState, OutboxMessage
from blog.web.address import blog_address, host_name

# A claimed row whose sender vanished (a killed worker) is taken up again after this.
CLAIM_LASTS = timedelta(minutes=10)
# Temporary failures are retried, each pause longer, for this long; then it has failed.
RETRY_FOR = timedelta(days=1)
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=3)
# Set on a session that queued mail, so the sender is woken once it commits.
QUEUED_FLAG = "blog.mail.queued"


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def blog_domain() -> str:
    """The domain for Message-IDs: the sender's, else the blog's host."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    if "@" in sender:
        return sender.rpartition("@")[2]
    if blog_address():
        return host_name(blog_address())
    return request.host.split(":")[0] if has_request_context() else "blog.invalid"


def queue_mail(recipient: str, subject: str, text: str, html: str = "", *,
               thread_id: str | None = None, headers: dict[str, str] | None = None,
               reason: str = "") -> OutboxMessage | None:
    """Add a message to the outbox in the current transaction (uncommitted); None when
    no mail server is set, since nothing would ever send it.

    :raise BadHeader: for a recipient, subject or header with a line break in it.
    """
    if not mail_configured():
        return None
    headers = headers or {}
    for name, value in headers.items():
        checked(name, "a header name"), checked(value, name)
    row = OutboxMessage(
        recipient=checked(recipient, "the recipient"),
        subject=checked(" ".join(subject.split())[:300], "the subject"),
        text_body=text,
        html_body=html,
        message_id=new_message_id(blog_domain()),
        thread_id=thread_id,
        headers=json.dumps(headers),
        reason=reason[:100],
    )
    db.session.add(row)
    db.session.info[QUEUED_FLAG] = True
    return row


def _claimable(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(OutboxMessage.state == MailState.QUEUED, OutboxMessage.next_attempt_at <= now),
        sa.and_(OutboxMessage.state == MailState.SENDING,
                OutboxMessage.claimed_at < now - CLAIM_LASTS),
    )


def claim_next(now: datetime) -> OutboxMessage | None:
    """The next due message, claimed for this process and committed as claimed; None
    when nothing is due. Two processes asking at once never get the same row: the
    UPDATE only changes a row still claimable, and only one of them can."""
    while True:
        candidate = (
            sa.select(OutboxMessage.id).where(_claimable(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
        )
        if db.engine.dialect.name == "postgresql":
            candidate = candidate.with_for_update(skip_locked=True)
        row_id = db.session.scalar(candidate)
        if row_id is None:
            db.session.rollback()
            return None
        claimed = db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row_id, _claimable(now))
            .values(state=MailState.SENDING, claimed_at=now,
                    attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if claimed == 1:
            return db.session.get(OutboxMessage, row_id, populate_existing=True)
        # Another process took it between the two statements: ask again.


def mark_sent(row: OutboxMessage, now: datetime) -> None:
    row.state, row.sent_at, row.last_error = MailState.SENT, now, ""
    db.session.commit()


def mark_failed(row: OutboxMessage, answer: str) -> None:
    row.state, row.last_error = MailState.FAILED, answer[:2000]
    db.session.commit()


def mark_retry(row: OutboxMessage, answer: str, now: datetime) -> None:
    """Try again later, each pause twice the last; after a day of trying, give up."""
    pause = min(FIRST_PAUSE * 2 ** max(row.attempts - 1, 0), LONGEST_PAUSE)
    if now + pause - row.created_at > RETRY_FOR:
        mark_failed(row, f"gave up after {row.attempts} tries over a day: {answer}")
        return
    row.state, row.last_error, row.next_attempt_at = MailState.QUEUED, answer[:2000], now + pause
    row.claimed_at = None
    db.session.commit()


def outbox_counts() -> dict[MailState, int]:
    rows = db.session.execute(
        sa.select(OutboxMessage.state, sa.func.count()).group_by(OutboxMessage.state))
    return {state: count for state, count in rows}


def failed_messages(limit: int = 20) -> list[OutboxMessage]:
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.state == MailState.FAILED)
        .order_by(OutboxMessage.id.desc()).limit(limit)))
