"""The page cache's middleware (blog/cache/middleware.py): cached pages answered before
Flask, for readers who get the shared page only, looking just as Flask's own answer would."""

import logging
import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from blog.cache.middleware import CacheMiddleware
from blog.cache.site_version import site_version_reader
from blog.cache.store import CachedPage, page_store
from blog.extensions import db

PER_ANSWER = {"X-Request-ID", "Set-Cookie"}


@pytest.fixture
def post(make_post):
    return make_post(title="Front essay", body="Words for the front.", labels=("Energy",))


def cache_middleware(app) -> CacheMiddleware:
    """The page cache's middleware (the statistics count in front of it)."""
    front = app.wsgi_app
    while not isinstance(front, CacheMiddleware):
        front = front.wsgi_app
    return front


@pytest.fixture
def served_by_flask(app, monkeypatch):
    """Addresses Flask's own request handling answered during the test."""
    seen = []
    front = cache_middleware(app)
    flask_handling = front.wsgi_app

    def counting(environ, start_response):
        seen.append(environ["PATH_INFO"])
        return flask_handling(environ, start_response)

    monkeypatch.setattr(front, "wsgi_app", counting)
    return seen


def headers_of(response) -> dict:
    return {name: value for name, value in response.headers if name not in PER_ANSWER}


@pytest.mark.parametrize("path", ["/", "/label/Energy", "/feeds/posts.atom"])
def test_a_kept_page_comes_from_the_front_as_flask_sent_it(app, post, path, served_by_flask):
    reader = app.test_client(use_cookies=False)
    first = reader.get(path)
    second = reader.get(path)

    assert served_by_flask == [path]  # the second answer never entered Flask
    assert second.status_code == 200
    assert second.data == first.data
    assert headers_of(second) == headers_of(first)
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]


