"""Fixtures for the test-client layer: a fresh blog per test, and ways to fill it
(the helpers behind them are in tests/helpers.py).

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run
the whole suite on PostgreSQL; by default each test gets its own SQLite file.
"""

import functools

import pytest
import sqlalchemy as sa

from blog.extensions import db
from tests.helpers import (
    BLOG_LANGUAGES,
    AuthActions,
    blog_app,
    create_author,
    record_statements,
    refuse_nul_like_postgresql,
    write_comment,
    write_post,
)


@pytest.fixture
def app(tmp_path):
    with blog_app(tmp_path) as app:
        yield app


@pytest.fixture
def nul_refused(app):
    """Queries carrying a NUL fail on SQLite too, so a test shows none reaches the database."""
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", refuse_nul_like_postgresql)


@pytest.fixture
def statements(app) -> list[str]:
    """Every SQL statement the app runs from here on, as text."""
    seen: list[str] = []
    record_statements(app, seen)
    return seen


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def author(app) -> int:
    """The blog's author, saved with a known password; returns the author's id."""
    return create_author(app)


@pytest.fixture
def make_post(app, author):
    """``write_post`` for this test's blog and author."""
    return functools.partial(write_post, app, author)


@pytest.fixture
def make_comment(app):
    """``write_comment`` for this test's blog."""
    return functools.partial(write_comment, app)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def logged_in(auth, author):
    """The test client, with the author logged in."""
    response = auth.login()
    assert response.status_code == 302, "the author could not log in"
    return auth


@pytest.fixture(params=BLOG_LANGUAGES)
def blog_language(request, app) -> str:
    """The blog's language (its LANGUAGE setting), once for each language it ships."""
    app.config["LANGUAGE"] = request.param
    return request.param
