"""Two app servers over one PostgreSQL database, as on two machines behind nginx: what
one takes in, the other shows and counts at once, and a log-in made on one holds on the
other.

The servers are real gunicorn processes, each with its own instance folder, prepared and
started as README's "Running on several machines" says: `flask db upgrade` and
`create-author` once, then gunicorn on every host with the same BLOG_SECRET_KEY. They
trust one proxy, as behind nginx, so each visitor here says its address in
X-Forwarded-For, as nginx would. Runs when the suite runs on PostgreSQL.
"""

import os
import re

import pytest
import requests
from flask_migrate.cli import db as migrate_commands

from blog import create_app
from blog.extensions import db
from tests.conftest import (
    AUTHOR_PASSWORD,
    AUTHOR_USERNAME,
    database_url_for_tests,
    drop_everything,
)
from tests.servers import blog_environment, start_gunicorn, stop_all
from tests.test_comments import hidden

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="several servers share a PostgreSQL database: set TEST_DATABASE_URL to run it",
)
SETTINGS = {
    "BLOG_SECRET_KEY": "one key, the same on every host",
    "BLOG_TRUSTED_PROXIES": "1",
    "BLOG_WORKERS": "2",
    "BLOG_COMMENT_MODE": "open",
    "BLOG_COMMENT_MIN_SECONDS": "0",
    "BLOG_COMMENT_RATE_LIMIT": "3",
    "BLOG_LOGIN_MAX_FAILURES_PER_ACCOUNT": "3",
}


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Hosts A and B over the suite's database: their base URLs, once both listen.

    The database is emptied, migrated and given its author with the `flask` commands
    (run in this process, to save starting Python again), and emptied again at the end.
    """
    folder = tmp_path_factory.mktemp("two-servers")
    url = database_url_for_tests(folder)
    shared = blog_environment(DATABASE_URL=url, **SETTINGS)
    # Started first, to boot while the database is prepared: they only use it for requests.
    servers = [
        start_gunicorn({**shared, "BLOG_INSTANCE_PATH": str(folder / name)}, folder / f"{name}.log")
        for name in ("a", "b")
    ]
    operator = create_app({"TESTING": True, "INSTANCE_PATH": folder / "operator",
                           "SECRET_KEY": SETTINGS["BLOG_SECRET_KEY"],
                           "SQLALCHEMY_DATABASE_URI": url})
    try:
        with operator.app_context():
            drop_everything()
        runner = operator.test_cli_runner()
        upgraded = runner.invoke(migrate_commands, ["upgrade"])  # `flask db upgrade`
        assert upgraded.exit_code == 0, upgraded.output
        created = runner.invoke(
            args=["create-author", AUTHOR_USERNAME, "--password", AUTHOR_PASSWORD])
        assert created.exit_code == 0, created.output
        for server in servers:
            server.wait_until_listening()
        yield [server.url for server in servers]
    finally:
        stop_all(servers)
        with operator.app_context():
            drop_everything()
            db.engine.dispose()


class Visitor:
    """One browser. Its cookies go to whichever host it asks, as when nginx picks one."""

    def __init__(self, address: str):
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = address

    def get(self, url: str) -> requests.Response:
        return self.session.get(url, allow_redirects=False, timeout=10)

    def post(self, url: str, data: dict) -> requests.Response:
        return self.session.post(url, data=data, allow_redirects=False, timeout=10)

    def log_in(self, host: str, username=AUTHOR_USERNAME, password=AUTHOR_PASSWORD):
        page = self.get(f"{host}/login").text
        return self.post(f"{host}/login", {
            "username": username, "password": password, "csrf_token": hidden(page, "csrf_token")
        })

    def comment(self, post_url: str, body: str, *, send_to: str) -> requests.Response:
        """Fill in the form under the post at ``post_url``, and send it to host ``send_to``."""
        page = self.get(post_url).text
        action = re.search(r'<form method="post" action="(/posts/\d+/comments)', page).group(1)
        return self.post(f"{send_to}{action}", {
            "name": "A reader", "website": "", "body": body, "homepage": "", "parent_id": "",
            "shown": hidden(page, "shown"), "csrf_token": hidden(page, "csrf_token"),
        })


@pytest.fixture(scope="module")
def post_path(hosts):
    """A post the author published through host A, found on host B's home page."""
    a, b = hosts
    author = Visitor("192.0.2.1")
    assert author.log_in(a).status_code == 302
    editor = author.get(f"{a}/dashboard/posts/new").text
    saved = author.post(f"{a}/dashboard/posts/new", {
        "title": "Two hosts, one blog", "body": "Both servers read one database.",
        "labels": "", "slug": "", "publish_at": "", "comment_mode": "",
        "csrf_token": hidden(editor, "csrf_token"), "publish": "Publish",
    })
    assert saved.status_code == 302
    home_on_b = Visitor("192.0.2.2").get(b).text
    return re.search(r'href="(/\d{4}/\d{2}/two-hosts-one-blog)"', home_on_b)[1]


