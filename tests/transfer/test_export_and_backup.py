"""Taking everything out again: the JSON export round trip, and backups of a live blog."""

import json
import re
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog import create_app
from blog.extensions import db
from blog.models import (
    Comment,
    CommentStatus,
    Post,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from blog.utils.database import utcnow
from tests.helpers import (
    create_everything,
    drop_everything,
    join_all,
    upload_image,
    wait_until,
)
from tests.stats.reading import read, written

FIXTURES = Path(__file__).parent / "fixtures"


def page_text(client, path) -> list[str]:
    """The page's lines, less the comment form's "shown at" stamp (it tells the time)."""
    html = client.get(path).text
    return re.sub(r'name="shown" type="hidden" value="[^"]*"', "", html).splitlines()


def export_to(runner, path) -> dict:
    result = runner.invoke(args=["export", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text())


@pytest.fixture
def full_blog(app, runner, author, make_post, make_comment, client, logged_in):
    """A blog with imported posts, versions, a trashed post, threads and every status."""
    assert runner.invoke(args=["import", "blogger", str(FIXTURES / "blogger-classic.xml")]
                         ).exit_code == 0
    post = make_post(title="Written here", body="*Markdown* body.[^1]\n\n[^1]: Source.",
                     labels=("Energy",))
    client.post(f"/dashboard/posts/{post.id}/edit", data={
        "title": "Written here, revised", "body": "Revised.", "labels": "Energy",
        "slug": "written-here-revised", "publish_at": "", "publish": "1"})
    first = make_comment(post.id, name="Mira", body="A thought.")
    make_comment(post.id, body="Held.", status=CommentStatus.PENDING)
    make_comment(post.id, body="Spam!", status=CommentStatus.SPAM, parent_id=first)
    trashed = make_post(title="In the trash")
    client.post(f"/dashboard/posts/{trashed.id}/delete")
    client.post("/dashboard/account", data={
        "display_name": "Ana Analyst", "bio": "I write *about* energy.",
        "photo": upload_image(client), "email": "ana@example.org"})
    with app.app_context():
        db.session.add(Subscription(
            email="mira@readers.example", kind=SubscriptionKind.REPLIES, post_id=post.id,
            comment_id=first, state=SubscriptionState.CONFIRMED,
            site_url="http://localhost/", confirmed_at=utcnow()))
        db.session.commit()
    reader = app.test_client()  # the blog's statistics: a reader, a search, a feed service
    read(reader, "/", referrer="https://news.ycombinator.com/item?id=1")
    read(reader, "/search?q=energy")
    reader.get("/feeds/posts.atom", headers={"User-Agent": "Feedly/1.0 (7 subscribers)"})
    written(app)
    return post


def test_export_then_import_into_an_empty_blog_changes_nothing(
    app, runner, full_blog, tmp_path
):
    for name, value in (("FOOTER", "© Ana, [CC BY](https://creativecommons.org/)"),
                        ("POSTS_PER_PAGE", "7"), ("NOINDEX", "yes"), ("LANGUAGE", "ar")):
        assert runner.invoke(args=["settings", "set", name, value]).exit_code == 0
    first = export_to(runner, tmp_path / "first.json")
    assert first["author"]["username"] == "ana"
    assert first["settings"] == {"FOOTER": "© Ana, [CC BY](https://creativecommons.org/)",
                                 "LANGUAGE": "ar", "NOINDEX": True, "POSTS_PER_PAGE": 7}
    assert "password" not in json.dumps(first["author"])
    assert first["author"]["email"] == "ana@example.org"
    assert first["author"]["bio"] == "I write *about* energy."
    assert first["author"]["photo"].endswith(".gif")
    assert any(post["versions"] for post in first["posts"])

    with app.app_context():
        drop_everything()
        create_everything()
    result = runner.invoke(args=["import", "json", str(tmp_path / "first.json")])
    assert result.exit_code == 0, result.output
    assert "set-password" in result.output
    second = export_to(runner, tmp_path / "second.json")

    first.pop("exported_at"), second.pop("exported_at")
    assert second == first
    assert [post["slug"] for post in first["posts"] if post["kind"] == "page"] == ["about"]
    assert [row["email"] for row in first["subscriptions"]] == ["mira@readers.example"]
    statistics = first["statistics"]
    assert [(day["views"], day["visitors"], day["feed_fetches"]) for day in statistics["days"]
            ] == [(2, 1, 1)]
    assert [page["path"] for page in statistics["pages"]] == ["/", "/search"]
    assert [row["source"] for row in statistics["referrers"]] == ["direct", "news.ycombinator.com"]
    assert [row["term"] for row in statistics["searches"]] == ["energy"]
    assert statistics["feed_services"][0]["subscribers"] == 7


def test_an_export_from_before_pages_still_imports(app, runner, make_post, tmp_path):
    make_post(title="An essay from 2025")
    document = export_to(runner, tmp_path / "blog.json")
    document["version"] = 1
    for post in document["posts"]:
        del post["kind"], post["nav_position"]
    with app.app_context():
        drop_everything()
        create_everything()
    (tmp_path / "old.json").write_text(json.dumps(document))

    result = runner.invoke(args=["import", "json", str(tmp_path / "old.json")])

    assert result.exit_code == 0, result.output
    again = export_to(runner, tmp_path / "again.json")
    assert [(post["title"], post["kind"]) for post in again["posts"]] == [
        ("An essay from 2025", "post")]


def test_the_restored_blog_reads_the_same(app, runner, client, full_blog, tmp_path):
    logged_in_pages = ["/", "/2020/02/sadr-returns-to-iraqs-protests-after",
                       "/label/Energy", "/search?q=revised"]
    client.post("/logout")
    client.get("/")  # shows, and so clears, "You are logged out."
    before = [page_text(client, path) for path in logged_in_pages]
    export_to(runner, tmp_path / "blog.json")
    with app.app_context():
        drop_everything()
        create_everything()

    runner.invoke(args=["import", "json", str(tmp_path / "blog.json")])

    after = [page_text(client, path) for path in logged_in_pages]
    assert after == before


@pytest.mark.parametrize(("settings", "reason"), [
    ({"POSTS_PER_PAGE": 0}, "the setting POSTS_PER_PAGE will not do: Give a whole number"),
    ({"TIMEZONE": "Mars/Base"}, "the setting TIMEZONE will not do"),
    ({"TITLE": ["a", "list"]}, "the setting TITLE holds ['a', 'list']"),
    ("not a mapping", "\"settings\" should map names to values"),
])
def test_an_export_with_a_bad_setting_is_refused_whole(
    app, runner, make_post, tmp_path, settings, reason
):
    make_post(title="Kept out")
    document = export_to(runner, tmp_path / "blog.json") | {"settings": settings}
    with app.app_context():
        drop_everything()
        create_everything()
    (tmp_path / "bad.json").write_text(json.dumps(document))

    result = runner.invoke(args=["import", "json", str(tmp_path / "bad.json")])

    assert result.exit_code != 0 and reason in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 0


def test_settings_from_a_newer_blog_are_skipped(app, runner, make_post, tmp_path):
    make_post()
    document = export_to(runner, tmp_path / "blog.json")
    document["settings"] = {"TITLE": "Restored", "SOMETHING_NEW": 3}
    with app.app_context():
        drop_everything()
        create_everything()
    (tmp_path / "newer.json").write_text(json.dumps(document))

    result = runner.invoke(args=["import", "json", str(tmp_path / "newer.json")])

    assert result.exit_code == 0, result.output
    assert export_to(runner, tmp_path / "again.json")["settings"] == {"TITLE": "Restored"}


def test_json_import_refuses_a_blog_with_posts(runner, make_post, tmp_path):
    make_post()
    path = tmp_path / "blog.json"
    export_to(runner, path)

    result = runner.invoke(args=["import", "json", str(path)])

    assert result.exit_code != 0
    assert "already has posts" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"format": "something else"}', "not a blog export"),
     ('{"format": "blog-export", "version": 1', "not valid JSON: line 1"),
     ('{"format": "blog-export", "version": 1, "posts": [{"id": 1}]}', "damaged"),
     ('{"format": "blog-export", "version": 3, "posts": [], "statistics": {"days": '
      '[{"day": "2026-01-01", "views": -1}]}}', "damaged"),
     ('{"format": "blog-export", "version": 3, "posts": [], "statistics": {"searches": '
      '[{"day": "2026-01-01", "term": "", "searches": 1}]}}', "damaged")],
)
def test_json_import_of_a_bad_file_says_why_and_changes_nothing(
    app, runner, author, tmp_path, content, message
):
    path = tmp_path / "bad.json"
    path.write_text(content)

    result = runner.invoke(args=["import", "json", str(path)])

    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 0


