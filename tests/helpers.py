"""What the tests share: the blog's test settings, a fresh blog, and ways to fill it and
act in it as its author does. Fixtures built on these are in conftest.py."""

import io
import os
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import NoReturn

import pytest
import sqlalchemy as sa
from babel.support import Translations
from playwright.sync_api import expect

from blog import create_app, database_url
from blog.cache.site_version import SITE_VERSION_SQL, site_version_reader
from blog.comments.moderation import new_comment
from blog.extensions import db
from blog.i18n.locale import SOURCE_LANGUAGE, TRANSLATIONS, babel_name
from blog.models import Author, Comment, CommentMode, CommentStatus, Post, PostKind, SiteState
from blog.posts.links import post_url
from blog.posts.publishing import publish, set_content
from blog.search.index import create_search_table, drop_search_table
from blog.utils.database import utcnow

AUTHOR_USERNAME = "ana"


AUTHOR_PASSWORD = "correct horse battery staple"


def missing_tool(reason: str) -> NoReturn:
    """A program the test needs (nginx, Chromium, Java) is not installed: the test fails
    under CI (``CI=true``), where a skipped test would let the run pass having checked
    nothing, and is skipped elsewhere. ``./scripts/test`` installs them all."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(reason)


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    """Wait until ``condition()`` is true; after ``timeout`` seconds the test fails, saying
    ``what`` it waited for."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}", pytrace=False)
        time.sleep(0.02)


def join_all(threads: Iterable[threading.Thread], timeout: float = 120) -> None:
    """Wait for every thread to end, ``timeout`` seconds at most in all; the test fails,
    naming the threads still running, if one has not by then."""
    deadline = time.monotonic() + timeout
    threads = list(threads)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    running = [thread.name for thread in threads if thread.is_alive()]
    if running:
        pytest.fail(f"threads still running after {timeout} s: {', '.join(running)}",
                    pytrace=False)


def database_url_for_tests(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return database_url(url) if url else f"sqlite:///{tmp_path / 'blog.sqlite'}"


def drop_everything() -> None:
    """Empty the database: the search index, the models' tables, Alembic's bookkeeping."""
    with db.engine.begin() as connection:
        drop_search_table(connection)
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def create_everything() -> None:
    """The schema the migrations make: the models' tables, the site version, the index."""
    db.create_all()
    with db.engine.begin() as connection:
        connection.execute(sa.insert(SiteState).values(id=1, version=1))
        create_search_table(connection)


TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test secret key",
    "WTF_CSRF_ENABLED": False,
    "TITLE": "Notes on Things",
    "DESCRIPTION": "Essays with sources.",
    "TIMEZONE": "UTC",
    # Test clients post at once; the timing signal has tests of its own.
    "COMMENT_MIN_SECONDS": 0,
}


@contextmanager
def blog_app(folder: Path, unfixed: tuple[str, ...] = (), **settings):
    """A blog with an empty database under ``folder``; ``settings`` override the tests'.
    Names in ``unfixed`` are left out of the configuration, so the blog's stored value or
    the default applies, as for a blog whose config file does not set them."""
    config = TEST_SETTINGS | {
        "INSTANCE_PATH": folder / "instance",
        "SQLALCHEMY_DATABASE_URI": database_url_for_tests(folder),
    } | settings
    app = create_app({name: value for name, value in config.items() if name not in unfixed})
    with app.app_context():
        drop_everything()
        create_everything()
    yield app
    site_version_reader(app).close()
    with app.app_context():
        db.session.remove()
        drop_everything()
        db.engine.dispose()


def refuse_nul_like_postgresql(conn, cursor, statement, parameters, context, executemany):
    """Make SQLite refuse what PostgreSQL refuses: text with a NUL character in it."""
    rows = parameters if executemany else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, dict) else row
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes")


def record_statements(app, seen: list[str]) -> None:
    """Note in ``seen`` every SQL statement ``app`` runs from here on, as text: those
    that go through SQLAlchemy, and the site-state read on its held cursor, which
    SQLAlchemy's events do not see (blog.cache.site_version)."""
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    reader = site_version_reader(app)
    read = reader.read

    def read_and_note():
        seen.append(SITE_VERSION_SQL)
        return read()

    reader.read = read_and_note


def create_author(app) -> int:
    """Save the blog's author with a known password; return the author's id."""
    with app.app_context():
        author = Author(username=AUTHOR_USERNAME, display_name="Ana Analyst")
        author.set_password(AUTHOR_PASSWORD)
        db.session.add(author)
        db.session.commit()
        return author.id


def write_post(
    app,
    author_id: int,
    title: str = "An essay",
    body: str = "Some thoughtful text.",
    labels: tuple[str, ...] = (),
    published: datetime | timedelta = timedelta(hours=1),
    draft: bool = False,
    slug: str = "",
    page: bool = False,
    nav_position: int | None = None,
    comment_mode: CommentMode | None = None,
) -> SimpleNamespace:
    """Write a post and return its id, slug and (when readers can see it) its path.

    ``published`` is when it was, or will be, published: a datetime, or a timedelta
    back from now. ``draft=True`` leaves it unpublished. ``page=True`` makes a standing
    page (at /p/<slug>) instead, placed in the navigation at ``nav_position``.
    """
    with app.test_request_context():
        post = Post(author=db.session.get(Author, author_id), comment_mode=comment_mode,
                    kind=PostKind.PAGE if page else PostKind.POST, nav_position=nav_position)
        db.session.add(post)
        set_content(post, title=title, body=body, label_names=list(labels), slug=slug)
        if not draft:
            when = utcnow() - published if isinstance(published, timedelta) else published
            publish(post, at=when)
        db.session.commit()
        path = None if draft else post_url(post)
        return SimpleNamespace(id=post.id, slug=post.slug, path=path)


def write_comment(
    app,
    post_id: int,
    body: str = "A comment.",
    name: str = "",
    parent_id: int | None = None,
    status: CommentStatus = CommentStatus.APPROVED,
    website: str = "",
) -> int:
    """Add a comment to a post and return its id."""
    with app.app_context():
        comment = new_comment(
            db.session.get(Post, post_id),
            parent=db.session.get(Comment, parent_id) if parent_id else None,
            body=body,
            name=name,
            website=website,
            status=status,
        )
        db.session.commit()
        return comment.id


TINY_GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def upload_image(client, data: bytes = TINY_GIF) -> str:
    """Upload an image as the logged-in author does; return its stored file name."""
    response = client.post(
        "/dashboard/uploads",
        data={"image": (io.BytesIO(data), "picture.gif"), "alt": ""},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json["name"]


class AuthActions:
    """Log in and out through the real forms, as the author does."""

    def __init__(self, client):
        self._client = client

    def login(self, username=AUTHOR_USERNAME, password=AUTHOR_PASSWORD, **extra):
        return self._client.post(
            "/login", data={"username": username, "password": password, **extra}
        )

    def logout(self):
        return self._client.post("/logout")


def log_in(page, live_server, app=None):
    """Log in through the form, finding its fields by their labels in ``app``'s language
    (English without ``app``)."""
    language = babel_name(app.config["LANGUAGE"]) if app else SOURCE_LANGUAGE
    words = Translations.load(str(TRANSLATIONS), [language]).gettext
    page.goto(live_server + "/login")
    page.get_by_label(words("Username")).fill(AUTHOR_USERNAME)
    page.get_by_label(words("Password")).fill(AUTHOR_PASSWORD)
    page.get_by_role("button", name=words("Log in")).click()
    expect(page).to_have_url(live_server + "/dashboard")
