"""Two app servers over one PostgreSQL database send one outbox: every message reaches the
SMTP server exactly once, whichever of their four sender threads claims it, including
the notices of comments taken in by either server.

Runs when the suite runs on PostgreSQL (TEST_DATABASE_URL).
"""

import os
import re
import time
from collections import Counter

import pytest
import requests
from flask_migrate.cli import db as migrate_commands

from blog import create_app
from blog.extensions import db
from blog.mail.outbox import queue_mail
from blog.models import Author, Post
from blog.posts.links import post_url
from blog.posts.publishing import publish, set_content
from tests.helpers import (
    AUTHOR_PASSWORD,
    AUTHOR_USERNAME,
    database_url_for_tests,
    drop_everything,
)
from tests.mail.smtp_server import SmtpServer
from tests.server.clients import TIMEOUT, comment_form
from tests.server.serving import BlogServer, blog_environment

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="several servers share a PostgreSQL database: set TEST_DATABASE_URL to run it",
)
QUEUED = 40
COMMENTS = 6


def test_two_servers_send_each_message_exactly_once(tmp_path):
    smtp = SmtpServer().start()
    url = database_url_for_tests(tmp_path)
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port,
            "MAIL_DEFAULT_SENDER": "blog@notes.example"}
    operator = create_app({"TESTING": True, "INSTANCE_PATH": tmp_path / "operator",
                           "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url} | mail)
    servers: list[BlogServer] = []
    try:
        with operator.app_context():
            drop_everything()
        runner = operator.test_cli_runner()
        assert runner.invoke(migrate_commands, ["upgrade"]).exit_code == 0
        assert runner.invoke(args=["create-author", AUTHOR_USERNAME, "--password",
                                   AUTHOR_PASSWORD]).exit_code == 0
        with operator.test_request_context():
            db.session.query(Author).update({"email": "ana@notes.example"})
            post = Post(author=db.session.query(Author).one(), title="Grid Tariffs",
                        slug="grid-tariffs")
            db.session.add(post)
            set_content(post, title="Grid Tariffs", body="Why charges rise.", label_names=[])
            publish(post)
            for number in range(QUEUED):
                queue_mail("reader@readers.example", f"Queued {number}", "Body")
            db.session.commit()
            path = post_url(post)
        for name in ("a", "b"):
            env = blog_environment(tmp_path / name, url, SECRET_KEY="same key",
                                   COMMENT_RATE_LIMIT=100, COMMENT_MIN_SECONDS=0, **mail)
            servers.append(BlogServer(env, tmp_path / f"{name}.log", workers=2).start())

        for number in range(COMMENTS):  # held for approval: each mails the author
            base = servers[number % 2].url
            session = requests.Session()
            page = session.get(base + path, timeout=TIMEOUT).text
            fields = comment_form(session, base, page) | {
                "name": f"Reader {number}", "body": f"Held comment {number}."}
            answer = session.post(base + _action(page), data=fields, timeout=TIMEOUT)
            assert answer.status_code == 200, answer.text[:300]
        for _ in range(8):  # wake every worker's sender (each starts with its first request)
            for server in servers:
                requests.get(server.url + "/", timeout=TIMEOUT)

        deadline = time.monotonic() + 60
        while len(smtp.inbox.messages) < QUEUED + COMMENTS and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # anything sent twice would arrive by now

        subjects = Counter(message["Subject"] for message in smtp.inbox.messages)
        assert sum(subjects.values()) == QUEUED + COMMENTS, subjects
        assert all(count == 1 for subject, count in subjects.items()
                   if subject.startswith("Queued")), subjects
        assert subjects["A comment on “Grid Tariffs” waits for your approval"] == COMMENTS
        assert len({m["Message-ID"] for m in smtp.inbox.messages}) == QUEUED + COMMENTS
    finally:
        for server in servers:
            server.stop()
        smtp.stop()
        with operator.app_context():
            drop_everything()
            db.engine.dispose()


def _action(page: str) -> str:
    """Where the page's comment form posts."""
    return re.search(r'<form method="post" action="([^"#]+)[^"]*" class="form"', page).group(1)