def test_a_log_in_made_on_one_host_opens_the_dashboard_on_the_other(hosts):
    a, b = hosts
    browser = Visitor("198.51.100.1")

    logged_in = browser.log_in(a)
    dashboard = browser.get(f"{b}/dashboard")

    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/dashboard"
    assert dashboard.status_code == 200 and "Log out" in dashboard.text
    stranger = Visitor("198.51.100.2").get(f"{b}/dashboard")
    assert stranger.status_code == 302 and "/login" in stranger.headers["Location"]


def test_a_comment_sent_to_one_host_is_on_the_others_page_at_once(hosts, post_path):
    a, b = hosts
    reader, other_reader = Visitor("198.51.100.3"), Visitor("198.51.100.4")
    # B's two workers each keep the page they make until the site changes.
    for _ in range(6):
        assert "Seen from both hosts" not in other_reader.get(f"{b}{post_path}").text

    sent = reader.comment(f"{a}{post_path}", "Seen from both hosts at once.", send_to=a)

    assert sent.status_code == 302
    for _ in range(6):
        assert "Seen from both hosts at once." in other_reader.get(f"{b}{post_path}").text


def test_a_form_from_one_host_can_be_sent_to_the_other(hosts, post_path):
    a, b = hosts
    reader = Visitor("198.51.100.5")

    # Its CSRF token and signed stamp were made by A, with the key B has too.
    sent = reader.comment(f"{a}{post_path}", "Written on the form of A, taken by B.", send_to=b)

    assert sent.status_code == 302 and "#c" in sent.headers["Location"]
    assert "Written on the form of A, taken by B." in reader.get(f"{a}{post_path}").text


def test_the_comment_limit_counts_comments_sent_to_both_hosts(hosts, post_path):
    a, b = hosts
    reader = Visitor("198.51.100.6")  # BLOG_COMMENT_RATE_LIMIT=3 a minute

    accepted = [
        reader.comment(f"{a}{post_path}", f"Remark number {n} on the database.", send_to=host)
        for n, host in enumerate((a, b, a), start=1)
    ]
    refused = [
        reader.comment(f"{b}{post_path}", f"One too many, to {name}.", send_to=host)
        for name, host in (("B", b), ("A", a))
    ]

    assert [response.status_code for response in accepted] == [302, 302, 302]
    assert [response.status_code for response in refused] == [429, 429]
    assert "One too many, to B." in refused[0].text  # kept in the form, to send later
    someone_else = Visitor("198.51.100.7")
    assert someone_else.comment(f"{b}{post_path}", "Another reader.", send_to=b).status_code == 302


def test_failed_log_ins_are_counted_across_both_hosts(hosts):
    a, b = hosts
    # Guesses at one name from three addresses, spread over both hosts
    # (BLOG_LOGIN_MAX_FAILURES_PER_ACCOUNT=3); the name need not exist to be protected.
    guesses = [
        Visitor(address).log_in(host, username="editor", password="guess")
        for address, host in (("203.0.113.1", a), ("203.0.113.2", b), ("203.0.113.3", a))
    ]
    fourth = Visitor("203.0.113.4").log_in(b, username="editor", password="guess")

    assert [guess.status_code for guess in guesses] == [200, 200, 200]
    assert all("Wrong username or password." in guess.text for guess in guesses)
    assert fourth.status_code == 429 and int(fourth.headers["Retry-After"]) > 0
