"""Fixtures for the served layer: the test's database, migrated, served by gunicorn.

The database is the one the ``app`` fixture uses (a file in the test's folder, or
TEST_DATABASE_URL's PostgreSQL database), emptied first because migrations start from
nothing; the ``app`` fixture empties it again once the server has stopped, and serves
the tests' direct queries meanwhile.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from blog.extensions import db
from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME, drop_everything
from tests.server.clients import AuthorClient, PublishedPost, Record
from tests.server.serving import BlogServer, prepare_instance

POST_BODY = "Why fixed charges on the electricity grid rise, and who pays for them."


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/server/" in item.nodeid:
            item.add_marker(pytest.mark.server)


@dataclass
class ServedBlog:
    server: BlogServer
    env: dict
    posts: list[PublishedPost]

    def author(self, record: Record | None = None) -> AuthorClient:
        """The author, logged in through the form in a browser of their own."""
        client = AuthorClient(self.server.url, record)
        client.log_in(AUTHOR_USERNAME, AUTHOR_PASSWORD)
        return client


@pytest.fixture
def servers():
    """Start ``BlogServer``s through this; every one is stopped when the test ends."""
    started: list[BlogServer] = []

    def start(env: dict, log_path: Path, workers: int | None = 4) -> BlogServer:
        server = BlogServer(env, log_path, workers=workers)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def served_settings() -> dict:
    """Settings of the served blog beyond SERVED_SETTINGS (a test module overrides this)."""
    return {}


@pytest.fixture
def served_blog(app, servers, served_settings, tmp_path) -> ServedBlog:
    """The blog served by gunicorn with four workers, with three published posts."""
    with app.app_context():
        drop_everything()
        db.engine.dispose()
    env = prepare_instance(tmp_path / "served", app.config["SQLALCHEMY_DATABASE_URI"],
                           **served_settings)
    server = servers(env, tmp_path / "gunicorn.log")
    author = AuthorClient(server.url)
    author.log_in(AUTHOR_USERNAME, AUTHOR_PASSWORD)
    posts = [author.publish(f"Grid tariffs, part {n}", POST_BODY) for n in (1, 2, 3)]
    assert author.record.problems == []
    return ServedBlog(server, env, posts)

