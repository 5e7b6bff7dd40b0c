"""Each process writes its counts in the background: every few seconds, sooner when a
few hundred wait, and once more when the process stops gracefully (gunicorn's
``worker_exit`` hook and ``atexit``). A process killed outright loses what it counted
since its last write: a few seconds' worth."""

import atexit
import logging

from flask import Flask

from blog.stats.flush import flush
from blog.stats.tally import Tally
from blog.utils.background import start_once

logger = logging.getLogger(__name__)


def tally_of(app: Flask) -> Tally:
    return app.extensions["blog.stats"]


def flush_now(app: Flask) -> int:
    """Write what this process has counted; how many events that was."""
    return flush(app, tally_of(app))


def start_background_writer(app: Flask) -> None:
    """Have the writer running in this process (once per process: gunicorn's workers are
    forked from a master that loaded the app, and threads do not fork)."""

    @app.before_request
    def _ensure_writer():
        if start_once("stats-writer", app, _run):
            atexit.register(flush_now, app)


def _run(app: Flask) -> None:
    tally = tally_of(app)
    every = float(app.config["STATS_WRITE_EVERY_SECONDS"])
    while True:
        tally.wanted.wait(every)
        try:
            flush(app, tally)
        except Exception:  # noqa: BLE001 - the next pass tries again; the log says why
            logger.exception("the statistics writer's pass failed")
