"""A database that will not take writes (read-only, or its disk full): every form that
was sent comes back with what the person typed and a plain 503, never a traceback.

The read-only case is real: SQLite's ``query_only`` pragma and PostgreSQL's
``default_transaction_read_only`` refuse writes the way a read-only file or a standby
server does, even for root (who ignores file permissions). A full disk cannot be made
without mounting a tiny file system, which needs root and mount tricks, so the driver's
own "database or disk is full" error is raised in place of every write instead.
"""

import re
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Author, Comment, CommentStatus, LoginFailure, LoginSession, Post
from blog.utils.database import utcnow
from tests.helpers import AUTHOR_USERNAME

NOT_SAVED = "could not be saved just now"
WRITES = ("INSERT", "UPDATE", "DELETE")


def _read_only_connections(engine):
    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
        cursor.close()
        dbapi_connection.commit()

    return "connect", on_connect


def _full_disk(engine):
    def before_cursor_execute(connection, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith(WRITES):
            raise connection.dialect.loaded_dbapi.OperationalError("database or disk is full")

    return "before_cursor_execute", before_cursor_execute


@pytest.fixture(params=[_read_only_connections, _full_disk], ids=["read-only", "disk-full"])
def refuse_writes(request, app):
    """Call it to make the database refuse every write from then on."""
    listeners = []

    def start():
        with app.app_context():
            event, listener = request.param(db.engine)
            sa.event.listen(db.engine, event, listener)
            listeners.append((db.engine, event, listener))
            db.engine.dispose()  # connections made from now on get the listener

    yield start
    for engine, event, listener in listeners:
        sa.event.remove(engine, event, listener)
        engine.dispose()


def count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(model).filter_by(**where)
        )


def assert_plain_unavailable(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Traceback" not in response.text and "sqlalchemy" not in response.text.lower()
    assert '<main id="content"' in response.text  # the blog's own layout


def test_a_refused_comment_comes_back_with_everything_typed(
    app, client, make_post, refuse_writes
):
    app.config["COMMENT_MODE"] = "open"
    post = make_post(title="Grid Tariffs")
    refuse_writes()

    response = client.post(
        f"/posts/{post.id}/comments",
        data={"name": "Reader Rosa", "website": "https://rosa.example/",
              "body": "Fixed charges fall hardest on small users."},
    )

    assert_plain_unavailable(response)
    assert NOT_SAVED in response.text and "try again" in response.text
    assert "Fixed charges fall hardest on small users.</textarea>" in response.text
    assert 'value="Reader Rosa"' in response.text
    assert 'value="https://rosa.example/"' in response.text
    assert count(app, Comment) == 0


def test_a_refused_edit_keeps_the_title_and_text(
    app, client, logged_in, make_post, refuse_writes
):
    post = make_post(title="On Tariffs", body="The first draft.")
    refuse_writes()

    response = client.post(
        f"/dashboard/posts/{post.id}/edit",
        data={"title": "On Tariffs, revised", "body": "A second, better draft.",
              "labels": "", "slug": "", "publish_at": "", "publish": "1"},
    )

    assert_plain_unavailable(response)
    assert NOT_SAVED in response.text
    assert 'value="On Tariffs, revised"' in response.text
    assert "A second, better draft.</textarea>" in response.text
    with app.app_context():
        assert db.session.get(Post, post.id).body == "The first draft."


def test_a_refused_new_post_keeps_the_title_and_text(app, client, logged_in, refuse_writes):
    refuse_writes()

    response = client.post(
        "/dashboard/posts/new",
        data={"title": "A new essay", "body": "Every word of it.", "labels": "",
              "slug": "", "publish_at": "", "save_draft": "1"},
    )

    assert_plain_unavailable(response)
    assert 'value="A new essay"' in response.text and "Every word of it." in response.text
    assert count(app, Post) == 0


def test_a_log_in_that_cannot_be_counted_is_refused_keeping_the_username(
    app, client, author, refuse_writes
):
    refuse_writes()

    response = client.post(
        "/login", data={"username": AUTHOR_USERNAME, "password": "a wrong guess"}
    )

    assert_plain_unavailable(response)
    assert "Logging in is paused" in response.text and "try again" in response.text
    assert f'value="{AUTHOR_USERNAME}"' in response.text
    assert "a wrong guess" not in response.text
    assert count(app, LoginFailure) == 0


def test_a_refused_moderation_says_so_and_changes_nothing(
    app, client, logged_in, make_post, make_comment, refuse_writes
):
    comment = make_comment(make_post().id, status=CommentStatus.PENDING)
    refuse_writes()

    response = client.post("/dashboard/comments", data={"one": f"approve:{comment}"})

    assert_plain_unavailable(response)
    assert "cannot use its database just now" in response.text
    assert count(app, Comment, status=CommentStatus.PENDING) == 1


def test_any_other_refused_write_is_a_503_page_not_an_error(
    app, client, logged_in, make_post, refuse_writes
):
    post = make_post(title="Keep me")
    refuse_writes()

    response = client.post(f"/dashboard/posts/{post.id}/delete")

    assert_plain_unavailable(response)
    assert "try again" in response.text
    with app.app_context():
        assert db.session.get(Post, post.id).deleted_at is None


def test_readers_still_read_while_writes_are_refused(client, make_post, refuse_writes):
    post = make_post(title="Still readable", body="Every word.")
    refuse_writes()

    response = client.get(post.path)

    assert response.status_code == 200 and "Every word." in response.text


def test_a_save_that_loses_a_race_keeps_the_text_too(app, client, logged_in, monkeypatch):
    def lost_race():
        raise sa.exc.IntegrityError(
            "INSERT INTO label", {}, Exception("UNIQUE constraint failed: label.name")
        )

    monkeypatch.setattr(db.session, "commit", lost_race)

    response = client.post(
        "/dashboard/posts/new",
        data={"title": "A new essay", "body": "Every word of it.", "labels": "Grid",
              "slug": "", "publish_at": "", "publish": "1"},
    )

    assert_plain_unavailable(response)
    assert NOT_SAVED in response.text and "Every word of it." in response.text


def test_a_refused_two_factor_set_up_comes_back_with_the_same_secret(
    app, client, logged_in, author, refuse_writes
):
    # The authenticator app has already taken this secret: a new one would make the
    # author start over.
    setup = client.get("/dashboard/two-factor").text
    shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', setup)[1]
    secret = shown.replace(" ", "")
    refuse_writes()

    response = client.post("/dashboard/two-factor/enable",
                           data={"code": pyotp.TOTP(secret).now()})

    assert_plain_unavailable(response)
    assert NOT_SAVED in response.text and shown in response.text
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        assert db.session.get(Author, author).totp_secret is None


def test_a_log_out_that_cannot_be_recorded_says_so(app, client, logged_in, refuse_writes):
    with app.app_context():
        db.session.execute(sa.update(LoginSession).values(last_seen=utcnow() - timedelta(hours=1)))
        db.session.commit()
    refuse_writes()

    # "Last seen" waits for a database that writes; the page does not.
    assert client.get("/dashboard").status_code == 200
    response = client.post("/logout")

    assert_plain_unavailable(response)
    # Not told it is logged out while copies of its cookies would still work.
    assert client.get("/dashboard").status_code == 200