def test_the_front_answers_304_for_a_current_copy(app, post, served_by_flask):
    reader = app.test_client(use_cookies=False)
    etag = reader.get(post.path).headers["ETag"]

    again = reader.get(post.path, headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert "Content-Type" not in again.headers
    assert again.headers["Content-Security-Policy"]
    assert served_by_flask == [post.path]


def test_a_head_request_gets_the_headers_alone(app, post, served_by_flask):
    reader = app.test_client(use_cookies=False)
    length = len(reader.get("/").data)

    head = reader.head("/")

    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == str(length)
    assert served_by_flask == ["/"]


def test_a_new_reader_gets_the_shared_page_and_a_form_that_works(app, post, served_by_flask):
    app.config.update(COMMENT_MODE="open", WTF_CSRF_ENABLED=True)
    app.test_client().get(post.path)  # made by Flask and kept
    reader = app.test_client()
    page = reader.get(post.path)  # from the front

    assert served_by_flask == [post.path]
    assert "Set-Cookie" not in page.headers
    assert 'name="csrf_token"' not in page.text
    token = reader.get("/comments/form-token").text  # what the page's script asks for
    stamp = re.search(r'name="shown" type="hidden" value="([^"]+)"', page.text).group(1)
    answer = reader.post(f"/posts/{post.id}/comments", data={
        "csrf_token": token, "shown": stamp, "body": "Sent from the front's page.",
        "name": "", "website": "", "homepage": "", "parent_id": ""})
    assert answer.status_code == 302
    assert "Sent from the front's page." in reader.get(post.path).text


def test_readers_get_the_same_page_and_tokens_of_their_own(app, post):
    app.config.update(COMMENT_MODE="open", WTF_CSRF_ENABLED=True)
    app.test_client().get(post.path)
    readers = [app.test_client() for _ in range(2)]
    pages = [reader.get(post.path) for reader in readers]
    tokens = [reader.get("/comments/form-token") for reader in readers]

    assert pages[0].text == pages[1].text
    assert tokens[0].text != tokens[1].text
    assert tokens[0].headers["Set-Cookie"] != tokens[1].headers["Set-Cookie"]
    assert tokens[0].headers["Cache-Control"] == "no-store"


def test_a_waiting_message_is_shown_not_the_kept_page(app, client, post, served_by_flask):
    client.get(post.path)
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Your comment is waiting for the author.")]

    page = client.get(post.path)

    assert "Your comment is waiting for the author." in page.text
    assert served_by_flask == [post.path, post.path]


def test_the_author_gets_their_own_pages(app, client, logged_in, post, served_by_flask):
    app.test_client().get("/")  # kept for readers
    served_by_flask.clear()

    page = client.get("/")

    assert served_by_flask == ["/"]
    assert "ETag" not in page.headers


def test_a_forged_session_cookie_is_left_to_flask(app, post, served_by_flask):
    reader = app.test_client()
    reader.get("/")
    reader.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.forged.signature")

    page = reader.get("/")

    assert page.status_code == 200
    assert served_by_flask == ["/", "/"]


def test_the_front_logs_each_answer(app, post, caplog):
    reader = app.test_client(use_cookies=False)
    reader.get("/")
    with caplog.at_level(logging.INFO, logger="blog.requests"):
        answer = reader.get("/", headers={"X-Request-ID": "chosen-by-the-client"})

    kept_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", kept_id)  # no proxy is trusted: the blog's own id
    assert any(re.search(rf"GET / 200 [\d.]+ms from=127\.0\.0\.1 id={kept_id}", record.message)
               for record in caplog.records)


def test_a_change_is_seen_by_the_front_at_once(app, post, make_comment, served_by_flask):
    reader = app.test_client(use_cookies=False)
    reader.get(post.path)
    make_comment(post.id, body="A comment the front must not hide.")

    assert "A comment the front must not hide." in reader.get(post.path).text
    assert served_by_flask == [post.path, post.path]


def test_a_page_kept_for_the_next_version_meanwhile_leaves_the_old_one_unsent(
    app, post, served_by_flask, monkeypatch
):
    # A worker's threads share its cache. This request finds the page kept for the site
    # as it was; before it reads the site's ETag, another thread answers for the site's
    # next version and keeps a page of its own. The old page must not go out under the
    # new ETag.
    reader = app.test_client(use_cookies=False)
    reader.get("/")
    front = cache_middleware(app)
    next_version = "999.0.20991231"

    def another_thread_keeps_a_page_meanwhile() -> str:
        page_store(app).keep("http://localhost/elsewhere?", next_version,
                             CachedPage.cut(b"<p>Elsewhere</p>", "text/html"))
        return next_version

    monkeypatch.setattr(front, "read_etag", another_thread_keeps_a_page_meanwhile)
    reader.get("/")

    assert served_by_flask == ["/", "/"]  # Flask answered again


def test_a_failed_version_check_leaves_the_answer_to_flask(app, post, served_by_flask,
                                                           monkeypatch):
    reader = app.test_client(use_cookies=False)
    reader.get("/")

    def unreachable():
        raise OperationalError("SELECT version", {}, Exception("server closed the connection"))

    monkeypatch.setattr(cache_middleware(app), "read_etag", unreachable)
    page = reader.get("/")

    assert page.status_code == 200 and "Front essay" in page.text
    assert served_by_flask == ["/", "/"]


def test_a_dropped_version_connection_is_replaced(app, post, served_by_flask):
    reader = app.test_client(use_cookies=False)
    reader.get("/")
    held = site_version_reader(app)._connection
    held.connection.dbapi_connection.close()  # as a database restart would leave it

    page = reader.get("/")

    assert page.status_code == 200 and "Front essay" in page.text
    assert site_version_reader(app)._connection is not held
    assert reader.get("/").status_code == 200


def test_a_version_connection_the_database_ended_is_replaced(app, post, served_by_flask):
    """PostgreSQL ends the held session (a restart, an administrator, a failover): the
    request that finds out is answered by Flask, and the next read prepares the statement
    again on a new connection."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no server to end the session")
    reader = app.test_client(use_cookies=False)
    reader.get("/")
    held = site_version_reader(app)._connection
    backend = held.connection.dbapi_connection.info.backend_pid
    with app.app_context():
        db.session.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        db.session.commit()

    found_out = reader.get("/")
    again = reader.get("/")

    assert found_out.status_code == 200 and "Front essay" in found_out.text
    assert again.status_code == 200 and again.data == found_out.data
    assert site_version_reader(app)._connection is not held
    assert served_by_flask == ["/", "/"]  # the first, and the one that found out
