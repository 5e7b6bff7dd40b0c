"""Readers get the blog's language; the author's own pages may speak the author's."""

from blog.extensions import db
from blog.models import Author


def _author_speaks(app, author_id, language):
    with app.app_context():
        db.session.get(Author, author_id).language = language
        db.session.commit()


def test_the_authors_pages_follow_the_authors_language(app, client, logged_in, author):
    app.config["LANGUAGE"] = "ar"
    _author_speaks(app, author, "de")

    dashboard = client.get("/dashboard").text
    home = client.get("/").text

    assert '<html lang="de" dir="ltr">' in dashboard
    # Reader pages stay in the blog's language, for the author too.
    assert '<html lang="ar" dir="rtl">' in home


def test_without_a_choice_the_author_gets_the_blogs_language(app, client, logged_in):
    app.config["LANGUAGE"] = "ar"

    assert '<html lang="ar" dir="rtl">' in client.get("/dashboard").text


def test_the_log_in_page_is_the_blogs(app, client, author):
    app.config["LANGUAGE"] = "de"
    _author_speaks(app, author, "ar")

    assert '<html lang="de" dir="ltr">' in client.get("/login").text
