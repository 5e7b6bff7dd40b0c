"""Readers follow the blog by e-mail: one confirmation, then each new post once (a
scheduled one when its time comes, with no job runner), never for an edit; the author
lists, removes and downloads them; the form cannot be used to mail-bomb an address."""

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Subscription
from blog.utils.database import utcnow
from tests.helpers import AuthActions, blog_app, create_author, write_post
from tests.mail.mailing import link_in, mailing_blog, mails_to, make_due, send, text_of

READER = "huda@readers.example"


@pytest.fixture
def blog(tmp_path, smtp):
    with mailing_blog(tmp_path, smtp) as app:
        app.author_id = create_author(app)
        yield app


def follow(blog, smtp, address=READER):
    answer = blog.test_client().post("/mail/follow", data={"email": address})
    send(blog)
    confirmation = mails_to(smtp, address)[-1]
    blog.test_client().post(link_in(confirmation, "/mail/confirm/"))
    return answer


def test_the_sidebar_offers_to_follow_only_when_the_blog_can_send_mail(blog, tmp_path):
    assert "Follow by e-mail" in blog.test_client().get("/").text
    with blog_app(tmp_path / "other") as quiet:
        assert "Follow by e-mail" not in quiet.test_client().get("/").text
        assert quiet.test_client().get("/mail/follow").status_code == 404


def test_a_follower_gets_each_new_post_once(blog, smtp):
    old = write_post(blog, blog.author_id, title="An old essay", published=timedelta(days=3))
    answer = follow(blog, smtp)
    assert answer.status_code == 200 and "Check your mail" in answer.text

    send(blog)
    assert len(mails_to(smtp, READER)) == 1  # the confirmation only: old posts are not news
    new = write_post(blog, blog.author_id, title="Grid Tariffs",
                     body="Why fixed charges rise.\n\n<!--more-->\n\nThe long rest.",
                     published=utcnow())
    send(blog)

    mail = mails_to(smtp, READER)[-1]
    assert mail["Subject"] == "Grid Tariffs | Notes on Things"
    assert "Why fixed charges rise." in text_of(mail) and "The long rest." not in text_of(mail)
    assert f"http://localhost{new.path}" in text_of(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert old.path not in text_of(mail)

    client = blog.test_client()
    AuthActions(client).login()
    client.post(f"/dashboard/posts/{new.id}/edit", data={
        "title": "Grid Tariffs, revised", "body": "Changed.", "labels": "", "slug": "",
        "comment_mode": "", "publish_at": "", "publish": "1"})
    make_due(blog)
    send(blog)
    assert len(mails_to(smtp, READER)) == 2  # an edit sends nothing


def test_a_scheduled_post_is_mailed_when_its_time_comes(blog, smtp):
    follow(blog, smtp)
    scheduled = write_post(blog, blog.author_id, title="Tomorrow's essay",
                           published=utcnow() + timedelta(minutes=30))
    send(blog)
    assert len(mails_to(smtp, READER)) == 1

    with blog.app_context():
        from blog.models import Post

        db.session.get(Post, scheduled.id).published_at = utcnow()
        db.session.commit()
    send(blog)
    assert mails_to(smtp, READER)[-1]["Subject"] == "Tomorrow's essay | Notes on Things"


def test_the_whole_post_when_the_author_says_so(blog, smtp):
    blog.test_cli_runner().invoke(args=["settings", "set", "MAIL_POST_CONTENT", "full"])
    follow(blog, smtp)
    write_post(blog, blog.author_id, title="Grid Tariffs",
               body="The opening.\n\n<!--more-->\n\nThe long rest.", published=timedelta(0))
    send(blog)

    assert "The long rest." in text_of(mails_to(smtp, READER)[-1])


def test_images_and_links_in_a_mailed_post_point_at_the_blog(blog, smtp):
    # A mail client has no page to resolve "/uploads/…" against.
    blog.test_cli_runner().invoke(args=["settings", "set", "MAIL_POST_CONTENT", "full"])
    follow(blog, smtp)
    write_post(blog, blog.author_id, title="Grid Tariffs", published=timedelta(0),
               body="![The grid](/uploads/grid.png)\n\nAs [before](/posts/2026/earlier).")
    send(blog)

    html = mails_to(smtp, READER)[-1].get_body(("html",)).get_content()
    assert 'src="http://localhost/uploads/grid.png"' in html
    assert 'href="http://localhost/posts/2026/earlier"' in html
    assert 'src="/' not in html and 'href="/' not in html


def test_the_author_lists_removes_and_downloads_followers(blog, smtp):
    follow(blog, smtp)
    blog.test_client().post("/mail/follow", data={"email": "=cmd|calc@evil.example"})
    author = blog.test_client()
    AuthActions(author).login()

    page = author.get("/dashboard/mail/followers").text
    download = author.get("/dashboard/mail/followers.csv")
    rows = list(csv.reader(io.StringIO(download.text)))

    assert "1 confirmed, 1 waiting" in page and READER in page
    assert download.headers["Content-Type"].startswith("text/csv")
    assert sorted(row[0] for row in rows[1:]) == ["'=cmd|calc@evil.example", READER]
    with blog.app_context():
        mine = db.session.scalar(sa.select(Subscription.id).where(Subscription.email == READER))
    removed = author.post(f"/dashboard/mail/followers/{mine}/remove", follow_redirects=True)
    assert "gets no more mail" in removed.text and READER not in removed.text.split("<main")[1]


def test_the_form_cannot_be_used_to_bomb_an_address(blog, smtp):
    client = blog.test_client()
    answers = [client.post("/mail/follow", data={"email": "victim@example.org"})
               for _ in range(7)]
    send(blog)

    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert len(mails_to(smtp, "victim@example.org")) == 1  # one confirmation a day


def test_a_bad_address_is_pointed_out(blog):
    answer = blog.test_client().post("/mail/follow", data={"email": "huda at readers"})

    assert answer.status_code == 422
    assert "Enter an e-mail address like" in answer.text
    assert 'value="huda at readers"' in answer.text
