"""Two app servers over one PostgreSQL database count views together: many readers read
pages and load their counting stylesheets on both at once, every worker of both writes
what it counted every second, and the stored counts are exactly what was loaded. Every
view is there (no addition lost to another process's write of the same row at the same
moment), and each reader is one visitor of the blog and of each page they read, however
many workers on however many hosts saw them (the same secret key: the same marks).

The servers trust one proxy, as behind nginx, so each reader gives its own address in
X-Forwarded-For. Runs when the suite runs on PostgreSQL (TEST_DATABASE_URL).
"""

import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask_migrate.cli import db as migrate_commands

from blog import create_app
from blog.extensions import db
from blog.models import Author, Post
from blog.posts.links import post_url
from blog.posts.publishing import publish, set_content
from tests.helpers import (
    AUTHOR_PASSWORD,
    AUTHOR_USERNAME,
    database_url_for_tests,
    drop_everything,
)
from tests.server.checks import log_problems, stored_views
from tests.server.clients import PageReader
from tests.server.serving import BlogServer, blog_environment

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="several servers share a PostgreSQL database: set TEST_DATABASE_URL to run it",
)
READERS = 60
VISITS_EACH = 6  # pages each reader reads, on one host and then the other
VIEWS_EACH = 2  # each page shown twice (read, then shown again: the stylesheet again)
HOST_SETTINGS = {"SECRET_KEY": "one key, the same on every host", "TRUSTED_PROXIES": 1,
                 "STATS_WRITE_EVERY_SECONDS": 1}


def test_two_servers_count_every_view_and_each_reader_once(tmp_path):
    url = database_url_for_tests(tmp_path)
    operator = create_app({"TESTING": True, "INSTANCE_PATH": tmp_path / "operator",
                           "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    servers: list[BlogServer] = []
    try:
        with operator.app_context():
            drop_everything()
        runner = operator.test_cli_runner()
        assert runner.invoke(migrate_commands, ["upgrade"]).exit_code == 0
        assert runner.invoke(args=["create-author", AUTHOR_USERNAME, "--password",
                                   AUTHOR_PASSWORD]).exit_code == 0
        paths = ["/", *_publish(operator, ["Grid tariffs", "Water demand", "Housing policy"])]
        for name in ("a", "b"):
            env = blog_environment(tmp_path / name, url, **HOST_SETTINGS)
            servers.append(BlogServer(env, tmp_path / f"{name}.log", workers=3).start())

        with ThreadPoolExecutor(max_workers=12) as pool:
            read = [future.result() for future in [
                pool.submit(_reader, number, [server.url for server in servers], paths)
                for number in range(READERS)]]

        views = Counter(path for reader in read for path in reader for _ in range(VIEWS_EACH))
        visitors = Counter(path for reader in read for path in set(reader))
        expected = {"views": sum(views.values()), "visitors": READERS,
                    "reader requests": sum(len(reader) for reader in read),
                    **{f"views {path}": n for path, n in views.items()},
                    **{f"visitors {path}": n for path, n in visitors.items()}}
        deadline = time.monotonic() + 60
        while stored_views(operator) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2.5)  # two more passes of every writer: anything counted twice shows

        assert stored_views(operator) == expected
        for server in servers:
            log = server.log()
            assert "statistics" not in log and "Traceback" not in log
            assert log_problems(log) == []
    finally:
        for server in servers:
            server.stop()
        with operator.app_context():
            drop_everything()
            db.engine.dispose()


def _publish(operator, titles: list[str]) -> list[str]:
    with operator.test_request_context():
        author = db.session.query(Author).one()
        posts = []
        for title in titles:
            post = Post(author=author)
            db.session.add(post)
            set_content(post, title=title, body=f"What {title.lower()} cost.", label_names=[])
            publish(post)
            posts.append(post)
        db.session.commit()
        return [post_url(post) for post in posts]


def _reader(number: int, hosts: list[str], paths: list[str]) -> list[str]:
    """One reader from an address of their own, reading on both hosts in turn; the
    paths they read, once for each reading."""
    reader = PageReader(f"198.51.100.{number + 1}")
    read = []
    for visit in range(VISITS_EACH):
        host, path = hosts[(number + visit) % 2], paths[(number + visit) % len(paths)]
        stylesheet = reader.read(host, path)
        for _ in range(VIEWS_EACH - 1):
            reader.load(hosts[(number + visit + 1) % 2], stylesheet)
        read.append(path)
    return read
