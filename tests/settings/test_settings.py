"""Settings stored in the blog: the author changes them without a restart, the
configuration still wins where it says something, and bad values are never stored."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Setting
from blog.settings import describe, invalid_stored, setting
from tests.helpers import blog_app, create_author, write_post

EDITABLE = ("TITLE", "DESCRIPTION", "TIMEZONE")


@pytest.fixture
def blog(tmp_path):
    """A blog whose configuration fixes none of the editable settings."""
    with blog_app(tmp_path, unfixed=EDITABLE) as app:
        yield app


@pytest.fixture
def cli(blog):
    runner = blog.test_cli_runner()

    def run(*args):
        return runner.invoke(args=list(args))

    return run


def listing(cli) -> str:
    result = cli("settings")
    assert result.exit_code == 0, result.output
    return result.output


def test_a_new_blog_has_the_defaults(blog, cli):
    assert "<title>A blog</title>" in blog.test_client().get("/").text
    assert "TITLE = 'A blog'  (the default)" in listing(cli)


def test_a_stored_setting_takes_effect_without_a_restart(blog, cli):
    result = cli("settings", "set", "title", "  Notes   on Energy ")

    assert result.exit_code == 0 and "TITLE is now 'Notes on Energy'" in result.output
    assert "<title>Notes on Energy</title>" in blog.test_client().get("/").text
    assert "TITLE = 'Notes on Energy'  (stored in the blog)" in listing(cli)


def test_a_change_reaches_cached_pages_and_304s(blog, cli):
    author = create_author(blog)
    post = write_post(blog, author, title="An essay")
    reader = blog.test_client(use_cookies=False)
    etag = reader.get(post.path).headers["ETag"]
    reader.get(post.path)  # now served from the page cache

    cli("settings", "set", "TITLE", "Renamed")
    again = reader.get(post.path, headers={"If-None-Match": etag})

    assert again.status_code == 200
    assert "An essay | Renamed" in again.text


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TIMEZONE", "Mars/Olympus_Mons", "is not a time zone name"),
        ("TIMEZONE", "../../etc/passwd", "is not a time zone name"),
        ("TITLE", "   ", "Give the blog a title."),
            ("POSTS_PER_PAGE", "1000", "from 1 to 100"),
            ("NOINDEX", "perhaps", "Say yes or no"),
            ("LANGUAGE", "<script>", "is not a language code"),
            ("COMMENT_MODE", "anything goes", "Choose one of"),
        ("DESCRIPTION", "x" * 301, "At most 300 characters"),
        ("SECRET_KEY", "mine", "not a setting that can be changed"),
        ("SQLALCHEMY_DATABASE_URI", "sqlite://", "not a setting that can be changed"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_stored(blog, cli, name, value, message):
    result = cli("settings", "set", name, value)

    assert result.exit_code != 0
    assert message in result.output
    with blog.app_context():
        assert db.session.scalars(sa.select(Setting)).all() == []


def test_the_configuration_wins_and_says_where(tmp_path, monkeypatch):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text('TITLE = "From the file"\n')
    monkeypatch.setenv("BLOG_DESCRIPTION", '"From the environment"')
    with blog_app(tmp_path, unfixed=EDITABLE) as app:
        runner = app.test_cli_runner()

        refused = runner.invoke(args=["settings", "set", "TITLE", "Mine"])
        shown = runner.invoke(args=["settings"]).output

        assert refused.exit_code != 0 and "fixed by instance/config.py" in refused.output
        assert "TITLE = 'From the file'  (instance/config.py)" in shown
        assert "DESCRIPTION = 'From the environment'  (the environment (BLOG_DESCRIPTION))" \
            in shown
        assert "TIMEZONE = 'UTC'  (the default)" in shown


def test_a_stored_value_that_became_invalid_falls_back_to_the_default(blog):
    with blog.app_context():
        db.session.add(Setting(name="TIMEZONE", value='"Atlantis/Capital"'))
        db.session.commit()
    with blog.test_request_context():
        assert setting("TIMEZONE") == "UTC"
        assert "Atlantis/Capital" in invalid_stored()["TIMEZONE"]
        assert ("TIMEZONE", "UTC", "the default") in describe()
    assert blog.test_client().get("/").status_code == 200


def test_a_new_time_zone_moves_posts_into_its_months(blog, cli):
    author = create_author(blog)
    # 23:30 on 31 January in UTC is already 1 February in Tokyo.
    write_post(blog, author, title="Late", published=datetime(2020, 1, 31, 23, 30, tzinfo=UTC))
    assert "/2020/01/late" in blog.test_client().get("/").text

    cli("settings", "set", "TIMEZONE", "Asia/Tokyo")
    home = blog.test_client().get("/").text

    assert "/2020/02/late" in home
    assert "February" in home and "January" not in home


def test_every_feed_carries_the_stored_title(blog, cli):
    post = write_post(blog, create_author(blog), title="An essay", labels=("Energy",))
    cli("settings", "set", "TITLE", "Notes on Energy")
    reader = blog.test_client()

    for path, title in (("/feeds/posts.atom", "Notes on Energy"),
                        ("/feeds/label/Energy.atom", "Notes on Energy: Energy"),
                        ("/feeds/comments.atom", "Comments on Notes on Energy")):
        assert f"<title>{title}</title>" in reader.get(path).text, path
    assert post
