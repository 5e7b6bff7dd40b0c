"""First start in the browser: only the person who runs the server, holding the code it
prints, creates the blog's author; everyone else gets a clear page."""

import logging
import re
import threading

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Author, SetupCode
from tests.helpers import AUTHOR_PASSWORD, blog_app, create_author, join_all

LINE = re.compile(r"Set up the blog at (http://[^/\s]+)/setup\?code=([\w-]+)")
EDITABLE = ("TITLE", "DESCRIPTION", "TIMEZONE")


@pytest.fixture
def fresh(tmp_path):
    """A blog with no author, whose title, description and time zone are not fixed."""
    with blog_app(tmp_path, unfixed=EDITABLE) as app:
        yield app


def setup_code(app) -> str:
    result = app.test_cli_runner().invoke(args=["setup-link", "--url", "http://blog.test"])
    assert result.exit_code == 0, result.output
    match = LINE.search(result.output)
    assert match and match.group(1) == "http://blog.test"
    return match.group(2)


def filled(code: str, **changes) -> dict:
    return {
        "code": code, "title": "Notes on Energy", "description": "Grids and prices.",
        "display_name": "Rana Haddad", "username": "rana", "password": AUTHOR_PASSWORD,
        "confirm": AUTHOR_PASSWORD, "timezone": "Asia/Baghdad",
    } | changes


def authors(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Author.username)))


def test_a_fresh_blog_points_to_setup_on_its_pages(fresh):
    home = fresh.test_client().get("/")

    assert "Welcome to your new blog" in home.text
    assert 'href="/setup"' in home.text
    assert "This blog has no author yet" in home.text  # the sidebar, on every page


def test_setup_without_the_code_says_where_it_is_and_prints_it_again(fresh, caplog):
    caplog.set_level(logging.WARNING, logger="blog.setup")

    page = fresh.test_client().get("/setup")

    assert page.status_code == 200
    assert "one-time code" in page.text and "flask --app app setup-link" in page.text
    line = LINE.search(caplog.text)
    assert line and line.group(1) == "http://localhost"
    assert line.group(2) not in page.text
    assert len(line.group(2)) >= 32  # 192 random bits


def test_the_code_is_the_same_for_every_process_and_long_and_random(fresh):
    first = setup_code(fresh)

    assert setup_code(fresh) == first
    assert len(first) >= 32


def test_the_right_code_sets_up_the_blog_and_logs_the_author_in(fresh):
    code = setup_code(fresh)
    browser = fresh.test_client()

    form = browser.get(f"/setup?code={code}")
    done = browser.post(f"/setup?code={code}", data=filled(code))

    assert form.status_code == 200 and 'name="username"' in form.text
    assert done.status_code == 302 and done.headers["Location"] == "/dashboard"
    dashboard = browser.get("/dashboard").text
    assert "Your blog is ready" in dashboard
    assert "Write your first post" in dashboard and "Fill the blog with sample essays" in dashboard
    assert authors(fresh) == ["rana"]
    reader = fresh.test_client().get("/").text
    assert "<title>Notes on Energy</title>" in reader and "Grids and prices." in reader
    assert "Rana Haddad" in reader and "This blog has no author yet" not in reader


def test_the_blog_starts_in_the_chosen_time_zone(fresh):
    code = setup_code(fresh)
    fresh.test_client().post("/setup", data=filled(code, timezone="America/Chicago"))

    listed = fresh.test_cli_runner().invoke(args=["settings"]).output

    assert "TIMEZONE = 'America/Chicago'  (stored in the blog)" in listed


def test_the_blog_keeps_the_address_it_was_set_up_at_and_refuses_other_hosts(fresh):
    # Issue 24, finding 4: links used to follow any Host header a request named.
    code = setup_code(fresh)
    browser = fresh.test_client()
    at = {"base_url": "http://blog.test:8080"}

    form = browser.get(f"/setup?code={code}", **at)
    browser.post("/setup", data=filled(code), **at)
    stray = fresh.test_client().get("/feeds/posts.atom", headers={"Host": "evil.example"})
    own = fresh.test_client().get("/feeds/posts.atom", **at)

    assert stray.status_code == 400 and "evil.example" not in stray.text
    assert own.status_code == 200 and "http://blog.test:8080/" in own.text
    assert "<strong>http://blog.test:8080</strong>" in form.text
    listed = fresh.test_cli_runner().invoke(args=["settings"]).output
    assert "ADDRESS = 'http://blog.test:8080'  (stored in the blog)" in listed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short", "confirm": "short"}, "at least 10 characters"),
        ({"confirm": "something else entirely"}, "The two passwords are not the same."),
        ({"timezone": "Mars/Olympus_Mons"}, "is not a time zone name"),
        ({"title": "  "}, "Give the blog a title."),
        ({"username": "two words"}, "A username has no spaces."),
        ({"display_name": ""}, "Say whose blog this is."),
    ],
)
def test_a_mistake_comes_back_with_everything_typed(fresh, changes, message):
    code = setup_code(fresh)

    page = fresh.test_client().post("/setup", data=filled(code, **changes))

    assert page.status_code == 422
    assert message in page.text
    assert 'value="Notes on Energy"' in page.text or "title" in changes
    assert 'value="Rana Haddad"' in page.text or "display_name" in changes
    assert authors(fresh) == []


def test_a_wrong_code_is_refused_and_counts_as_a_failed_log_in(fresh):
    fresh.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    right = setup_code(fresh)
    guesser = fresh.test_client()

    answers = [guesser.post("/setup", data=filled("guess")) for _ in range(3)]
    paused = guesser.get(f"/setup?code={right}")

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert "That setup code is not this blog" in answers[0].text
    assert paused.status_code == 429
    assert authors(fresh) == []


def test_the_code_works_once(fresh):
    code = setup_code(fresh)
    fresh.test_client().post("/setup", data=filled(code))

    again = fresh.test_client().post("/setup", data=filled(code, username="mallory"))

    assert again.status_code == 410 and "already set up" in again.text
    assert authors(fresh) == ["rana"]
    with fresh.app_context():
        assert db.session.get(SetupCode, 1) is None


def test_no_setup_once_an_author_exists(fresh):
    setup_code(fresh)
    create_author(fresh)  # with the command line, as before

    page = fresh.test_client().get("/setup")
    link = fresh.test_cli_runner().invoke(args=["setup-link"])

    assert page.status_code == 410
    assert link.exit_code != 0 and "has its author already" in link.output


def test_two_people_sending_the_form_at_once_make_one_author(fresh):
    code = setup_code(fresh)
    start = threading.Barrier(2, timeout=30)
    answers = {}

    def send(username):
        client = fresh.test_client()
        start.wait()
        answers[username] = client.post("/setup", data=filled(code, username=username))

    threads = [threading.Thread(target=send, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    join_all(threads)

    statuses = sorted(answer.status_code for answer in answers.values())
    assert len(authors(fresh)) == 1
    assert statuses[0] == 302 and statuses[1] in (409, 410)
    loser = next(a for a in answers.values() if a.status_code != 302)
    assert "already set up" in loser.text


def test_the_configuration_fixes_what_it_says(tmp_path):
    with blog_app(tmp_path, unfixed=("DESCRIPTION", "TIMEZONE")) as app:  # TITLE is fixed
        code = setup_code(app)
        form = app.test_client().get(f"/setup?code={code}").text
        data = filled(code)
        del data["title"]
        done = app.test_client().post("/setup", data=data)

    assert "The title is set by the app&#39;s configuration: <q>Notes on Things</q>" in form
    assert 'name="title"' not in form
    assert done.status_code == 302
