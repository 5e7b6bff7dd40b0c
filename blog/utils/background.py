"""Threads a web process runs beside its requests (the statistics writer, the mail
sender), each started once per process and app: by the first request the process serves,
however many threads serve requests at once.

Threads do not survive a fork, so the key holds the process id: each gunicorn worker,
forked from a master that loaded the app, starts its own.
"""

import os
import threading
from collections.abc import Callable

from flask import Flask

_lock = threading.Lock()
_started: set[tuple[str, int, int]] = set()  # (thread name, process id, app id)


def start_once(name: str, app: Flask, run: Callable[[Flask], None]) -> bool:
    """Start ``run(app)`` in a daemon thread called ``name`` unless this process has
    started it for this app already; whether it started it now."""
    key = (name, os.getpid(), id(app))
    if key in _started:  # every request after the first: no lock taken
        return False
    with _lock:
        if key in _started:
            return False
        _started.add(key)
    threading.Thread(target=run, args=(app,), name=name, daemon=True).start()
    return True
