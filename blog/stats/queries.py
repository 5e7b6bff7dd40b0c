"""What the statistics show: series by day and month, the most read posts, referrers,
searches and feed readers. Each is one statement on the daily rows (covered by their
indexes), so the dashboard stays fast with ten years of a busy blog's counts
(``scripts/bench stats``)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _

from blog.extensions import db
from blog.models import (
    Post,
    PostKind,
    StatDay,
    StatFeedReader,
    StatPage,
    StatReferrer,
    StatSearch,
)


class Period(StrEnum):
    WEEK = "7"
    MONTH = "30"
    ALL = "all"

    @property
    def label(self) -> str:
        """The period's name on its own: a link, a heading's end."""
        return {"7": _("Last 7 days"), "30": _("Last 30 days"), "all": _("All time")}[self.value]

    @property
    def in_sentence(self) -> str:
        """The period as the end of a sentence ("Referrers, last 7 days")."""
        return {
            # Translators: ends a sentence such as "Referrers, last 7 days".
            "7": _("last 7 days"),
            "30": _("last 30 days"),
            "all": _("all time"),
        }[self.value]

    def first_day(self, today: date) -> date | None:
        """The first day the period counts (None: from the beginning)."""
        return None if self is Period.ALL else today - timedelta(days=int(self.value) - 1)


@dataclass(frozen=True)
class DayCounts:
    day: date
    views: int
    visitors: int


@dataclass(frozen=True)
class MonthCounts:
    year: int
    month: int
    views: int
    visitors: int  # the sum of each day's visitors: a reader of two days counts twice


@dataclass(frozen=True)
class TopPost:
    post: Post
    views: int


@dataclass(frozen=True)
class Traffic:
    """Page requests over a period, and how many of them were no reader."""

    page_requests: int
    crawler_requests: int  # said so in their User-Agent
    views: int  # loaded the page's style sheet: readers

    @property
    def without_style_sheet(self) -> int:
        return max(0, self.page_requests - self.crawler_requests - self.views)

    @property
    def bot_share(self) -> float:
        if not self.page_requests:
            return 0.0
        return (self.crawler_requests + self.without_style_sheet) / self.page_requests


@dataclass(frozen=True)
class FeedDay:
    day: date
    subscribers: int  # services' own reports plus distinct other fetchers
    fetches: int


def daily_counts(today: date, days: int = 30) -> list[DayCounts]:
    """Views and visitors for each of the last ``days`` days, today last, zeros included."""
    first = today - timedelta(days=days - 1)
    stored = {row.day: row for row in db.session.execute(
        sa.select(StatDay.day, StatDay.views, StatDay.visitors)
        .where(StatDay.day >= first, StatDay.day <= today))}
    return [
        DayCounts(day, stored[day].views, stored[day].visitors) if day in stored
        else DayCounts(day, 0, 0)
        for day in (first + timedelta(days=n) for n in range(days))
    ]


def monthly_counts(today: date, years: int = 3) -> list[MonthCounts]:
    """Views and visitors for each month of the last ``years`` years, from the first month
    with any count, this month last."""
    first = date(today.year - years + 1, 1, 1)
    sums: dict[tuple[int, int], list[int]] = {}
    for day, views, visitors in db.session.execute(
        sa.select(StatDay.day, StatDay.views, StatDay.visitors)
        .where(StatDay.day >= first, StatDay.day <= today)
        .order_by(StatDay.day)
    ):
        kept = sums.setdefault((day.year, day.month), [0, 0])
        kept[0] += views
        kept[1] += visitors
    if not sums:
        return []
    year, month = min(sums)
    months = []
    while (year, month) <= (today.year, today.month):
        views, visitors = sums.get((year, month), (0, 0))
        months.append(MonthCounts(year, month, views, visitors))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _since(column, today: date, period: Period):
    """The period's days. Bounded on both sides, so that SQLite (which keeps no
    statistics of its tables) walks the day's index for a week or a month rather than
    every row of ten years in the order of another index (250 ms against 0.5)."""
    first = period.first_day(today)
    return sa.true() if first is None else column.between(first, today)


def top_posts(today: date, period: Period, limit: int = 10, *,
              kinds: Iterable[PostKind] = (PostKind.POST, PostKind.PAGE),
              now: datetime | None = None) -> list[TopPost]:
    """The most viewed posts and pages of the period, most first. With ``now``, only
    those readers can see then (the Popular posts widget)."""
    views = sa.func.sum(StatPage.views).label("views")
    counted = (
        sa.select(StatPage.post_id, views)
        .where(StatPage.post_id.is_not(None), _since(StatPage.day, today, period))
        .group_by(StatPage.post_id)
        .subquery()
    )
    statement = (
        sa.select(Post, counted.c.views)
        .join(counted, counted.c.post_id == Post.id)
        .where(Post.kind.in_(list(kinds)), Post.deleted_at.is_(None))
        .order_by(counted.c.views.desc(), Post.id.desc())
        .limit(limit)
    )
    if now is not None:
        statement = statement.where(Post.visible_clause(now))
    return [TopPost(post, int(count)) for post, count in db.session.execute(statement)]


def views_of_posts(post_ids: Iterable[int]) -> dict[int, int]:
    """Each post's views of all time (posts never viewed are left out)."""
    ids = list(post_ids)
    if not ids:
        return {}
    return {post_id: int(views) for post_id, views in db.session.execute(
        sa.select(StatPage.post_id, sa.func.sum(StatPage.views))
        .where(StatPage.post_id.in_(ids))
        .group_by(StatPage.post_id))}


