"""gunicorn settings for serving the blog: `gunicorn --config gunicorn.conf.py app:app`."""

import os

# Web workers never run migrations (`flask db upgrade` does): leaving Flask-Migrate and
# Alembic out saves each worker about 11 MB and 0.15 s of start-up.
os.environ.setdefault("BLOG_MIGRATIONS", "false")

bind = os.environ.get("BLOG_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("BLOG_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# Threaded workers (gunicorn's gthread, blog/web/worker.py): a connection waits for its
# request in the worker's event loop, not in a thread, and must send its request line and
# headers within 10 seconds, so clients that connect and send nothing, or send a byte at a
# time, cannot take every worker, with nginx in front or not (sync workers each waited on
# one such client until the 30-second timeout killed them). Kept-alive connections wait
# in the event loop too, for `keepalive` seconds. Each worker answers with `threads`
# threads; the app's per-process state (page cache, statistics, mail sender) is locked
# for them. On 2 cores the blog's pages answered 34-60% more requests a second than with
# 5 sync workers (docs/performance.md#serving).
worker_class = "blog.web.worker.ThreadedWorker"
threads = 4
keepalive = 2
# A request's answer is cut off this many seconds after its headers came (and a worker
# whose event loop stops this long is replaced).
timeout = 30
# Load the app once in the master so every worker shares the generated secret key
# and a broken configuration stops the server before any worker starts.
preload_app = True
# The app logs one line a request itself (blog/web/request_log.py), without query strings.
accesslog = None
errorlog = "-"
# No control socket for `gunicornc`: its default path ($HOME/.gunicorn/gunicorn.ctl) is
# the same for every gunicorn the user runs, so a second blog (or a test server) on the
# machine would take it over from the first.
control_socket_disable = True


def post_fork(server, worker):
    """Give each worker its own database connections, none inherited from the master."""
    from app import app
    from blog.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)


def worker_exit(server, worker):
    """Write the statistics this worker counted and has not written yet (a graceful stop
    or restart loses none of them)."""
    from app import app
    from blog.stats.writer import flush_now

    flush_now(app)


def when_ready(server):
    """Print the address that sets the blog up, with its one-time code, while the blog
    has no author (the app is loaded already: preload_app); write the page nginx shows
    while the blog cannot be reached (blog/offline)."""
    from app import app
    from blog.offline import write_offline_page
    from blog.setup.codes import announce_at_start

    announce_at_start(app, bind)
    write_offline_page(app)
