"""What the tests share: the blog's test settings, a fresh blog, and ways to fill it and
act in it as its author does. Fixtures built on these are in conftest.py."""

import functools
import io
import os
import re
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
from flask_babel import force_locale, gettext, ngettext
from jinja2 import BytecodeCache
from PIL import Image
from playwright.sync_api import expect

from blog import create_app, database_url
from blog.cache.site_version import SITE_VERSION_SQL, site_version_reader
from blog.comments.moderation import new_comment
from blog.extensions import db
from blog.i18n import long_date, number
from blog.i18n.locale import babel_name
from blog.models import Author, Comment, CommentMode, CommentStatus, Post, PostKind, SiteState
from blog.posts.links import post_url
from blog.posts.publishing import publish, set_content
from blog.search.index import create_search_table, drop_search_table
from blog.settings import setting
from blog.utils.database import utcnow

AUTHOR_USERNAME = "ana"
# The languages the blog ships (English, the source; Arabic, right to left, six plural
# forms; German): the journeys run in each (the ``blog_language`` fixture).
BLOG_LANGUAGES = ["en", "ar", "de"]


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
    # scrypt takes 0.1 s a hash, in every test that makes the author or logs in; the
    # hash a blog gets by default is tested on its own.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
}


class SharedTemplateCode(BytecodeCache):
    """Templates compiled once for the whole run instead of once in each test's blog.
    Every test makes an app of its own, whose Jinja environment would compile again each
    template it renders: about 0.1 s a test. Jinja checks each template's source against
    the code it gets, so a changed template is compiled again."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()


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
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
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


# A real 1x1 GIF (the uploads decode what they keep), 43 bytes.
TINY_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
            b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def picture(width: int = 2000, height: int = 1000, kind: str = "JPEG",
            exif: Image.Exif | None = None, noise: bool = False) -> bytes:
    """A real image made with Pillow: one colour (a 2000x1000 JPEG takes a few
    milliseconds), or noise, which compresses as badly as a photo does."""
    if noise:
        image = Image.effect_noise((width, height), 64).convert("RGB")
    else:
        image = Image.new("RGB", (width, height), (180, 120, 60))
    out = io.BytesIO()
    image.save(out, kind, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


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


@contextmanager
def _speaking(app, language: str | None):
    with app.test_request_context(), force_locale(babel_name(language or setting("LANGUAGE"))):
        yield


def said(app, message: str, /, *, language: str | None = None, **variables) -> str:
    """What ``app`` says for the English ``message`` (the msgid, as the code writes it) in
    ``language``, by default the blog's own (its LANGUAGE setting, which readers get):
    gettext from the compiled catalogues, with ``variables`` filled in. A message that
    carries HTML comes back with its tags (``markupsafe.Markup(...).striptags()``)."""
    with _speaking(app, language):
        return gettext(message, **variables)


def said_n(app, singular: str, plural: str, n: int, /, *, language: str | None = None,
           **variables) -> str:
    """``said`` for a message with plural forms: ngettext's form for ``n``. Unless given,
    ``%(count)s`` and ``%(shown)s`` are ``n`` written the language's way ("12,345",
    "12.345")."""
    with _speaking(app, language):
        written = number(n)
        return ngettext(singular, plural, n, **{"count": written, "shown": written}
                        | variables)


def log_in(page, live_server, app=None):
    """Log in through the form, finding its fields by their labels in ``app``'s language
    (English without ``app``)."""
    words = functools.partial(said, app) if app else str
    page.goto(live_server + "/login")
    page.get_by_label(words("Username")).fill(AUTHOR_USERNAME)
    page.get_by_label(words("Password")).fill(AUTHOR_PASSWORD)
    page.get_by_role("button", name=words("Log in")).click()
    expect(page).to_have_url(live_server + "/dashboard")


def said_on(app, day, /, *, language: str | None = None) -> str:
    """A date header for ``day`` as the blog writes it: "السبت، 1 فبراير 2020"."""
    with _speaking(app, language):
        return long_date(day)


def hidden(html: str, name: str) -> str:
    """The value of the hidden field ``name`` in a page's form ("" if there is none)."""
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
        rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html
    )
    return match.group(1) if match else ""


def send_comment(client, post, *, reply_to=None, **fields):
    """Fill in the comment form under ``post`` the way a reader does."""
    page = client.get(post.path + (f"?replytocom={reply_to}" if reply_to else "")).text
    data = {"name": "", "website": "", "body": "A thoughtful remark.", "homepage": "",
            "shown": hidden(page, "shown"), "parent_id": hidden(page, "parent_id"),
            "csrf_token": hidden(page, "csrf_token")}
    data.update(fields)
    return client.post(f"/posts/{post.id}/comments", data=data)
