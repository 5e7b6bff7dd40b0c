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


def run_flask(*args: str, env: dict[str, str]) -> str:
    """Run ``flask --app app ARGS`` as an operator does; returns its output."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


@dataclass
class Gunicorn:
    process: subprocess.Popen
    ports: list[int]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}"

    def log(self) -> str:
        """Everything the server and the blog have written (the request log included)."""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()  # a graceful stop
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_gunicorn(env: dict[str, str], log_path: Path, ports: int = 1) -> Gunicorn:
    """Start ``gunicorn -c gunicorn.conf.py app:app`` listening on ``ports`` free ports
    of 127.0.0.1, and return once it accepts connections."""
    chosen = [free_port() for _ in range(ports)]
    binds = [option for port in chosen for option in ("--bind", f"127.0.0.1:{port}")]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *binds, "app:app"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    server = Gunicorn(process, chosen, log_path)
    try:
        for port in chosen:
            wait_for_port(port, process, log_path)
    except BaseException:
        server.stop()
        raise
    return server


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
