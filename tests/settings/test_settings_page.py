"""The settings page: the author changes the blog's title, description and time zone in
the browser; mistakes come back with what was typed; what the configuration fixes is
shown with where it comes from."""

import pytest

from blog.extensions import db
from blog.models import Setting
from tests.helpers import AuthActions, blog_app, create_author

EDITABLE = ("TITLE", "DESCRIPTION", "TIMEZONE")
CHANGED = {"title": "Notes on Energy", "description": "Grids and prices.",
           "timezone": "Europe/Berlin"}


@pytest.fixture
def blog(tmp_path):
    with blog_app(tmp_path, unfixed=EDITABLE) as app:
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
        ({"timezone": "Mars/Olympus_Mons"}, "Choose a time zone from the list."),
        ({"title": "   "}, "Give the blog a title."),
        ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"description": "y" * 301}, "Field cannot be longer than 300 characters."),
    ],
)
def test_a_mistake_comes_back_with_everything_typed(blog, author, changes, message):
    page = author.post("/dashboard/settings", data=CHANGED | changes)

    assert page.status_code == 422
    assert message in page.text
    if "description" not in changes:
        assert 'value="Grids and prices."' in page.text
    with blog.app_context():
        assert db.session.query(Setting).count() == 0


def test_what_the_configuration_fixes_is_shown_and_kept(tmp_path):
    with blog_app(tmp_path, unfixed=("DESCRIPTION", "TIMEZONE")) as app:  # TITLE is fixed
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
