"""The gunicorn worker the blog is served with (``gunicorn.conf.py``): gunicorn's threaded
worker, made to hold against clients that connect and then send slowly or not at all.

gunicorn's ``gthread`` worker answers each request from a pool of threads. Out of the box
a new connection takes a thread at once and keeps it for up to five seconds while it
sends nothing, and a client that has sent part of a request keeps its thread for as long
as it keeps the connection open: a few dozen idle or trickling connections would leave
no thread to answer anyone. This worker changes two things:

- A new connection waits for its first bytes in the worker's event loop, as kept-alive
  connections do, not in a thread; one that sends nothing for ``REQUEST_HEAD_SECONDS``
  is closed. Idle connections cost a file descriptor each, never a thread.
- Every request has a deadline: its request line and headers must all have come
  ``REQUEST_HEAD_SECONDS`` after a thread took it, and its whole answer ``timeout``
  seconds (gunicorn's own setting) after that. The event loop shuts down the socket of a
  request past its deadline, which ends the read or write its thread is waiting in.

Behind nginx (``deploy/nginx.conf``) none of this is reached: nginx reads whole requests
before passing them on. It matters when the blog is served without it (``scripts/serve``).
"""

import socket
import threading
import time
from contextlib import suppress
from functools import partial
from selectors import EVENT_READ

from gunicorn.workers.gthread import TConn, ThreadWorker

# Time a connection has to send its request line and headers (nginx's client_header_timeout
# is the same idea; a browser sends them in one packet).
REQUEST_HEAD_SECONDS = 10


class ThreadedWorker(ThreadWorker):
    """gunicorn's gthread worker with a deadline on every request (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadlines: dict[TConn, float] = {}  # connections a thread is serving
        self._deadlines_lock = threading.Lock()

    def accept(self, listener):
        """Take a new connection into the event loop until it has something to read."""
        try:
            client, address = listener.accept()
        except (BlockingIOError, ConnectionAbortedError, InterruptedError):
            return  # another worker took it, or the client gave up already
        self.nr_conns += 1
        conn = TConn(self.cfg, client, address, listener.getsockname())  # non-blocking
        conn.timeout = time.monotonic() + REQUEST_HEAD_SECONDS
        # gunicorn's own queue of connections waiting for their first bytes: the loop
        # closes those past their timeout and hands the others to a thread when readable.
        self.pending_conns.append(conn)
        self.poller.register(client, EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def handle(self, conn):
        """Serve one request in a thread, under the deadline for its request head."""
        self._set_deadline(conn, REQUEST_HEAD_SECONDS)
        try:
            return super().handle(conn)
        finally:
            with self._deadlines_lock:
                self._deadlines.pop(conn, None)

    def handle_request(self, req, conn):
        """The request head has come: the answer has gunicorn's ``timeout`` from now."""
        if self.cfg.timeout:
            self._set_deadline(conn, self.cfg.timeout)
        else:  # timeout = 0: no limit, as gunicorn means it
            with self._deadlines_lock:
                self._deadlines.pop(conn, None)
        return super().handle_request(req, conn)

    def murder_pending(self):
        """Close waiting connections past their time (gunicorn's own), and cut off the
        requests past their deadline; the event loop calls this at least once a second."""
        super().murder_pending()
        now = time.monotonic()
        with self._deadlines_lock:
            overdue = [conn for conn, deadline in self._deadlines.items() if deadline < now]
            for conn in overdue:
                del self._deadlines[conn]
        for conn in overdue:
            # The thread's read or write ends at once; the thread then closes the socket.
            with suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)

    def _set_deadline(self, conn, seconds: float) -> None:
        with self._deadlines_lock:
            self._deadlines[conn] = time.monotonic() + seconds
