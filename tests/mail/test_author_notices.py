"""The author hears about comments by mail, through a real SMTP server in the test: a
comment waiting for approval is mailed (never spam), with links that ask before they
act; the mail waits in the outbox while the server is down and arrives once it is back;
a refusal for good is shown in the dashboard; a test message shows the server's answer."""

import socket
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.mail.messages import BadHeader
from blog.mail.outbox import queue_mail
from blog.mail.sender import send_due
from blog.models import Author, Comment, CommentStatus, MailState, OutboxMessage
from blog.utils.database import utcnow
from tests.helpers import AuthActions, blog_app, create_author, join_all, write_post
from tests.mail.mailing import comment, mailing_blog, outbox, send
from tests.mail.smtp_server import SmtpServer
from tests.server.serving import free_port

AUTHOR_ADDRESS = "ana@notes.example"


@contextmanager
def author_with_address(app):
    """``app``, its author created with an e-mail address, the author's id noted on it."""
    app.author_id = create_author(app)
    with app.app_context():
        db.session.get(Author, app.author_id).email = AUTHOR_ADDRESS
        db.session.commit()
    yield app


@pytest.fixture
def blog(tmp_path, smtp):
    with mailing_blog(tmp_path, smtp, unfixed=("MAIL_EVERY_COMMENT",)) as app, \
            author_with_address(app):
        yield app


def blog_mailing_to(folder, port: int, timeout: int):
    """A blog whose mail server is at ``port`` (which may not answer at all)."""
    return blog_app(folder, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=timeout)


def test_a_held_comment_is_mailed_to_the_author_with_links_that_ask_first(blog, post, smtp):
    answered = comment(blog, post)
    assert answered.status_code == 302  # answered before any mail went anywhere

    assert send(blog) == {"sent": 1, "retry": 0, "failed": 0}
    [mail] = smtp.inbox.messages
    assert mail["To"] == AUTHOR_ADDRESS
    assert mail["From"] == "Notes on Things <blog@notes.example>"
    assert mail["Subject"] == "A comment on “Grid Tariffs” waits for your approval"
    assert mail["Message-ID"].endswith("@notes.example>") and mail["Date"]
    assert mail["In-Reply-To"] == mail["References"] == f"<post-{post.id}@notes.example>"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Who pays for the wires?" in text and "Who pays for the wires?" in html
    with blog.app_context():
        comment_id = db.session.scalar(sa.select(Comment.id))
    link = f"http://localhost/dashboard/comments/{comment_id}/confirm?action=approve"
    assert link in text

    author = blog.test_client()
    AuthActions(author).login()
    asked = author.get(link.removeprefix("http://localhost"))
    assert asked.status_code == 200 and "Approve this comment?" in asked.text
    with blog.app_context():
        assert db.session.get(Comment, comment_id).status == CommentStatus.PENDING
    author.post("/dashboard/comments", data={"one": f"approve:{comment_id}"})
    with blog.app_context():
        assert db.session.get(Comment, comment_id).status == CommentStatus.APPROVED


def test_spam_is_never_mailed_and_published_comments_only_when_asked(blog, post, smtp):
    comment(blog, post, body="great post, best deals here", homepage="bot-filled this")
    with blog.app_context():
        db.session.execute(sa.update(Comment).values(status=CommentStatus.APPROVED))
        db.session.commit()
    assert [row.reason for row in outbox(blog)] == []

    blog.test_cli_runner().invoke(args=["settings", "set", "COMMENT_MODE", "open"])
    comment(blog, post, body="An open comment.")
    assert outbox(blog) == []
    blog.test_cli_runner().invoke(args=["settings", "set", "MAIL_EVERY_COMMENT", "yes"])
    comment(blog, post, body="Another open comment.")
    [row] = outbox(blog)
    assert row.subject == "A comment on “Grid Tariffs” was published"


def test_without_a_mail_server_nothing_is_queued_and_the_dashboard_says_what_to_set(tmp_path):
    with blog_app(tmp_path) as app:
        create_author(app)
        post = write_post(app, 1, title="Grid Tariffs")
        comment(app, post)
        author = app.test_client()
        AuthActions(author).login()

        page = author.get("/dashboard/mail").text

        assert outbox(app) == []
        assert "No mail server is set" in page and "BLOG_MAIL_SERVER" in page


def test_a_server_that_is_down_delays_the_mail_and_loses_nothing(tmp_path):
    port = free_port()  # nothing listens here yet
    with blog_mailing_to(tmp_path, port, 2) as app, author_with_address(app):
        post = write_post(app, app.author_id, title="Grid Tariffs")

        answered = comment(app, post)
        first = send(app)

        assert answered.status_code == 302
        assert first == {"sent": 0, "retry": 1, "failed": 0}
        [row] = outbox(app)
        assert row.state == MailState.QUEUED and row.attempts == 1
        assert "cannot reach" in row.last_error and row.next_attempt_at > row.created_at
        assert send(app)["sent"] == 0  # not yet due: nothing is tried

        server = SmtpServer()
        server.port, server.controller.port = port, port
        server.start()
        try:
            with app.app_context():
                db.session.execute(sa.update(OutboxMessage).values(
                    next_attempt_at=utcnow() - timedelta(minutes=1)))
                db.session.commit()
            assert send(app) == {"sent": 1, "retry": 0, "failed": 0}
            assert len(server.inbox.messages) == 1
            assert send(app) == {"sent": 0, "retry": 0, "failed": 0}  # and only once
        finally:
            server.stop()


