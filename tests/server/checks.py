"""What the served tests check afterwards: the database itself, and the server's log."""

import re
from collections import defaultdict

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, StatDay, StatPage

_MARKER = re.compile(r"\bmark\d{2}x\d{5}\b")
_SERVER_ERROR_LINE = re.compile(r"^.* 5\d\d [\d.]+ms from=\S+ id=.*$", re.MULTILINE)


def stored_markers(engine: sa.Engine) -> dict[str, list[int]]:
    """Each comment marker found in the database, with the ids of the comments holding it."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(Comment.id, Comment.body)).all()
    found = defaultdict(list)
    for comment_id, body in rows:
        for marker in _MARKER.findall(body):
            found[marker].append(comment_id)
    return dict(found)


def stored_in(app) -> dict[str, list[int]]:
    with app.app_context():
        return stored_markers(db.engine)


def stored_more_than_once(stored: dict[str, list[int]]) -> dict[str, list[int]]:
    return {marker: ids for marker, ids in stored.items() if len(ids) != 1}


def stored_views(app) -> dict[str, int]:
    """The statistics stored so far, over all days: views and visitors of the blog,
    readers' page requests (crawlers' left out), and each page's views and visitors
    (``"views /path"``, ``"visitors /path"``)."""
    with app.app_context():
        views, visitors, requests, crawlers = db.session.execute(sa.select(
            *(sa.func.coalesce(sa.func.sum(column), 0) for column in (
                StatDay.views, StatDay.visitors, StatDay.page_requests,
                StatDay.crawler_requests)))).one()
        stored = {"views": int(views), "visitors": int(visitors),
                  "reader requests": int(requests - crawlers)}
        pages = sa.select(StatPage.path, sa.func.sum(StatPage.views),
                          sa.func.sum(StatPage.visitors)).group_by(StatPage.path)
        for path, page_views, page_visitors in db.session.execute(pages):
            stored[f"views {path}"] = int(page_views)
            stored[f"visitors {path}"] = int(page_visitors)
        db.session.remove()
    return stored


def integrity_check(app) -> str:
    """SQLite's own check of the database file ("ok"); PostgreSQL needs none."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return "ok"
        with db.engine.connect() as connection:
            return connection.execute(sa.text("PRAGMA integrity_check")).scalar()


def log_problems(log: str) -> list[str]:
    """Tracebacks, lock errors and 5xx answers in a server's log."""
    problems = [line for line in _SERVER_ERROR_LINE.findall(log)]
    problems += [word for word in ("Traceback", "database is locked") if word in log]
    return problems
