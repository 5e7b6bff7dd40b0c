"""The page readers get from nginx while every app host is down and nginx holds no copy of
the page they asked for, or when they send a form (a comment) that nothing can take.

nginx cannot ask the blog for it then, so the blog writes it beforehand, as a file, in its
own language and style: when the server starts (gunicorn.conf.py), when the author saves
the settings (its title or language may have changed), and with
``flask --app app offline-page``. It goes into the uploads folder, which the nginx host
already reads (shared storage when there are several app hosts); its name is no upload's,
so the blog never serves it itself.
"""

import contextlib
import logging
import os
from pathlib import Path

from flask import Flask, render_template

from blog.uploads.storage import uploads_folder
from blog.web.address import blog_address

OFFLINE_PAGE = "offline.html"
logger = logging.getLogger(__name__)


def offline_page_path() -> Path:
    return uploads_folder() / OFFLINE_PAGE


def write_offline_page(app: Flask) -> Path | None:
    """Write the page (whole or not at all: a reader never gets half of it); return where
    it went, or None, logged, when it could not be made or written (a database still
    down as the server starts, a full or read-only disk must not stop the blog from
    starting or its settings from being saved)."""
    # A context of its own (a fresh ``g`` too), as for a reader with no cookie, even when
    # called from the author's request: the page must show nothing of theirs.
    try:
        with app.app_context():
            address = blog_address() or "http://localhost/"
        with app.app_context(), app.test_request_context(base_url=address):
            html = render_template("errors/offline.html")
            path = offline_page_path()
    except Exception:  # the database may be down as a server starts: start all the same
        logger.warning("the page for when the blog is down was not made", exc_info=True)
        return None
    written = path.with_name(f".{OFFLINE_PAGE}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(html, encoding="utf-8")
        written.replace(path)
    except OSError as error:
        logger.warning("the page for when the blog is down was not written: %s", error)
        with contextlib.suppress(OSError):
            written.unlink()
        return None
    return path
