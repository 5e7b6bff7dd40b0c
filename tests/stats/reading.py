"""Readers as the statistics see them: a browser that asks for a page and then loads its
counting stylesheet, from an address with a User-Agent."""

import html
import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from blog.extensions import db
from blog.models import StatDay, StatPage
from blog.stats.writer import flush_now

BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/131.0.0.0 Safari/537.36")
_BEACON = re.compile(r'<link rel="stylesheet" href="(/stats/seen\.css\?[^"]+)">')


@dataclass
class Reader:
    address: str = "203.0.113.7"
    agent: str = BROWSER
    headers: dict = field(default_factory=dict)

    def environ(self) -> dict:
        return {"REMOTE_ADDR": self.address}

    def all_headers(self, **more) -> dict:
        return {"User-Agent": self.agent, **self.headers, **more}


def beacon_of(page: str) -> str | None:
    found = _BEACON.search(page)
    return html.unescape(found.group(1)) if found else None


def read(client, path: str, reader: Reader | None = None, referrer: str = "",
         load_style: bool = True, query_string=None, **headers) -> str | None:
    """Ask for the page as ``reader``'s browser would and, if it shows it, load its
    counting stylesheet; the stylesheet's address, if the page had one."""
    reader = reader or Reader()
    extra = {"Referer": referrer} if referrer else {}
    response = client.get(path, headers=reader.all_headers(**extra, **headers),
                          environ_base=reader.environ(), query_string=query_string)
    assert response.status_code in (200, 304), (path, response.status_code)
    beacon = beacon_of(response.text)
    if beacon and load_style:
        shown_on = f"http://localhost{path}"
        loaded = client.get(beacon, headers=reader.all_headers(Referer=shown_on, **headers),
                            environ_base=reader.environ())
        assert loaded.status_code == 200 and loaded.content_type.startswith("text/css")
    return beacon


def written(app) -> None:
    """Write what the app has counted, as its background writer would."""
    flush_now(app)


def day_counts(app) -> dict:
    """The stored daily rows: {day: {views, visitors, ...}}."""
    with app.app_context():
        return {row.day: {name: getattr(row, name) for name in (
            "views", "visitors", "page_requests", "crawler_requests", "feed_fetches",
            "feed_readers")} for row in db.session.scalars(sa.select(StatDay))}


def only_day(app) -> dict:
    days = day_counts(app)
    assert len(days) == 1, days
    return next(iter(days.values()))


def page_counts(app) -> dict:
    """{path: (views, visitors, post_id)} summed over days."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(StatPage.path, sa.func.sum(StatPage.views), sa.func.sum(StatPage.visitors),
                      sa.func.max(StatPage.post_id)).group_by(StatPage.path)).all()
    return {path: (int(views), int(visitors), post_id) for path, views, visitors, post_id in rows}
