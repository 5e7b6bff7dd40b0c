"""The backup drill: back up the served blog while readers comment, restore the copy into
a fresh instance as RESTORE.txt says, serve it, and compare it with the original."""

import re
import shutil
import threading
import time

import pytest
import requests
import sqlalchemy as sa

from blog.extensions import db
from tests.helpers import join_all
from tests.server.checks import stored_markers, stored_more_than_once
from tests.server.clients import Record, send_comments, start_threads
from tests.server.serving import SERVED_SETTINGS, blog_environment, flask_command

READERS = 8
BEFORE_BACKUP = 80  # comments accepted before the backup starts
AFTER_BACKUP = 40  # and after it ends, before the readers stop
_POST_ARTICLE = re.compile(r'<article class="post post-full">.*?</article>', re.DOTALL)
_COMMENT = re.compile(r'<li class="comment[^"]*" id="c(\d+)">.*?</li>', re.DOTALL)


@pytest.fixture
def sqlite_only(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("`flask backup` copies SQLite; PostgreSQL is backed up with pg_dump")


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the readers stopped getting answers"
        time.sleep(0.02)


def comments_on(page: str) -> dict[int, str]:
    """Each comment shown on a post page, as HTML, by id (the drill writes no replies)."""
    return {int(match.group(1)): match.group(0) for match in _COMMENT.finditer(page)}


def restore(backup_folder, instance):
    """RESTORE.txt's steps: the database and uploads into the instance, then migrations."""
    instance.mkdir()
    shutil.copy(backup_folder / "blog.sqlite", instance / "blog.sqlite")
    if (backup_folder / "uploads").is_dir():
        shutil.copytree(backup_folder / "uploads", instance / "uploads")
    url = f"sqlite:///{instance / 'blog.sqlite'}"
    env = blog_environment(instance, url, **SERVED_SETTINGS)
    flask_command(env, "db", "upgrade")
    return env, url


def test_a_backup_taken_while_readers_comment_restores_into_the_same_blog(
    sqlite_only, served_blog, servers, tmp_path
):
    record, stop = Record(), threading.Event()
    original, posts = served_blog.server, served_blog.posts
    commenting = start_threads(
        *[(send_comments, original.url, posts, reader, 100_000, record, stop)
          for reader in range(READERS)]
    )
    wait_for(lambda: len(record.accepted()) >= BEFORE_BACKUP)
    began = time.monotonic()
    answered_before = {answer.marker for answer in record.accepted()
                       if answer.answered_at < began}
    report = flask_command(served_blog.env, "backup", str(tmp_path / "backups"))
    ended = time.monotonic()
    wait_for(lambda: len(record.accepted()) >= len(answered_before) + AFTER_BACKUP)
    stop.set()
    join_all(commenting)
    sent_before_end = {answer.marker for answer in record.answers if answer.sent_at < ended}
    post_of = {answer.marker: answer.post_id for answer in record.answers}
    assert record.problems == [] and record.broken_connections == 0
    assert "integrity ok" in report

    [backup_folder] = (tmp_path / "backups").iterdir()
    env, url = restore(backup_folder, tmp_path / "restored")
    engine = sa.create_engine(url)
    try:
        in_copy = stored_markers(engine)
        with engine.connect() as connection:
            assert connection.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        engine.dispose()
    # Everything answered before the backup began is in it; nothing that was never sent.
    assert stored_more_than_once(in_copy) == {}
    assert answered_before <= set(in_copy) <= sent_before_end
    assert len(in_copy) < len(record.accepted())  # the drill did write after the backup

    copy = servers(env, tmp_path / "restored.log", workers=2)
    for post in posts:
        original_page = requests.get(original.url + post.path, timeout=30).text
        restored_page = requests.get(copy.url + post.path, timeout=30).text
        assert _POST_ARTICLE.search(restored_page).group(0) == (
            _POST_ARTICLE.search(original_page).group(0)
        )
        restored_comments = comments_on(restored_page)
        assert set(restored_comments) == {
            ids[0] for marker, ids in in_copy.items() if post_of[marker] == post.id
        }
        original_comments = comments_on(original_page)
        assert restored_comments == {
            comment_id: original_comments.get(comment_id) for comment_id in restored_comments
        }
