"""Views counted survive a graceful restart and a graceful stop: each worker keeps its
counts in memory until its writer's next pass (an hour away here), and gunicorn's
``worker_exit`` hook writes them as the worker stops, whether the master restarts its
workers (SIGHUP, as after a deployment) or stops (SIGTERM)."""

import os
import signal
import time

import pytest

from tests.server.checks import log_problems, stored_views
from tests.server.clients import PageReader

VIEWS = 12  # each time: far fewer than make a worker write early (blog.stats.tally)


@pytest.fixture
def served_settings() -> dict:
    return {"STATS_WRITE_EVERY_SECONDS": 3600}


def wait_until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_views_counted_before_a_graceful_restart_or_stop_are_written(app, served_blog):
    server, post = served_blog.server, served_blog.posts[0]
    reader = PageReader()
    # Each request on a connection of its own, so the loads are spread over the workers
    # (on one kept-alive connection they would all go to one).
    reader.session.headers["Connection"] = "close"
    stylesheet = reader.read(server.url, post.path)
    for _ in range(VIEWS - 1):
        reader.load(server.url, stylesheet)
    assert stored_views(app)["views"] == 0  # all still in the workers' memory

    workers = server.worker_pids()
    os.kill(server.process.pid, signal.SIGHUP)  # new workers; the old ones stop gracefully

    assert wait_until(lambda: not server.worker_pids() & workers
                      and len(server.worker_pids()) == server.workers)
    assert wait_until(lambda: stored_views(app)["views"] == VIEWS)
    restarted = stored_views(app)
    assert restarted[f"views {post.path}"] == VIEWS
    assert restarted["visitors"] == restarted[f"visitors {post.path}"] == 1
    assert restarted["reader requests"] == 1

    stylesheet = reader.read(server.url, served_blog.posts[1].path)
    for _ in range(VIEWS - 1):
        reader.load(server.url, stylesheet)
    assert stored_views(app)["views"] == VIEWS
    server.process.send_signal(signal.SIGTERM)  # a graceful stop
    server.process.wait(timeout=60)

    stopped = stored_views(app)
    assert stopped["views"] == 2 * VIEWS
    assert stopped[f"views {served_blog.posts[1].path}"] == VIEWS
    assert stopped["reader requests"] == 2
    log = server.log()
    assert "statistics" not in log and "Traceback" not in log
    assert log_problems(log) == []
