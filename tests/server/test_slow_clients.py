"""Clients that connect and then send nothing, or a request a byte at a time, cannot stall
the blog served without nginx: gunicorn.conf.py as scripts/serve runs it answers a reader
at once meanwhile, closes those connections when their time is up, and goes on serving."""

import pytest
import requests

from blog.extensions import db
from blog.web.worker import REQUEST_HEAD_SECONDS
from tests.helpers import drop_everything
from tests.server.checks import log_problems
from tests.server.clients import StallingClients
from tests.server.serving import prepare_instance

IDLE = 20
SLOW = 3
# A functional bound, not a benchmark: a stalled server makes a reader wait for its
# worker timeout (30 s); one that holds answers a fresh blog's home page in milliseconds.
ANSWER_WITHIN = 1.0


@pytest.fixture
def served(app, servers, tmp_path):
    """The blog as scripts/serve serves it: gunicorn.conf.py's own number of workers."""
    with app.app_context():
        drop_everything()
        db.engine.dispose()
    env = prepare_instance(tmp_path / "served", app.config["SQLALCHEMY_DATABASE_URI"])
    return servers(env, tmp_path / "gunicorn.log", workers=None)


def test_idle_and_slow_connections_do_not_keep_readers_waiting(served):
    port = int(served.url.rpartition(":")[2])
    stalling = StallingClients(port, idle=IDLE, slow=SLOW)
    try:
        try:
            page = requests.get(served.url + "/", timeout=ANSWER_WITHIN)
        except requests.Timeout:
            pytest.fail(f"no answer within {ANSWER_WITHIN} s while {IDLE} connections sent "
                        f"nothing and {SLOW} sent a request a byte at a time")
        assert page.status_code == 200

        # The server closes them all once their time to send a request is up (the slow
        # ones too, though they never stop sending), and goes on answering.
        assert stalling.closed_by_server(timeout=REQUEST_HEAD_SECONDS + 10) == []
    finally:
        stalling.close()
    assert requests.get(served.url + "/", timeout=ANSWER_WITHIN).status_code == 200
    assert served.process.poll() is None
    assert log_problems(served.log()) == []
