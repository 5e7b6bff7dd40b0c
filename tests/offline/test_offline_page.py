"""The page nginx shows while the blog cannot be reached: written by the blog beforehand,
in its language and style, as a reader with no cookie would see it."""

from pathlib import Path

import lxml.html
from sqlalchemy.exc import OperationalError

from blog.offline import offline_page_path, write_offline_page
from tests.helpers import AuthActions, blog_app, create_author, said


def offline_page(app) -> str:
    with app.app_context():
        return offline_page_path().read_text(encoding="utf-8")


def test_the_command_writes_it_in_the_blogs_language(app, runner):
    app.config["LANGUAGE"] = "ar"

    result = runner.invoke(args=["offline-page"])
    page = offline_page(app)

    assert result.exit_code == 0 and "offline.html" in result.output
    assert '<html lang="ar" dir="rtl">' in page
    assert said(app, "The blog cannot be reached right now") in page
    assert '<link rel="stylesheet" href="/static/css/blog.css?v=' in page
    assert "/stats/seen.css" not in page  # nobody's view is counted for it
    assert 'class="sidebar"' not in page  # nothing read from the database when shown


def test_saving_the_settings_writes_it_again_without_the_authors_links(tmp_path):
    with blog_app(tmp_path, unfixed=("TITLE",)) as app:
        create_author(app)
        client = app.test_client()
        AuthActions(client).login()
        form = lxml.html.document_fromstring(client.get("/dashboard/settings").text).forms[0]

        client.post("/dashboard/settings",
                    data={**dict(form.form_values()), "title": "Notes from the Grid"})
        page = offline_page(app)

    assert "Notes from the Grid" in page
    assert "/dashboard" not in page and "Ana Analyst" not in page  # a reader's page


def test_a_page_that_cannot_be_written_stops_nothing(app, monkeypatch, tmp_path, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr("blog.offline.page.offline_page_path",
                        lambda: Path(blocked) / "offline.html")

    assert write_offline_page(app) is None
    assert "was not written" in caplog.text


def test_a_database_that_is_down_as_the_server_starts_stops_nothing(app, monkeypatch, caplog):
    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, ConnectionRefusedError("the database is down"))

    monkeypatch.setattr("blog.offline.page.render_template", refuse)

    assert write_offline_page(app) is None
    assert "was not made" in caplog.text
