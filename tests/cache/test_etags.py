"""Conditional GET: readers' browsers keep pages until the blog changes."""

import re
from datetime import timedelta

import pytest

from blog import create_app
from blog.extensions import db
from blog.models import Post
from blog.posts.publishing import set_content
from blog.utils.database import utcnow
from tests.helpers import record_statements


def revalidate(client, path, etag):
    return client.get(path, headers={"If-None-Match": etag})


@pytest.fixture
def post(make_post):
    return make_post(title="Cached essay", labels=("Energy",))


@pytest.mark.parametrize(
    "path", ["/", "/label/Energy", "/feeds/posts.atom", "/feeds/posts.rss", "/sitemap.xml",
             "/search?q=cached"],
)
def test_an_unchanged_page_is_answered_304(client, post, path, blog_language):
    first = client.get(path)
    etag = first.headers["ETag"]

    again = revalidate(client, path, etag)

    assert first.status_code == 200 and etag.startswith('W/"')
    assert "no-cache" in first.headers["Cache-Control"]
    assert again.status_code == 304 and again.data == b""


def test_post_page_and_archive_are_revalidated_too(client, post):
    for path in (post.path, post.path[:9]):
        etag = client.get(path).headers["ETag"]
        assert revalidate(client, path, etag).status_code == 304


def test_a_new_comment_changes_every_page(client, post, make_comment):
    etag = client.get("/").headers["ETag"]

    make_comment(post.id, body="Fresh.")

    assert revalidate(client, "/", etag).status_code == 200
    assert "Fresh." in revalidate(client, post.path, etag).text


def test_an_edit_changes_the_page(app, client, post):
    etag = client.get(post.path).headers["ETag"]
    with app.app_context():
        row = db.session.get(Post, post.id)
        set_content(row, title="Cached essay, revised", body="New.", label_names=["Energy"])
        db.session.commit()

    response = revalidate(client, post.path, etag)

    assert response.status_code == 200 and "Cached essay, revised" in response.text


def test_a_scheduled_post_coming_due_changes_the_page(app, client, make_post, time_machine):
    time_machine.move_to(utcnow(), tick=False)
    make_post(title="Now")
    make_post(title="Later", published=utcnow() + timedelta(minutes=1))
    first = client.get("/")
    assert "Later" not in first.text
    # Nothing is written from here on: only the clock moves.
    time_machine.shift(timedelta(minutes=1))

    response = revalidate(client, "/", first.headers["ETag"])

    assert response.status_code == 200 and "Later" in response.text


def test_a_change_through_another_server_process_is_seen_at_once(app, client, post):
    etag = client.get("/").headers["ETag"]
    other = create_app({**app.config, "INSTANCE_PATH": app.instance_path})
    with other.app_context():
        set_content(db.session.get(Post, post.id), title="Changed elsewhere", body="x",
                    label_names=[])
        db.session.commit()
        db.engine.dispose()

    assert revalidate(client, "/", etag).status_code == 200


def test_the_authors_pages_are_never_given_a_validator(client, logged_in, post):
    response = client.get("/")

    assert "ETag" not in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert revalidate(client, "/", 'W/"1.0.20260101"').status_code == 200


def test_a_remembered_commenters_page_is_not_shared(app, client, post):
    app.config["COMMENT_MODE"] = "open"
    client.set_cookie("commenter", "anything")

    assert "ETag" not in client.get(post.path).headers


def test_a_304_costs_one_statement(app, client, post, blog_language):
    etag = client.get("/").headers["ETag"]
    statements = []
    record_statements(app, statements)

    response = revalidate(client, "/", etag)

    assert response.status_code == 304
    assert len(statements) == 1, statements


def test_a_kept_page_still_gives_each_reader_a_working_comment_form(app, post):
    app.config["COMMENT_MODE"] = "open"
    app.config["WTF_CSRF_ENABLED"] = True
    first_reader, second_reader = app.test_client(), app.test_client()
    first_reader.get(post.path)  # makes the page and keeps it

    page = second_reader.get(post.path).text  # served from the cache
    token = second_reader.get("/comments/form-token").text  # as the page's script asks
    stamp = re.search(r'name="shown" type="hidden" value="([^"]+)"', page).group(1)
    response = second_reader.post(f"/posts/{post.id}/comments", data={
        "csrf_token": token, "shown": stamp, "body": "From a kept page.", "name": "",
        "website": "", "homepage": "", "parent_id": ""})

    assert response.status_code == 302
    assert "From a kept page." in second_reader.get(post.path).text
    assert "\x00" not in page


def test_the_page_cache_serves_a_kept_page_for_one_statement(
    app, client, post, blog_language
):
    client.get(post.path)
    statements = []
    record_statements(app, statements)

    page = client.get(post.path).text

    assert "Cached essay" in page and f'<html lang="{blog_language}"' in page
    assert len(statements) == 1


def test_a_kept_page_keeps_the_links_of_the_host_it_was_asked_for(client, post):
    client.get(post.path, base_url="http://10.0.0.11:8000")  # e.g. a health check

    html = client.get(post.path).text

    assert f'<link rel="canonical" href="http://localhost{post.path}">' in html
    assert "10.0.0.11" not in html


def test_made_up_query_strings_cannot_fill_the_page_cache(app, client, post, statements):
    for n in range(5):
        client.get(f"{post.path}?junk={n}")
        client.get(f"/search?q=word{n}")
    statements.clear()

    client.get(post.path)
    client.get(post.path)

    # The post page itself is kept (1 statement when served from the cache); none of the
    # junk addresses took a place in the cache.
    assert len(app.extensions["blog.page_store"].pages) == 1
    assert len(statements) <= 4 + 1
