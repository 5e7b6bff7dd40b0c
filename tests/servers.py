"""The blog on real ports, for tests that need more than the test client: gunicorn
processes started the way a deployment starts them (gunicorn.conf.py, settings in the
environment), or a test's own app served from a thread."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port nothing listens on now (the system picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def blog_environment(**settings: str) -> dict[str, str]:
    """This process's environment plus ``settings`` (DATABASE_URL, BLOG_...)."""
    return {**os.environ, **settings}


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_listening(self) -> None:
        try:
            wait_for_port(self.port, self.process, self.log_path)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        self.process.terminate()  # a graceful stop
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_gunicorn(env: dict[str, str], log_path: Path) -> Gunicorn:
    """Start ``gunicorn -c gunicorn.conf.py app:app`` on a free port of 127.0.0.1 (its
    output goes to ``log_path``); call ``wait_until_listening`` before using it."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app"],
            cwd=PROJECT_ROOT, env={**env, "BLOG_BIND": f"127.0.0.1:{port}"},
            stdout=log, stderr=subprocess.STDOUT,
        )
    return Gunicorn(process, port, log_path)


def stop_all(servers: list[Gunicorn]) -> None:
    """Stop the servers together: each takes about a second to finish."""
    for server in servers:
        server.process.terminate()
    for server in servers:
        server.stop()


def wait_for_port(port: int, process: subprocess.Popen, log_path: Path,
                  timeout: float = 20) -> None:
    """Wait until something accepts connections on ``port`` (connections wait in the
    queue until a worker takes them), failing early if ``process`` has died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}:\n{log_path.read_text(errors='replace')}")


@contextmanager
def serve_in_thread(app: Flask) -> Iterator[int]:
    """Serve ``app`` on a free port of 127.0.0.1 from a thread; yields the port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval: shutdown() waits for the loop to look again.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