@pytest.fixture
def sqlite_only(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("backup copies SQLite databases; see the PostgreSQL test below")


def test_backup_while_comments_are_being_written(app, runner, make_post, tmp_path, sqlite_only):
    post = make_post()
    (tmp_path / "instance" / "uploads").mkdir(parents=True)
    (tmp_path / "instance" / "uploads" / ("a" * 32 + ".png")).write_bytes(b"\x89PNG")
    writer_app = create_app({**app.config, "INSTANCE_PATH": app.instance_path})
    stop, written = threading.Event(), []

    def write_comments():
        with writer_app.app_context():
            while not stop.is_set():
                db.session.add(Comment(post_id=post.id, body="busy", body_html="<p>busy</p>",
                                       status=CommentStatus.APPROVED))
                db.session.commit()
                written.append(1)
            db.engine.dispose()

    writer = threading.Thread(target=write_comments)
    writer.start()
    try:
        wait_until(lambda: len(written) >= 20 or not writer.is_alive(),
                   "the writer's first 20 comments")
        assert len(written) >= 20, "the writing thread died"
        result = runner.invoke(args=["backup", str(tmp_path / "backups")])
        at_backup = len(written)
    finally:
        stop.set()
        join_all([writer])

    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output and "RESTORE.txt" in result.output
    [folder] = (tmp_path / "backups").iterdir()
    copy = sqlite3.connect(folder / "blog.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = copy.execute("SELECT count(*) FROM comment").fetchone()[0]
    copy.close()
    assert 20 <= saved <= at_backup + 1
    assert (folder / "uploads" / ("a" * 32 + ".png")).read_bytes() == b"\x89PNG"


def test_backup_restores_into_a_working_blog(app, runner, make_post, tmp_path, sqlite_only):
    make_post(title="Survives the move")
    runner.invoke(args=["backup", str(tmp_path / "backups")])
    [folder] = (tmp_path / "backups").iterdir()
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "blog.sqlite").write_bytes((folder / "blog.sqlite").read_bytes())

    other = create_app({**app.config, "INSTANCE_PATH": restored,
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{restored / 'blog.sqlite'}"})

    assert "Survives the move" in other.test_client().get("/").text
    with other.app_context():
        db.engine.dispose()


def test_backup_on_postgresql_explains_what_to_use(app, runner):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("the SQLite backup is tested above")

    result = runner.invoke(args=["backup", "somewhere"])

    assert result.exit_code != 0
    assert "pg_dump" in result.output
