"""Commenters hear about replies by mail, through a real SMTP server: one confirmation
first (double opt-in, at most once a day), then notices gathered into one mail, each
with List-Unsubscribe that one POST from the mail client honours; the address is never
on a page."""


import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus, OutboxMessage, Subscription, SubscriptionState
from tests.helpers import create_author, create_everything, drop_everything, write_comment
from tests.mail.mailing import comment, link_in, mailing_blog, mails_to, make_due, send

READER = "mira@readers.example"


@pytest.fixture
def blog(tmp_path, smtp):
    with mailing_blog(tmp_path, smtp, COMMENT_MODE="open") as app:
        app.author_id = create_author(app)
        yield app


def confirmed_subscriber(blog, post, smtp, notify="replies"):
    comment(blog, post, email=READER, notify=notify)
    send(blog)
    [confirmation] = mails_to(smtp, READER)
    blog.test_client().post(link_in(confirmation, "/mail/confirm/"))
    with blog.app_context():
        return db.session.scalar(sa.select(Comment.id).order_by(Comment.id.desc()))


def test_a_commenter_confirms_once_then_hears_of_replies(blog, post, smtp):
    comment(blog, post, email=READER, notify="replies")
    send(blog)
    [confirmation] = mails_to(smtp, READER)
    assert confirmation["Subject"] == "Confirm: mail from Notes on Things"

    mine = blog.test_client().get(post.path)
    with blog.app_context():
        my_comment = db.session.scalar(sa.select(Comment.id))
    write_comment(blog, post.id, body="A reply before confirming.", parent_id=my_comment)
    send(blog)
    assert len(mails_to(smtp, READER)) == 1  # nothing until the link is followed

    confirm = link_in(confirmation, "/mail/confirm/")
    asked = blog.test_client().get(confirm)
    done = blog.test_client().post(confirm)
    assert "Confirm your address" in asked.text and "Confirmed" in done.text
    write_comment(blog, post.id, body="Rates fall on everyone.", name="Omar",
                  parent_id=my_comment)
    write_comment(blog, post.id, body="Not a reply to Mira.", name="Sam")
    send(blog)

    notice = mails_to(smtp, READER)[-1]
    text = notice.get_body(("plain",)).get_content()
    # Replies since the comment, the one before confirming too, in one mail.
    assert notice["Subject"] == "2 replies to your comment on “Grid Tariffs”"
    assert "Rates fall on everyone." in text and "A reply before confirming." in text
    assert "Not a reply to Mira." not in text
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert notice["In-Reply-To"] == f"<post-{post.id}@notes.example>"
    assert READER not in mine.text and READER not in blog.test_client().get(post.path).text


def test_a_busy_thread_makes_one_mail_not_one_a_comment(blog, post, smtp):
    confirmed_subscriber(blog, post, smtp, notify="post")
    for number in range(30):
        write_comment(blog, post.id, body=f"Comment number {number}.", name="Someone")

    send(blog)
    send(blog)  # a second pass soon after sends nothing more
    notices = mails_to(smtp, READER)[1:]
    assert len(notices) == 1
    text = notices[0].get_body(("plain",)).get_content()
    assert "Comment number 0." in text and "…and 10 more." in text

    write_comment(blog, post.id, body="One more, later.", name="Someone")
    make_due(blog)
    send(blog)
    assert "One more, later." in mails_to(smtp, READER)[-1].get_body(("plain",)).get_content()


def test_one_post_from_the_mail_client_unsubscribes(blog, post, smtp):
    mine = confirmed_subscriber(blog, post, smtp)
    write_comment(blog, post.id, body="First reply.", parent_id=mine)
    send(blog)
    notice = mails_to(smtp, READER)[-1]
    address = notice["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")

    answer = blog.test_client().post(address, data={"List-Unsubscribe": "One-Click"})

    assert answer.status_code == 200 and "No more of these mails" in answer.text
    assert link_in(notice, "/mail/unsubscribe/") == address  # the visible link too
    write_comment(blog, post.id, body="Second reply.", parent_id=mine)
    make_due(blog)
    send(blog)
    assert mails_to(smtp, READER)[-1] is notice
    with blog.app_context():
        assert db.session.scalar(sa.select(Subscription.state)) == SubscriptionState.UNSUBSCRIBED


def test_tampered_or_foreign_links_change_nothing(blog, post, smtp):
    confirmed_subscriber(blog, post, smtp)
    client = blog.test_client()

    assert client.post("/mail/unsubscribe/not-a-token").status_code == 404
    assert client.post("/mail/confirm/not-a-token").status_code == 404
    with blog.app_context():
        assert db.session.scalar(sa.select(Subscription.state)) == SubscriptionState.CONFIRMED


def test_confirmations_go_out_once_a_day_per_address(blog, post, smtp):
    for number in range(5):
        comment(blog, post, body=f"Comment {number} asking for mail.", email=READER,
                notify="post")
    send(blog)

    assert len(mails_to(smtp, READER)) == 1
    with blog.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Subscription.id))) == 5


@pytest.mark.parametrize(("fields", "message"), [
    ({"email": "not an address", "notify": "replies"}, "Enter an e-mail address like"),
    ({"email": "", "notify": "replies"}, "Give your e-mail address above to be mailed"),
])
def test_a_bad_address_is_pointed_out_and_the_comment_kept(blog, post, fields, message):
    answer = comment(blog, post, body="My careful argument.", **fields)

    assert answer.status_code == 422
    assert message in answer.text and "My careful argument." in answer.text
    with blog.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_spam_asks_for_no_mail(blog, post, smtp):
    comment(blog, post, body="great post, best deals", homepage="bot", email=READER,
            notify="post")

    with blog.app_context():
        assert db.session.scalar(sa.select(Comment.status)) == CommentStatus.SPAM
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Subscription.id))) == 0


def test_restoring_an_export_mails_nobody_about_old_comments(blog, post, smtp, tmp_path):
    mine = confirmed_subscriber(blog, post, smtp)
    write_comment(blog, post.id, body="A reply, already told.", parent_id=mine)
    send(blog)
    told = len(mails_to(smtp, READER))
    runner = blog.test_cli_runner()
    assert runner.invoke(args=["export", str(tmp_path / "blog.json")]).exit_code == 0
    with blog.app_context():
        drop_everything()
        create_everything()

    restored = runner.invoke(args=["import", "json", str(tmp_path / "blog.json")])
    make_due(blog)
    send(blog)

    assert restored.exit_code == 0, restored.output
    assert len(mails_to(smtp, READER)) == told
