"""Writing what a process counted: each batch adds to the day's rows (one row per page,
referrer, search term and feed service a day), so every process and every host adds to
the same rows and none overwrites another's counts. Each addition is a single
``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``, which the database applies
atomically however many write at once; rows go in key order, so two writers never wait
on each other crosswise.

A visitor is new on a day (and on a page) when their mark goes in for the first time:
``INSERT ... ON CONFLICT DO NOTHING RETURNING`` says which did.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from blog.extensions import db
from blog.models import (
    Post,
    StatDay,
    StatFeedReader,
    StatMark,
    StatPage,
    StatReferrer,
    StatSearch,
)
from blog.stats.sources import is_crawler, referrer_source, reported_subscribers
from blog.stats.tally import Event, FeedFetch, PageRequest, Tally, View
from blog.stats.visitors import visitor_mark

logger = logging.getLogger(__name__)

SITE, FEEDS = "*", "feed"  # mark scopes besides a page's path
_ROWS_A_STATEMENT = 500
_DAY_COUNTS = ("views", "visitors", "page_requests", "crawler_requests", "feed_fetches",
               "feed_readers")


class _Batch:
    """One batch of events, added up by day and key."""

    def __init__(self, zone: ZoneInfo, secret: str):
        self.zone, self.secret = zone, secret
        self.days: dict[date, Counter] = defaultdict(Counter)
        self.pages: dict[tuple[date, str], dict] = {}
        self.referrers: Counter = Counter()
        self.searches: Counter = Counter()
        self.feed_services: dict[tuple[date, str], list[int]] = {}
        self.marks: set[tuple[date, str, str]] = set()
        self._day_of_minute: dict[int, date] = {}

    def day(self, at: float) -> date:
        minute = int(at // 60)
        if minute not in self._day_of_minute:
            self._day_of_minute[minute] = datetime.fromtimestamp(minute * 60, self.zone).date()
        return self._day_of_minute[minute]

    def add(self, event: Event) -> None:
        day = self.day(event.at)
        if isinstance(event, View):
            self._view(day, event)
        elif isinstance(event, PageRequest):
            self._page_request(day, event)
        else:
            self._feed_fetch(day, event)

    def _view(self, day: date, view: View) -> None:
        if is_crawler(view.agent):
            return  # it fetched the stylesheet, but says it is a crawler
        page = self.pages.setdefault(
            (day, view.path), {"kind": view.kind, "post_id": view.post_id, "views": 0})
        page["views"] += 1
        self.days[day]["views"] += 1
        if view.term:
            self.searches[day, view.term] += 1
        if not view.private:
            mark = visitor_mark(self.secret, day, view.address, view.agent)
            self.marks.update({(day, view.path, mark), (day, SITE, mark)})

    def _page_request(self, day: date, request: PageRequest) -> None:
        counts = self.days[day]
        counts["page_requests"] += 1
        if is_crawler(request.agent):
            counts["crawler_requests"] += 1
            return
        source = referrer_source(request.referrer, request.host)
        if source is not None:
            self.referrers[day, source] += 1

    def _feed_fetch(self, day: date, fetch: FeedFetch) -> None:
        self.days[day]["feed_fetches"] += 1
        reported = reported_subscribers(fetch.agent)
        if reported is not None:
            fetcher, subscribers = reported
            kept = self.feed_services.setdefault((day, fetcher), [0, 0])
            kept[0] = max(kept[0], subscribers)
            kept[1] += 1
        elif fetch.agent.strip():
            self.marks.add((day, FEEDS, visitor_mark(self.secret, day, fetch.address, fetch.agent)))


def write_counts(events: Iterable[Event]) -> None:
    """Add ``events`` to the stored counts, in one transaction (in an app context)."""
    add_counts(events)
    db.session.commit()


def add_counts(events: Iterable[Event]) -> None:
    """Add ``events`` to the stored counts in a transaction that begins here and is left
    for the caller to commit, with whatever must be written together with them."""
    from blog.settings import setting
    from blog.utils.dates import blog_zone

    zone = blog_zone(setting("TIMEZONE"))
    batch = _Batch(zone, current_app.config["SECRET_KEY"])
    for event in events:
        batch.add(event)
    known_posts = _existing_posts({page["post_id"] for page in batch.pages.values()})
    db.session.rollback()  # the check read nothing to keep; the writes begin afresh
    for (day, scope) in _new_marks(sorted(batch.marks)):
        if scope == SITE:
            batch.days[day]["visitors"] += 1
        elif scope == FEEDS:
            batch.days[day]["feed_readers"] += 1
        else:
            batch.pages[day, scope]["visitors"] = batch.pages[day, scope].get("visitors", 0) + 1
    _add(StatDay, ["day"], _DAY_COUNTS, [
        {"day": day, **{name: counts[name] for name in _DAY_COUNTS}}
        for day, counts in batch.days.items()])
    _add(StatPage, ["day", "path"], ("views", "visitors"), [
        {"day": day, "path": path, "kind": page["kind"],
         "post_id": page["post_id"] if page["post_id"] in known_posts else None,
         "views": page["views"], "visitors": page.get("visitors", 0)}
        for (day, path), page in batch.pages.items()])
    _add(StatReferrer, ["day", "source"], ("views",), [
        {"day": day, "source": source, "views": views}
        for (day, source), views in batch.referrers.items()])
    _add(StatSearch, ["day", "term"], ("searches",), [
        {"day": day, "term": term, "searches": count}
        for (day, term), count in batch.searches.items()])
    _add(StatFeedReader, ["day", "fetcher"], ("fetches",), [
        {"day": day, "fetcher": fetcher, "subscribers": subscribers, "fetches": fetches}
        for (day, fetcher), (subscribers, fetches) in batch.feed_services.items()],
        keep_largest=("subscribers",))
    today = datetime.now(zone).date()
    db.session.execute(sa.delete(StatMark).where(StatMark.day < today - timedelta(days=1)))


def _existing_posts(ids: set) -> set[int]:
    ids.discard(None)
    if not ids:
        return set()
    return set(db.session.scalars(sa.select(Post.id).where(Post.id.in_(ids))))


def _insert(model):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model.__table__)


def _chunks(rows: Sequence, size: int = _ROWS_A_STATEMENT) -> Iterable[Sequence]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _new_marks(marks: list[tuple[date, str, str]]) -> list[tuple[date, str]]:
    """Put the marks in; the (day, scope) of each that was not there before."""
    new = []
    for chunk in _chunks(marks):
        statement = (
            _insert(StatMark)
            .values([{"day": day, "scope": scope, "mark": mark} for day, scope, mark in chunk])
            .on_conflict_do_nothing()
            .returning(StatMark.__table__.c.day, StatMark.__table__.c.scope)
        )
        new.extend(db.session.execute(statement).all())
    return new


def _add(model, keys: list[str], counts: Sequence[str], rows: list[dict],
         keep_largest: Sequence[str] = ()) -> None:
    """Add each row's counts to the stored row with the same keys (made if missing)."""
    table = model.__table__
    rows.sort(key=lambda row: tuple(row[key] for key in keys))
    for chunk in _chunks(rows):
        statement = _insert(model).values(list(chunk))
        changes = {name: table.c[name] + statement.excluded[name] for name in counts}
        for name in keep_largest:
            changes[name] = sa.case(
                (statement.excluded[name] > table.c[name], statement.excluded[name]),
                else_=table.c[name])
        db.session.execute(statement.on_conflict_do_update(index_elements=keys, set_=changes))


def flush(app: Flask, tally: Tally) -> int:
    """Write what ``tally`` holds; what cannot be written now is kept for the next try.
    Returns how many events were written."""
    events = tally.take()
    if not events:
        return 0
    with app.app_context():
        try:
            write_counts(events)
        except DBAPIError as error:
            db.session.rollback()
            if error.connection_invalidated or isinstance(error, sa.exc.OperationalError):
                tally.put_back(events)  # the database is away or busy: later
                logger.warning("statistics not written yet: %s", error.orig)
                return 0
            logger.exception("statistics: a batch of %d counts was refused", len(events))
            return 0
        except SQLAlchemyError:
            db.session.rollback()
            tally.put_back(events)
            logger.exception("statistics not written yet")
            return 0
        finally:
            db.session.remove()
    return len(events)