def test_a_refusal_for_good_is_marked_failed_and_shown(blog, post, smtp):
    smtp.inbox.refuse = "550 5.1.1 No such user here"
    comment(blog, post)

    assert send(blog) == {"sent": 0, "retry": 0, "failed": 1}
    author = blog.test_client()
    AuthActions(author).login()
    page = author.get("/dashboard/mail").text
    assert "550 5.1.1 No such user here" in page
    [row] = outbox(blog)
    assert row.state == MailState.FAILED


def test_the_test_message_shows_the_servers_answer(blog, smtp):
    author = blog.test_client()
    AuthActions(author).login()

    sent = author.post("/dashboard/mail/test", data={"recipient": "ana@notes.example"},
                       follow_redirects=True)
    smtp.inbox.refuse = "550 5.7.1 Relaying denied"
    refused = author.post("/dashboard/mail/test", data={"recipient": "x@elsewhere.example"},
                          follow_redirects=True)
    typo = author.post("/dashboard/mail/test", data={"recipient": "not an address"})

    assert "The mail server accepted the test message" in sent.text
    assert smtp.inbox.messages[0]["Subject"] == "A test message from Notes on Things"
    assert "550 5.7.1 Relaying denied" in refused.text
    assert typo.status_code == 422 and 'value="not an address"' in typo.text


def test_no_header_can_be_smuggled_in(blog, smtp):
    with blog.test_request_context():
        with pytest.raises(BadHeader):
            queue_mail("ana@notes.example\r\nBcc: victim@example.org", "Hi", "Body")
        with pytest.raises(BadHeader):
            queue_mail("ana@notes.example", "Hi", "Body",
                       headers={"X-Note": "one\nBcc: victim@example.org"})
        # A line break in a subject (a post's title, say) is only a space.
        queue_mail("ana@notes.example", "Grid\r\nBcc: victim@example.org", "Body")
        db.session.commit()
        send_due()
    [mail] = smtp.inbox.messages
    assert mail["Bcc"] is None and mail["Subject"] == "Grid Bcc: victim@example.org"


def test_two_senders_at_once_send_each_message_exactly_once(blog, smtp):
    with blog.test_request_context():
        for number in range(30):
            queue_mail("ana@notes.example", f"Message {number}", "Body")
        db.session.commit()

    def sender():
        with blog.app_context():
            send_due()
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    join_all(threads)

    subjects = sorted(message["Subject"] for message in smtp.inbox.messages)
    assert subjects == sorted(f"Message {number}" for number in range(30))
    assert {row.state for row in outbox(blog)} == {MailState.SENT}


def test_a_server_that_never_answers_delays_the_mail_and_not_the_comment(tmp_path):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections, never says a word
    try:
        with blog_mailing_to(tmp_path, silent.getsockname()[1], 1) as app, \
                author_with_address(app):
            post = write_post(app, app.author_id, title="Grid Tariffs")

            answered = comment(app, post)
            outcome = send(app)

            assert answered.status_code == 302
            assert outcome == {"sent": 0, "retry": 1, "failed": 0}
            [row] = outbox(app)
            assert row.state == MailState.QUEUED and "timed out" in row.last_error
    finally:
        silent.close()


def test_with_the_digest_on_the_days_comments_come_in_one_mail(blog, post, smtp):
    blog.test_cli_runner().invoke(args=["settings", "set", "MAIL_COMMENT_DIGEST", "yes"])
    for number in range(3):
        comment(blog, post, body=f"Held comment {number}.", name=f"Reader {number}")

    send(blog)
    send(blog)  # the same day: nothing more
    comment(blog, post, body="A late one.")
    send(blog)

    [digest] = smtp.inbox.messages
    text = digest.get_body(("plain",)).get_content()
    assert digest["Subject"].startswith("3 comments on Notes on Things, ")
    assert all(f"Held comment {n}." in text for n in range(3)) and "A late one." not in text
    assert "http://localhost/dashboard/comments" in text
    with blog.app_context():  # as if that digest had gone out yesterday
        yesterday = utcnow() - timedelta(days=1)
        db.session.execute(sa.update(OutboxMessage).values(
            created_at=yesterday,
            message_id=f"<digest-{yesterday.date().isoformat()}@notes.example>"))
        db.session.commit()
    send(blog)  # the next day
    assert "A late one." in smtp.inbox.messages[-1].get_body(("plain",)).get_content()
    assert len(smtp.inbox.messages) == 2
