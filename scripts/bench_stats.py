"""``scripts/bench stats``: ten years of a busy blog's statistics, and what reading them costs.

The daily rows are written in bulk, straight into the tables, as the writer would have
left them after 3,650 days: about 100 pages viewed a day (most of them posts, the
popular ones far more often, plus the home page, archives and labels), 30 referring
sites, 10 search terms and 3 feed services a day, and one row of totals a day. Then each
of ``blog.stats.queries``' functions (and the Popular posts widget's ``top_posts``) is
timed, each call in a fresh session: the median of several, with the rows it returned.
The issue's target is under 50 ms each.
"""

import random
import statistics
import time
from datetime import date, timedelta

import sqlalchemy as sa

DAYS = 3650
PAGES_A_DAY = 100
REFERRERS_A_DAY = 30
SEARCHES_A_DAY = 10
FEED_SERVICES = ("Feedly", "Inoreader", "NewsBlur", "Feedbin", "theoldreader.com")
REPEATS = 9
TARGET_MS = 50
_BATCH = 20_000


def fill_statistics(app) -> tuple[date, dict[str, int], float]:
    """Ten years of statistics up to the blog's today; that day, the rows written to each
    table, and the seconds it took (PostgreSQL's VACUUM ANALYZE afterwards included)."""
    from datetime import datetime

    from bench_blog import settle

    from blog.extensions import db
    from blog.utils.dates import current_zone

    started = time.perf_counter()
    with app.app_context():
        today = datetime.now(current_zone()).date()
        written = write_statistics(db.engine, today)
        db.engine.dispose()
    settle(app)
    return today, written, time.perf_counter() - started


def write_statistics(engine: sa.Engine, today: date) -> dict[str, int]:
    """Ten years of daily rows up to ``today``, for the posts the blog has; how many rows
    went into each table."""
    from blog.models import (
        Post,
        PostKind,
        StatDay,
        StatFeedReader,
        StatMark,
        StatPage,
        StatReferrer,
        StatSearch,
    )

    rng = random.Random(21)
    with engine.begin() as connection:
        # What the other sections counted (today's rows, say) makes way for the ten years.
        for model in (StatPage, StatDay, StatReferrer, StatSearch, StatFeedReader, StatMark):
            connection.execute(sa.delete(model))
        post_ids = list(connection.scalars(
            sa.select(Post.id).where(Post.kind == PostKind.POST).order_by(Post.id)))
    # Readers' tastes: a few posts are read far more than the rest (Zipf's law).
    weights = [1 / rank for rank in range(1, len(post_ids) + 1)]
    rng.shuffle(weights)
    others = (["/"] + [f"/label/Topic%20{n}" for n in range(20)]
              + [f"/{year}/{month:02d}/" for year in range(2016, 2027) for month in range(1, 13)])
    hosts = ([f"site{n}.example" for n in range(400)]
             + ["Google", "Bing", "DuckDuckGo", "Ecosia", "direct", "news.ycombinator.com"])
    terms = [f"grid tariff {n}" for n in range(1500)] + ["housing", "water demand", "tariff"]

    counts = dict.fromkeys(("stat_page", "stat_day", "stat_referrer", "stat_search",
                            "stat_feed_reader"), 0)
    pages, days, referrers, searches, feeds = [], [], [], [], []

    def write(final: bool = False) -> None:
        for model, rows in ((StatPage, pages), (StatDay, days), (StatReferrer, referrers),
                            (StatSearch, searches), (StatFeedReader, feeds)):
            if rows and (final or len(rows) >= _BATCH):
                with engine.begin() as connection:
                    connection.execute(sa.insert(model.__table__), rows)
                counts[model.__tablename__] += len(rows)
                rows.clear()

    for offset in range(DAYS):
        day = today - timedelta(days=DAYS - 1 - offset)
        chosen = dict.fromkeys(rng.choices(post_ids, weights, k=PAGES_A_DAY))
        read = [(f"/essay-{post_id}", "post", post_id) for post_id in chosen]
        read += [(path, "home" if path == "/" else "other", None)
                 for path in rng.sample(others, PAGES_A_DAY - len(read))]
        day_views = day_visitors = 0
        for path, kind, post_id in read:
            views = int(rng.paretovariate(1.3) * 4)
            visitors = max(1, int(views * rng.uniform(0.5, 0.9)))
            day_views += views
            day_visitors += visitors
            pages.append({"day": day, "path": path, "kind": kind, "post_id": post_id,
                          "views": views, "visitors": visitors})
        days.append({"day": day, "views": day_views, "visitors": int(day_visitors * 0.8),
                     "page_requests": int(day_views * 1.7), "crawler_requests": day_views // 2,
                     "feed_fetches": rng.randint(200, 400), "feed_readers": rng.randint(20, 60)})
        referrers += [{"day": day, "source": source, "views": int(rng.paretovariate(1.2) * 3)}
                      for source in rng.sample(hosts, REFERRERS_A_DAY)]
        searches += [{"day": day, "term": term, "searches": rng.randint(1, 5)}
                     for term in rng.sample(terms, SEARCHES_A_DAY)]
        feeds += [{"day": day, "fetcher": fetcher, "subscribers": rng.randint(10, 500),
                   "fetches": rng.randint(20, 100)}
                  for fetcher in rng.sample(FEED_SERVICES, 3)]
        write()
    write(final=True)
    return counts


def time_queries(app, today: date) -> list[tuple]:
    """Each query's median and slowest milliseconds, and the rows it returned."""
    from blog.extensions import db
    from blog.models import Post, PostKind
    from blog.stats import queries
    from blog.stats.popular import SHOWN
    from blog.stats.queries import Period
    from blog.utils.database import utcnow

    with app.app_context():
        newest = list(db.session.scalars(
            sa.select(Post.id).order_by(Post.id.desc()).limit(25)))
        db.session.remove()
    calls = [
        ("daily_counts, 30 days", lambda: queries.daily_counts(today, 30)),
        ("monthly_counts, 3 years", lambda: queries.monthly_counts(today, years=3)),
    ]
    for period in Period:
        calls.append((f"top_posts, {period.label}", lambda p=period: queries.top_posts(today, p)))
    for period in Period:
        calls.append((f"Popular posts widget, {period.label}",
                      lambda p=period: queries.top_posts(today, p, SHOWN, kinds=(PostKind.POST,),
                                                         now=utcnow())))
    calls.append(("views_of_posts, 25 posts", lambda: queries.views_of_posts(newest)))
    for name, function in (("top_referrers", queries.top_referrers),
                           ("top_searches", queries.top_searches),
                           ("traffic", queries.traffic)):
        for period in Period:
            calls.append((f"{name}, {period.label}", lambda f=function, p=period: f(today, p)))
    calls += [("feed_readers, 30 days", lambda: queries.feed_readers(today, 30)),
              ("feed_services, today", lambda: queries.feed_services(today))]

    rows = []
    with app.app_context():
        for name, call in calls:
            result = call()  # warm: the statement compiled, the pages read once
            db.session.remove()
            times = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                call()
                times.append((time.perf_counter() - started) * 1000)
                db.session.remove()
            median = statistics.median(times)
            count = 1 if isinstance(result, queries.Traffic) else len(result)
            rows.append((name, f"{median:.2f}", f"{max(times):.2f}", count,
                         "" if median < TARGET_MS else f"over {TARGET_MS} ms"))
    return rows
