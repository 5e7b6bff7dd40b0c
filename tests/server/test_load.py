"""Twenty readers commenting at once while the author edits: nothing lost, nothing twice,
no error reaches anyone."""

import threading
import time

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Post
from tests.helpers import join_all
from tests.server.checks import log_problems, stored_in, stored_more_than_once
from tests.server.clients import Record, send_comments, start_threads

READERS = 20
COMMENTS_EACH = 50  # 1,000 comments in all


def test_every_accepted_comment_is_stored_exactly_once_under_load(app, served_blog):
    record, stop_editing = Record(), threading.Event()
    author = served_blog.author(record)
    url, posts = served_blog.server.url, served_blog.posts

    started = time.monotonic()
    editing = start_threads((author.keep_editing, posts, stop_editing))
    commenting = start_threads(
        *[(send_comments, url, posts, reader, COMMENTS_EACH, record, threading.Event())
          for reader in range(READERS)]
    )
    join_all(commenting)
    elapsed = time.monotonic() - started
    stop_editing.set()
    join_all(editing)

    accepted = record.accepted()
    print(f"{len(accepted)} comments accepted in {elapsed:.1f} s: "
          f"{len(accepted) / elapsed:.0f} comments/s from {READERS} readers, "
          f"{record.edits_saved} edits saved meanwhile")
    assert record.problems == []  # no 5xx, no traceback, no "database is locked"
    assert record.broken_connections == 0
    assert len(record.answers) == READERS * COMMENTS_EACH
    assert [answer for answer in record.answers if not answer.accepted] == []
    assert record.edits_saved > 0

    stored = stored_in(app)
    assert stored_more_than_once(stored) == {}
    assert set(stored) == {answer.marker for answer in accepted}
    # Each answer's anchor points at the comment that holds its text.
    assert all(stored[answer.marker] == [answer.comment_id] for answer in accepted)
    assert log_problems(served_blog.server.log()) == []
    # Each edit the editor said it saved added its own paragraph to one of the posts.
    with app.app_context():
        bodies = db.session.scalars(sa.select(Post.body)).all()
    assert sum(body.count("Edit number") for body in bodies) == record.edits_saved
