"""Sending the outbox: ``send_due`` for one pass (the CLI, tests), and a thread in each
web process that runs it when a commit queued mail, and every half minute anyway (for
retries, and for mail queued by another process)."""

import logging
import threading

from flask import Flask, current_app, request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from blog.mail.messages import BadHeader, build_message, new_message_id
from blog.mail.notices import SITE_URL, queue_author_digest
from blog.mail.outbox import (
    QUEUED_FLAG,
    claim_next,
    mail_configured,
    mark_failed,
    mark_retry,
    mark_sent,
)
from blog.mail.smtp import PermanentFailure, TemporaryFailure, connect, deliver
from blog.mail.subscriptions import queue_reader_notices
from blog.models import OutboxMessage
from blog.settings import setting
from blog.utils.background import start_once
from blog.utils.database import utcnow

logger = logging.getLogger("blog.mail")

PASS_EVERY_SECONDS = 30
_wake = threading.Event()


def sender_address() -> str:
    config = current_app.config
    for candidate in (config.get("MAIL_DEFAULT_SENDER"), config.get("MAIL_USERNAME")):
        if candidate and "@" in candidate:
            return candidate
    return f"blog@{config['MAIL_SERVER']}"


def send_due(limit: int = 100) -> dict[str, int]:
    """Send what is due, up to ``limit`` messages, over one connection; say how many were
    sent, put back for later, and failed for good."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not mail_configured():
        return counts
    queue_reader_notices(utcnow())
    queue_author_digest(utcnow())
    connection = None
    try:
        for _ in range(limit):
            now = utcnow()
            row = claim_next(now)
            if row is None:
                break
            try:
                message = build_message(row, sender_address(), setting("TITLE"))
                if connection is None:
                    connection = connect()
                deliver(connection, message)
            except (PermanentFailure, BadHeader) as error:
                logger.warning("mail %s to %s failed for good: %s", row.id, row.recipient, error)
                mark_failed(row, str(error))
                counts["failed"] += 1
            except TemporaryFailure as error:
                logger.info("mail %s to %s waits: %s", row.id, row.recipient, error)
                mark_retry(row, str(error), utcnow())
                counts["retry"] += 1
                connection = _close(connection)
                break  # the server is unwell: the rest waits for the next pass
            else:
                mark_sent(row, utcnow())
                counts["sent"] += 1
    finally:
        _close(connection)
    return counts


def send_test_message(recipient: str) -> tuple[bool, str]:
    """Send a short message to ``recipient`` at once, past the outbox; whether the server
    took it, and its answer (or why not)."""
    row = OutboxMessage(
        recipient=recipient, subject=_("A test message from %(blog)s", blog=setting("TITLE")),
        text_body=_("This is a test message from your blog: mail works.") + "\n", html_body="",
        message_id=new_message_id(sender_address().rpartition("@")[2]), headers="{}",
        created_at=utcnow(),
    )
    try:
        message = build_message(row, sender_address(), setting("TITLE"))
        connection = connect()
        try:
            deliver(connection, message)
        finally:
            _close(connection)
    except (TemporaryFailure, PermanentFailure, BadHeader) as error:
        return False, str(error)
    return True, _("250 (accepted for delivery)")


def _close(connection):
    if connection is not None:
        try:
            connection.quit()
        except Exception:  # noqa: BLE001 - a dead connection is closed either way
            connection.close()
    return None


def wake_after_commit() -> None:
    """Wake this process's sender when a commit queued mail (registered once)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)


def _after_commit(session: Session) -> None:
    if session.info.pop(QUEUED_FLAG, False):
        _wake.set()


def start_background_sender(app: Flask) -> None:
    """Have the sender thread running in this process (once per process: gunicorn's
    workers are forked from a master that loaded the app, and threads do not fork)."""

    @app.before_request
    def _ensure_sender():
        # The blog's address as readers reach it, for links in mail made outside a request.
        app.extensions[SITE_URL] = request.host_url
        start_once("mail-sender", app, _run)


def _run(app: Flask) -> None:
    while True:  # a pass at once (mail may have waited while no process ran), then on cue
        with app.app_context():
            try:
                send_due()
            except Exception:  # noqa: BLE001 - the next pass tries again; the log says why
                logger.exception("the mail sender's pass failed")
            finally:
                from blog.extensions import db

                db.session.remove()
        _wake.wait(PASS_EVERY_SECONDS)
        _wake.clear()
