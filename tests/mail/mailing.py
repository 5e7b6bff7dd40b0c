"""What the mail tests share: a blog that sends through the test's SMTP server, a reader
commenting through the real form, one pass of the sender, and reading what arrived."""

import re
from datetime import timedelta

import sqlalchemy as sa

from blog.extensions import db
from blog.mail.sender import send_due
from blog.models import OutboxMessage, Subscription
from blog.utils.database import utcnow
from tests.helpers import blog_app

SENDER = "blog@notes.example"


def mailing_blog(folder, smtp, **settings):
    """``blog_app`` with the test's SMTP server as the blog's mail server."""
    return blog_app(folder, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_TIMEOUT=5,
                    MAIL_DEFAULT_SENDER=SENDER, **settings)


def comment(blog, post, body="Who pays for the wires?", name="Mira", **fields):
    """Fill in the comment form under ``post`` as a reader does."""
    client = blog.test_client()
    page = client.get(post.path).text
    stamp = re.search(r'name="shown" type="hidden" value="([^"]*)"', page).group(1)
    return client.post(f"/posts/{post.id}/comments", data={
        "name": name, "website": "", "body": body, "homepage": "", "shown": stamp,
        "parent_id": ""} | fields)


def send(blog) -> dict[str, int]:
    """One pass of the sender, as the background thread makes it."""
    with blog.app_context():
        return send_due()


def outbox(blog) -> list[OutboxMessage]:
    with blog.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


def make_due(blog) -> None:
    """Let the subscriptions hear again now (as if the pause between notices had passed)."""
    with blog.app_context():
        db.session.execute(sa.update(Subscription).values(
            last_mailed_at=utcnow() - timedelta(hours=1)))
        db.session.commit()


def mails_to(smtp, address) -> list:
    return [mail for mail in smtp.inbox.messages if mail["To"] == address]


def text_of(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def link_in(mail, path: str) -> str:
    """The address in ``mail``'s text that starts with ``path``, without the host."""
    return re.search(rf"http://localhost({path}\S+)", text_of(mail)).group(1)
