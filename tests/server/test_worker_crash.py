"""A gunicorn worker killed outright (SIGKILL, as the kernel's OOM killer does) in the
middle of writes: the blog keeps answering, and nothing it said it saved is lost."""

import os
import random
import signal
import threading
import time

from tests.helpers import join_all
from tests.server.checks import (
    integrity_check,
    log_problems,
    stored_in,
    stored_more_than_once,
)
from tests.server.clients import Record, send_comments, start_threads
from tests.server.serving import gunicorn_setting

READERS = 10
COMMENTS_EACH = 35
KILL_AFTER = (60, 160)  # accepted comments before each kill


def wait_until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_worker_killed_mid_write_loses_no_answered_comment(app, served_blog):
    server, record = served_blog.server, Record()
    original_workers = server.worker_pids()
    assert len(original_workers) == server.workers
    commenting = start_threads(
        *[(send_comments, server.url, served_blog.posts, reader, COMMENTS_EACH, record,
           threading.Event()) for reader in range(READERS)]
    )
    killed, last_kill = set(), 0.0
    for threshold in KILL_AFTER:
        assert wait_until(lambda n=threshold: len(record.accepted()) >= n)
        victim = random.choice(sorted(server.worker_pids() & original_workers - killed))
        os.kill(victim, signal.SIGKILL)
        killed.add(victim)
        last_kill = time.monotonic()
    join_all(commenting)

    # The master is still there, and has replaced both workers.
    assert server.process.poll() is None
    assert wait_until(lambda: len(server.worker_pids() - original_workers) == len(killed))
    assert len(server.worker_pids()) == server.workers and not server.worker_pids() & killed
    accepted = record.accepted()
    assert any(answer.sent_at > last_kill for answer in accepted), "no comment after the kill"
    # Only the requests a killed worker was serving may go unanswered (as many as it has
    # threads); every answer that came was a success, never a 5xx.
    assert record.problems == []
    assert record.broken_connections <= len(killed) * int(gunicorn_setting("threads"))
    assert all(answer.accepted for answer in record.answers if answer.status is not None)

    stored = stored_in(app)
    assert stored_more_than_once(stored) == {}
    assert {answer.marker for answer in accepted} <= set(stored)
    assert set(stored) <= {answer.marker for answer in record.answers}
    assert integrity_check(app) == "ok"
    log = server.log()
    assert log.count("was sent SIGKILL") == len(killed)
    assert "Traceback" not in log and "database is locked" not in log
    assert log_problems(log) == []
