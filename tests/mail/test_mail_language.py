"""Each mail speaks its reader's language, whoever's request (or none) it is made in:
mail to readers the blog's (LANGUAGE), mail to the author the author's own (else the
blog's): its subject and text from that language's catalogue, its <html lang dir> and
its dates."""

from contextlib import ExitStack
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from babel.dates import format_skeleton
from flask_babel import force_locale

from blog.extensions import db
from blog.mail.subscriptions import queue_reader_notices
from blog.models import Author, Subscription
from blog.utils.database import utcnow
from blog.utils.dates import current_zone
from tests.helpers import create_author, said, write_post
from tests.mail.mailing import comment, link_in, mailing_blog, mails_to, send

AUTHOR_ADDRESS = "ana@notes.example"
READER = "huda@readers.example"


def html_of(mail) -> str:
    return mail.get_body(("html",)).get_content()


@pytest.fixture
def open_blog(tmp_path, smtp):
    """Opens a blog in a language whose author (with an address) chose another, or none."""
    with ExitStack() as stack:
        def open_one(language: str, authors_language: str | None, **settings):
            folder = tmp_path / language
            app = stack.enter_context(mailing_blog(folder, smtp, LANGUAGE=language, **settings))
            app.author_id = create_author(app)
            with app.app_context():
                author = db.session.get(Author, app.author_id)
                author.email, author.language = AUTHOR_ADDRESS, authors_language
                db.session.commit()
            return app

        yield open_one


@pytest.mark.parametrize(("blog_language", "authors", "html"), [
    ("ar", "de", '<html lang="de" dir="ltr">'),  # made in a reader's (Arabic) request
    ("de", "ar", '<html lang="ar" dir="rtl">'),
    ("ar", None, '<html lang="ar" dir="rtl">'),  # no choice: the blog's language
])
def test_a_comment_notice_is_in_the_authors_language(open_blog, smtp, blog_language, authors,
                                                      html):
    blog = open_blog(blog_language, authors)
    post = write_post(blog, blog.author_id, title="Grid Tariffs")

    comment(blog, post)
    send(blog)

    [mail] = mails_to(smtp, AUTHOR_ADDRESS)
    assert html in html_of(mail)
    assert mail["Subject"] == said(blog, "A comment on “%(title)s” waits for your approval",
                                   language=authors or blog_language, title="Grid Tariffs")


def test_the_digest_is_in_the_authors_language_even_made_by_the_sender_alone(open_blog, smtp):
    blog = open_blog("en", "de", MAIL_COMMENT_DIGEST=True)
    post = write_post(blog, blog.author_id, title="Grid Tariffs")
    comment(blog, post)

    send(blog)  # an app context, no request: as the background sender makes it

    [digest] = mails_to(smtp, AUTHOR_ADDRESS)
    with blog.app_context():
        today = utcnow().astimezone(current_zone()).date()
    day = format_skeleton("MMMMd", today, locale="de")  # "1. Februar"
    assert digest["Subject"] == f"1 Kommentar auf Notes on Things, {day}"
    assert '<html lang="de" dir="ltr">' in html_of(digest)


def follow(blog, smtp):
    blog.test_client().post("/mail/follow", data={"email": READER})
    send(blog)
    confirmation = mails_to(smtp, READER)[-1]
    blog.test_client().post(link_in(confirmation, "/mail/confirm/"))
    return confirmation


def test_reader_mail_is_in_the_blogs_language_not_the_authors(open_blog, smtp):
    blog = open_blog("ar", "de")

    confirmation = follow(blog, smtp)

    assert '<html lang="ar" dir="rtl">' in html_of(confirmation)


def test_reader_mail_made_where_another_language_was_chosen_is_still_the_blogs(open_blog, smtp):
    blog = open_blog("de", "ar")
    follow(blog, smtp)
    with blog.app_context():  # as if the followers had confirmed before the post
        db.session.execute(sa.update(Subscription).values(
            notified_upto=datetime(2020, 1, 1, tzinfo=UTC)))
        db.session.commit()
    write_post(blog, blog.author_id, title="Netzentgelte",
               published=datetime(2020, 2, 1, 12, tzinfo=UTC))

    with blog.app_context(), force_locale("ar"):  # a context already speaking Arabic
        assert queue_reader_notices(utcnow()) == 1
    send(blog)

    mail = mails_to(smtp, READER)[-1]
    assert mail["Subject"] == "Netzentgelte | Notes on Things"
    assert '<html lang="de" dir="ltr">' in html_of(mail)
    assert "Samstag, 1. Februar 2020" in html_of(mail)
