"""Two app servers over one PostgreSQL database, as on two machines behind nginx: what
one takes in, the other shows and counts at once, and a log-in made on one holds on the
other.

The servers are gunicorn processes, each with its own instance folder and the same
BLOG_SECRET_KEY, as README's "Running on several machines" says. They trust one proxy, as
behind nginx, so each visitor here gives its address in X-Forwarded-For, as nginx would.
Runs when the suite runs on PostgreSQL (TEST_DATABASE_URL).
"""

import os

import pytest
import requests
from flask_migrate.cli import db as migrate_commands

from blog import create_app
from blog.extensions import db
from tests.helpers import (
    AUTHOR_PASSWORD,
    AUTHOR_USERNAME,
    database_url_for_tests,
    drop_everything,
)
from tests.server.clients import (
    TIMEOUT,
    AuthorClient,
    PublishedPost,
    comment_form,
    form_with,
)
from tests.server.serving import BlogServer, blog_environment

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="several servers share a PostgreSQL database: set TEST_DATABASE_URL to run it",
)
HOST_SETTINGS = {
    "SECRET_KEY": "one key, the same on every host",
    "TRUSTED_PROXIES": 1,
    "COMMENT_MODE": "open",
    "COMMENT_MIN_SECONDS": 0,
    "COMMENT_RATE_LIMIT": 3,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 3,
}


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Hosts A and B over the suite's database, answering; their base URLs.

    The database is emptied, migrated and given its author with the `flask` commands
    (run in this process: starting Python for each would cost seconds), and emptied
    again once both servers have stopped.
    """
    folder = tmp_path_factory.mktemp("two-servers")
    url = database_url_for_tests(folder)
    operator = create_app({"TESTING": True, "INSTANCE_PATH": folder / "operator",
                           "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    started: list[BlogServer] = []
    try:
        with operator.app_context():
            drop_everything()
        runner = operator.test_cli_runner()
        upgraded = runner.invoke(migrate_commands, ["upgrade"])  # `flask db upgrade`
        assert upgraded.exit_code == 0, upgraded.output
        created = runner.invoke(
            args=["create-author", AUTHOR_USERNAME, "--password", AUTHOR_PASSWORD])
        assert created.exit_code == 0, created.output
        for name in ("a", "b"):
            env = blog_environment(folder / name, url, **HOST_SETTINGS)
            started.append(BlogServer(env, folder / f"{name}.log", workers=2).start())
        yield [server.url for server in started]
    finally:
        for server in started:
            server.stop()
        with operator.app_context():
            drop_everything()
            db.engine.dispose()


class Visitor:
    """One browser. Its cookies go to whichever host it asks, as when nginx picks one."""

    def __init__(self, address: str):
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address

    def get(self, url: str) -> requests.Response:
        return self.session.get(url, allow_redirects=False, timeout=TIMEOUT)

    def post(self, url: str, fields: dict) -> requests.Response:
        return self.session.post(url, data=fields, allow_redirects=False, timeout=TIMEOUT)

    def log_in(self, host: str, username=AUTHOR_USERNAME, password=AUTHOR_PASSWORD):
        fields = form_with(self.get(f"{host}/login").text, "username")
        fields.update(username=username, password=password)
        return self.post(f"{host}/login", fields)

    def comment(self, post: PublishedPost, text: str, *, form_from: str, send_to: str):
        """Fill in the form under ``post`` as host ``form_from`` shows it; send it to
        host ``send_to``."""
        page = self.get(f"{form_from}{post.path}").text
        fields = comment_form(self.session, form_from, page)
        fields.update(name="A reader", body=text)
        return self.post(f"{send_to}/posts/{post.id}/comments", fields)


@pytest.fixture(scope="module")
def post(hosts) -> PublishedPost:
    """A post the author published through host A."""
    author = AuthorClient(hosts[0])
    author.session.headers["X-Forwarded-For"] = "192.0.2.1"
    author.log_in(AUTHOR_USERNAME, AUTHOR_PASSWORD)
    return author.publish("Two hosts, one blog", "Both servers read one database.")


def test_a_post_published_through_one_host_is_on_the_others_home_page(hosts, post):
    home_on_b = Visitor("192.0.2.2").get(hosts[1]).text

    assert f'href="{post.path}"' in home_on_b


def test_a_log_in_made_on_one_host_opens_the_dashboard_on_the_other(hosts):
    a, b = hosts
    browser = Visitor("198.51.100.1")

    logged_in = browser.log_in(a)
    dashboard = browser.get(f"{b}/dashboard")

    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/dashboard"
    assert dashboard.status_code == 200 and "Log out" in dashboard.text
    stranger = Visitor("198.51.100.2").get(f"{b}/dashboard")
    assert stranger.status_code == 302 and "/login" in stranger.headers["Location"]


def test_a_comment_sent_to_one_host_is_on_the_others_page_at_once(hosts, post):
    a, b = hosts
    reader, other_reader = Visitor("198.51.100.3"), Visitor("198.51.100.4")
    # B's two workers each keep the page they make until the site changes.
    for _ in range(6):
        assert "Seen from both hosts" not in other_reader.get(f"{b}{post.path}").text

    sent = reader.comment(post, "Seen from both hosts at once.", form_from=a, send_to=a)

    assert sent.status_code == 302
    for _ in range(6):
        assert "Seen from both hosts at once." in other_reader.get(f"{b}{post.path}").text


def test_a_form_shown_by_one_host_can_be_sent_to_the_other(hosts, post):
    a, b = hosts
    reader = Visitor("198.51.100.5")

    # Its CSRF token and signed stamp were made by A, with the key B has too.
    sent = reader.comment(post, "Written on the form of A, taken by B.", form_from=a, send_to=b)

    assert sent.status_code == 302 and "#c" in sent.headers["Location"]
    assert "Written on the form of A, taken by B." in reader.get(f"{a}{post.path}").text


def test_the_comment_limit_counts_comments_sent_to_both_hosts(hosts, post):
    a, b = hosts
    reader = Visitor("198.51.100.6")  # COMMENT_RATE_LIMIT: 3 a minute

    accepted = [
        reader.comment(post, f"Remark number {n} on the database.", form_from=b, send_to=host)
        for n, host in enumerate((a, b, a), start=1)
    ]
    refused = [
        reader.comment(post, f"One too many, to {name}.", form_from=b, send_to=host)
        for name, host in (("B", b), ("A", a))
    ]

    assert [response.status_code for response in accepted] == [302, 302, 302]
    assert [response.status_code for response in refused] == [429, 429]
    assert "One too many, to B." in refused[0].text  # kept in the form, to send later
    someone_else = Visitor("198.51.100.7")
    assert someone_else.comment(post, "Another reader.", form_from=b, send_to=b).status_code == 302


def test_failed_log_ins_are_counted_across_both_hosts(hosts):
    a, b = hosts
    # Guesses at one name from four addresses, spread over both hosts
    # (LOGIN_MAX_FAILURES_PER_ACCOUNT: 3); a name need not exist to be protected.
    guesses = [
        Visitor(address).log_in(host, username="editor", password="guess")
        for address, host in (("203.0.113.1", a), ("203.0.113.2", b), ("203.0.113.3", a))
    ]
    fourth = Visitor("203.0.113.4").log_in(b, username="editor", password="guess")

    assert [guess.status_code for guess in guesses] == [200, 200, 200]
    assert all("Wrong username or password." in guess.text for guess in guesses)
    assert fourth.status_code == 429 and int(fourth.headers["Retry-After"]) > 0