def _top(model, key, count, today: date, period: Period, limit: int) -> list[tuple[str, int]]:
    total = sa.func.sum(count).label("total")
    return [(name, int(n)) for name, n in db.session.execute(
        sa.select(key, total)
        .where(_since(model.day, today, period))
        .group_by(key)
        .order_by(total.desc(), key)
        .limit(limit))]


def top_referrers(today: date, period: Period, limit: int = 20) -> list[tuple[str, int]]:
    """Where readers came from (a host, a search engine, "direct"), most first."""
    return _top(StatReferrer, StatReferrer.source, StatReferrer.views, today, period, limit)


def top_searches(today: date, period: Period, limit: int = 20) -> list[tuple[str, int]]:
    """What readers searched for with the blog's search box, most first."""
    return _top(StatSearch, StatSearch.term, StatSearch.searches, today, period, limit)


def traffic(today: date, period: Period) -> Traffic:
    row = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(StatDay.page_requests), 0),
                  sa.func.coalesce(sa.func.sum(StatDay.crawler_requests), 0),
                  sa.func.coalesce(sa.func.sum(StatDay.views), 0))
        .where(_since(StatDay.day, today, period))
    ).one()
    return Traffic(*(int(value) for value in row))


def feed_readers(today: date, days: int = 30) -> list[FeedDay]:
    """The feeds' estimated subscribers on each of the last ``days`` days that saw a
    fetch, newest first: what services reported (each its largest figure of the day)
    plus the distinct fetchers that reported nothing."""
    first = today - timedelta(days=days - 1)
    reported = sa.select(
        StatFeedReader.day, sa.func.sum(StatFeedReader.subscribers).label("subscribers")
    ).where(StatFeedReader.day >= first).group_by(StatFeedReader.day).subquery()
    rows = db.session.execute(
        sa.select(StatDay.day, StatDay.feed_readers, StatDay.feed_fetches,
                  sa.func.coalesce(reported.c.subscribers, 0))
        .outerjoin(reported, reported.c.day == StatDay.day)
        .where(StatDay.day >= first, StatDay.day <= today, StatDay.feed_fetches > 0)
        .order_by(StatDay.day.desc()))
    return [FeedDay(day, int(readers) + int(services), int(fetches))
            for day, readers, fetches, services in rows]


def feed_services(day: date) -> list[tuple[str, int]]:
    """The services that reported subscribers on ``day``, most first."""
    return [(name, int(n)) for name, n in db.session.execute(
        sa.select(StatFeedReader.fetcher, StatFeedReader.subscribers)
        .where(StatFeedReader.day == day)
        .order_by(StatFeedReader.subscribers.desc(), StatFeedReader.fetcher))]
