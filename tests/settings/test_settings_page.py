"""The settings page: the author changes the blog's settings (Blog, Reading, Comments) in
the browser; mistakes come back with what was typed; what the configuration fixes is
shown with where it comes from."""

import pytest
from markupsafe import escape

from blog.extensions import db
from blog.models import Setting
from blog.settings import EDITABLE
from tests.helpers import AuthActions, blog_app, create_author

# The whole form as a browser sends it, with the first three changed.
CHANGED = {
    "title": "Notes on Energy", "description": "Grids and prices.", "footer": "",
    "posts_per_page": "10", "timezone": "Europe/Berlin", "language": "en",
    "feed_content": "full", "comment_mode": "first_time", "comment_max_depth": "4",
    "comment_max_length": "5000", "comment_max_links": "2", "comment_spam_threshold": "5",
    "comment_min_seconds": "3", "comment_rate_limit": "5",
}


@pytest.fixture
def blog(tmp_path):
    with blog_app(tmp_path, unfixed=tuple(EDITABLE)) as app:
        create_author(app)
        yield app


@pytest.fixture
def author(blog):
    client = blog.test_client()
    assert AuthActions(client).login().status_code == 302
    return client


def test_the_page_shows_the_values_in_force(author):
    page = author.get("/dashboard/settings")

    assert page.status_code == 200
    assert 'value="A blog"' in page.text
    assert '<option selected value="UTC">UTC</option>' in page.text


def test_saved_settings_are_what_readers_see_at_once(blog, author):
    reader = blog.test_client(use_cookies=False)
    before = reader.get("/")

    saved = author.post("/dashboard/settings", data=CHANGED)
    after = reader.get("/", headers={"If-None-Match": before.headers["ETag"]})

    assert saved.status_code == 302
    assert "Settings saved." in author.get(saved.headers["Location"]).text
    assert after.status_code == 200
    assert "<title>Notes on Energy</title>" in after.text and "Grids and prices." in after.text
    listed = blog.test_cli_runner().invoke(args=["settings"]).output
    assert "TIMEZONE = 'Europe/Berlin'  (stored in the blog)" in listed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "is not a time zone name"),
        ({"title": "   "}, "Give the blog a title."),
        ({"title": "x" * 201}, "At most 200 characters, please."),
        ({"description": "y" * 301}, "At most 300 characters, please."),
        ({"footer": "z" * 1001}, "At most 1,000 characters, please."),
        ({"posts_per_page": "0"}, "Give a whole number from 1 to 100."),
        ({"posts_per_page": "ten"}, "Give a whole number from 1 to 100."),
        ({"posts_per_page": "2.5"}, "Give a whole number from 1 to 100."),
        ({"language": "english"}, "is not a language code"),
        ({"language": "xx"}, "is not a language code"),
        ({"language": ""}, "is not a language code"),
        ({"feed_content": "everything"}, "Choose one of: The whole post"),
        ({"comment_mode": "sometimes"}, "Choose one of: Open"),
        ({"comment_max_depth": "11"}, "Give a whole number from 1 to 10."),
        ({"comment_max_length": "99"}, "Give a whole number from 100 to 100,000."),
        ({"comment_max_links": "-1"}, "Give a whole number from 0 to 100."),
        ({"comment_spam_threshold": "1e3"}, "Give a whole number from 1 to 100."),
        ({"comment_min_seconds": "3601"}, "Give a whole number from 0 to 3,600."),
        ({"comment_rate_limit": ""}, "Give a whole number from 1 to 1,000."),
    ],
)
def test_a_mistake_comes_back_with_everything_typed(blog, author, changes, message):
    page = author.post("/dashboard/settings", data=CHANGED | changes)

    assert page.status_code == 422
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    if "description" not in changes:
        assert 'value="Grids and prices."' in page.text
    for field, typed in changes.items():
        if field != "feed_content" and field != "comment_mode" and typed.strip():
            assert escape(typed) in page.text
    with blog.app_context():
        assert db.session.query(Setting).count() == 0


def test_what_the_configuration_fixes_is_shown_and_kept(tmp_path):
    unfixed = tuple(name for name in EDITABLE if name != "TITLE")
    with blog_app(tmp_path, unfixed=unfixed) as app:  # TITLE is fixed
        create_author(app)
        author = app.test_client()
        AuthActions(author).login()

        page = author.get("/dashboard/settings").text
        saved = author.post("/dashboard/settings", data=CHANGED)

        assert "Set by the app&#39;s configuration; change it there." in page
        assert 'name="title"' not in page
        assert saved.status_code == 302
        assert "<title>Notes on Things</title>" in app.test_client().get("/").text


def test_a_stored_value_that_stopped_working_is_pointed_out(blog, author):
    with blog.app_context():
        db.session.add(Setting(name="TIMEZONE", value='"Atlantis/Capital"'))
        db.session.commit()

    page = author.get("/dashboard/settings")

    assert page.status_code == 200
    assert "The stored TIMEZONE no longer works" in page.text


def test_readers_cannot_open_it(blog):
    page = blog.test_client().get("/dashboard/settings")

    assert page.status_code == 302 and "/login" in page.headers["Location"]
