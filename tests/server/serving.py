"""The blog served the way production serves it: migrations, then gunicorn with the
repository's gunicorn.conf.py and several workers, in a subprocess of its own.

Everything is set through the environment, as an operator would (``DATABASE_URL``,
``BLOG_*``); the server's log goes to a file the tests read afterwards. For a test's
own app object on a real port, ``serve_in_thread`` serves it from a thread instead.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from flask import Flask
from werkzeug.serving import make_server

from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30

# The settings an operator would give a blog that takes comments from many readers at
# once, with two made for the test: no "too fast" delay, since these readers post as
# soon as the page arrives, and a per-address limit raised far out of reach, since every
# simulated reader posts from 127.0.0.1 (five a minute would refuse all the rest).
SERVED_SETTINGS = {
    "SECRET_KEY": "served test secret key",
    "COMMENT_MODE": "open",
    "COMMENT_MIN_SECONDS": 0,
    "COMMENT_RATE_LIMIT": 1_000_000,
}


def gunicorn_setting(name: str) -> str:
    """A setting of gunicorn.conf.py given as a plain value there (``threads = 4``), as
    written (read, not run: running it would set BLOG_MIGRATIONS in this process)."""
    found = re.search(rf"^{name} = (.+)$", (PROJECT_ROOT / "gunicorn.conf.py").read_text(),
                      re.MULTILINE)
    assert found, f"gunicorn.conf.py sets no {name}"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def blog_environment(instance: Path, database_url: str, **settings) -> dict:
    """This process's environment without any blog settings of its own, plus these."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("BLOG_") and name != "DATABASE_URL"
    }
    env.update(BLOG_INSTANCE_PATH=str(instance), DATABASE_URL=database_url)
    env.update({f"BLOG_{name}": str(value) for name, value in settings.items()})
    return env


def flask_command(env: dict, *args: str) -> str:
    """Run ``flask --app app ARGS`` as an operator would; its output, or a failed test."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def prepare_instance(instance: Path, database_url: str, **settings) -> dict:
    """Migrate the (empty) database and create the author; the environment to serve it
    (SERVED_SETTINGS, and ``settings`` over them)."""
    env = blog_environment(instance, database_url, **{**SERVED_SETTINGS, **settings})
    flask_command(env, "db", "upgrade")
    flask_command(env, "create-author", AUTHOR_USERNAME, "--name", "Ana Analyst",
                  "--password", AUTHOR_PASSWORD)
    return env


@dataclass
class BlogServer:
    """gunicorn serving one blog; ``start()`` waits until it answers, ``stop()`` ends it."""

    env: dict
    log_path: Path
    workers: int | None = 4  # None: as many as gunicorn.conf.py gives, as scripts/serve runs
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "BlogServer":
        env = {**self.env, "BLOG_BIND": f"127.0.0.1:{self.port}"}
        if self.workers is not None:
            env["BLOG_WORKERS"] = str(self.workers)
        with open(self.log_path, "ab") as log:
            # A session of its own, so stop() can end the master and every worker at once.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "app:app"],
                cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited at start:\n{self.log()}")
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"gunicorn did not answer within {STARTUP_SECONDS} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        group = os.getpgid(self.process.pid)
        os.killpg(group, signal.SIGINT)  # gunicorn's quick shutdown: nothing to finish here
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=1)
        # Whatever is left (the master lingers a few seconds after its workers have gone)
        # would keep the port and the database busy.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=10)

    def worker_pids(self) -> set[int]:
        """The master's children, read from /proc."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The command name may hold spaces or parentheses; the fields after it don't.
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue  # it ended while we looked
            if int(fields[1]) == self.process.pid:
                children.add(int(stat.parent.name))
        return children

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for_port(port: int, process: subprocess.Popen, log_path: Path,
                  timeout: float = STARTUP_SECONDS) -> None:
    """Wait until something accepts connections on ``port`` of 127.0.0.1, failing early
    (with its log) if ``process`` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"it exited at start:\n{log_path.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}:\n{log_path.read_text(errors='replace')}")


def _answered_whole(app):
    """``app``, its every answer read to the end and closed before Werkzeug's server sends
    it. When a browser drops a connection mid-answer (leaving a page while its favicon
    comes), the development server can give up before it closes the answer, and the open
    static file becomes a ResourceWarning in whichever test runs next."""

    def wsgi(environ, start_response):
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return wsgi


@contextlib.contextmanager
def serve_in_thread(app: Flask) -> Iterator[int]:
    """Serve ``app`` on a free port of 127.0.0.1 from a thread; yields the port."""
    server = make_server("127.0.0.1", 0, _answered_whole(app), threaded=True)
    # A short poll interval: shutdown() waits for the loop to look again.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
