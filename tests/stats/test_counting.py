"""What counts as a view and a visitor, and what does not: the numbers the author sees
in /dashboard/stats come from these rules."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import SiteState, StatMark, StatReferrer, StatSearch
from tests.helpers import blog_app, create_author, write_post
from tests.stats.reading import Reader, day_counts, only_day, page_counts, read, written

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def post(make_post):
    return make_post(title="Oil and the budget")


def test_n_readers_make_n_views_and_n_visitors(app, client, post):
    for n in range(12):
        read(client, post.path, Reader(address=f"198.51.100.{n}"))
    written(app)

    assert only_day(app)["views"] == 12
    assert only_day(app)["visitors"] == 12
    assert page_counts(app)[post.path] == (12, 12, post.id)


def test_a_reader_who_comes_back_the_same_day_is_one_visitor(app, client, post, make_post):
    other = make_post(title="Second essay")
    reader = Reader()
    read(client, post.path, reader)
    read(client, post.path, reader)
    read(client, other.path, reader)
    written(app)

    day = only_day(app)
    assert (day["views"], day["visitors"]) == (3, 1)
    assert page_counts(app)[post.path][:2] == (2, 1)
    assert page_counts(app)[other.path][:2] == (1, 1)


def test_the_same_reader_is_a_new_visitor_the_next_day(app, client, post, monkeypatch):
    reader = Reader()
    today = datetime(2026, 3, 10, 12, 0).timestamp()
    monkeypatch.setattr("blog.stats.middleware.now", lambda: today)
    read(client, post.path, reader)
    read(client, post.path, reader)
    monkeypatch.setattr("blog.stats.middleware.now", lambda: today + 86_400)
    read(client, post.path, reader)
    written(app)

    days = day_counts(app)
    assert [(d["views"], d["visitors"]) for _, d in sorted(days.items())] == [(2, 1), (1, 1)]


def test_the_day_is_the_blogs_own(tmp_path, monkeypatch):
    # 22:30 UTC on 9 March is already 10 March in Baghdad (UTC+3).
    late = datetime(2026, 3, 9, 22, 30, tzinfo=UTC).timestamp()
    monkeypatch.setattr("blog.stats.middleware.now", lambda: late)
    with blog_app(tmp_path, TIMEZONE="Asia/Baghdad") as baghdad:
        post = write_post(baghdad, create_author(baghdad))
        read(baghdad.test_client(), post.path)
        written(baghdad)

        assert list(day_counts(baghdad)) == [date(2026, 3, 10)]


def test_crawlers_are_counted_apart_and_never_as_views(app, client, post):
    read(client, post.path, Reader(agent=GOOGLEBOT))  # even one that loads the stylesheet
    read(client, post.path, Reader(agent=""))
    read(client, post.path, Reader(agent="python-requests/2.32"), load_style=False)
    read(client, post.path)
    written(app)

    day = only_day(app)
    assert day["page_requests"] == 4
    assert day["crawler_requests"] == 3
    assert (day["views"], day["visitors"]) == (1, 1)


def test_a_client_that_never_loads_the_stylesheet_is_no_view(app, client, post):
    read(client, post.path, Reader(address="192.0.2.1"), load_style=False)
    read(client, post.path, Reader(address="192.0.2.2"))
    written(app)

    day = only_day(app)
    assert (day["page_requests"], day["crawler_requests"], day["views"]) == (2, 0, 1)


def test_head_requests_and_prefetches_count_nothing(app, client, post):
    reader = Reader()
    assert client.head(post.path, headers=reader.all_headers()).status_code == 200
    read(client, post.path, reader, **{"Sec-Purpose": "prefetch"})
    read(client, post.path, reader, **{"Sec-Purpose": "prefetch;prerender"})
    written(app)

    assert day_counts(app) == {}


def test_a_304_is_a_view_when_the_browser_shows_the_page_again(app, client, post):
    # The browser revalidates its copy (304) and, showing it, loads the stylesheet again:
    # a reader reading the page a second time.
    first = client.get(post.path, headers=Reader().all_headers())
    etag = first.headers["ETag"]
    read(client, post.path)
    again = read(client, post.path, **{"If-None-Match": etag})
    written(app)

    assert again is None  # a 304 has no body: the stylesheet is the one the page had
    day = only_day(app)
    assert day["page_requests"] == 3
    assert day["views"] == 1


def test_the_authors_own_reading_is_not_counted(app, client, logged_in, post):
    read(client, post.path)
    read(client, "/")
    written(app)

    assert day_counts(app) == {}


def test_do_not_track_and_gpc_are_views_but_never_visitors(app, client, post):
    read(client, post.path, Reader(address="192.0.2.1", headers={"DNT": "1"}))
    read(client, post.path, Reader(address="192.0.2.2", headers={"Sec-GPC": "1"}))
    read(client, post.path, Reader(address="192.0.2.3"))
    written(app)

    day = only_day(app)
    assert (day["views"], day["visitors"]) == (3, 1)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StatMark)) == 2


def test_every_kind_of_reader_page_is_counted(app, client, make_post):
    post = make_post(title="Grid tariffs", labels=("Energy",))
    page = make_post(title="About", page=True)
    year, month = post.path.split("/")[1:3]
    for path in ("/", post.path, page.path, f"/{year}/", f"/{year}/{month}/", "/label/Energy",
                 "/search?q=grid"):
        read(client, path)
    written(app)

    counted = page_counts(app)
    assert set(counted) == {"/", post.path, page.path, f"/{year}/", f"/{year}/{month}/",
                            "/label/Energy", "/search"}
    assert counted[page.path][2] == page.id
    assert only_day(app)["page_requests"] == 7


def test_referrers_are_reduced_to_their_site(app, client, post):
    for referrer in ("https://news.ycombinator.com/item?id=42", "https://news.ycombinator.com/",
                     "https://www.google.de/", "https://www.bing.com/search?q=oil",
                     "http://localhost/", "", "javascript:alert(1)"):
        read(client, post.path, referrer=referrer)
    written(app)

    with app.app_context():
        sources = dict(db.session.execute(sa.select(StatReferrer.source, StatReferrer.views)).all())
    assert sources == {"news.ycombinator.com": 2, "Google": 1, "Bing": 1, "direct": 1}


def test_search_terms_are_counted_once_a_search(app, client, make_post):
    app.config["POSTS_PER_PAGE"] = 5
    for n in range(6):
        make_post(title=f"Oil prices, part {n}")
    read(client, "/search?q=Oil%20%20Prices")
    read(client, "/search?q=oil prices")
    read(client, "/search?q=oil prices&page=2")  # the next page of the same search
    read(client, "/search?q=")
    written(app)

    with app.app_context():
        terms = dict(db.session.execute(sa.select(StatSearch.term, StatSearch.searches)).all())
    assert terms == {"oil prices": 2}


def test_feed_readers_are_estimated_from_reports_and_distinct_fetchers(app, client, post):
    feedly = ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; {} subscribers; "
              "like FeedFetcher-Google)")
    for count in (120, 125, 123):
        client.get("/feeds/posts.atom", headers={"User-Agent": feedly.format(count)})
    for address in ("192.0.2.1", "192.0.2.1", "192.0.2.2"):
        client.get("/feeds/posts.rss", headers={"User-Agent": "NetNewsWire (RSS Reader)"},
                   environ_base={"REMOTE_ADDR": address})
    written(app)

    from blog.stats.queries import feed_readers, feed_services

    day = only_day(app)
    assert (day["feed_fetches"], day["feed_readers"], day["views"]) == (6, 2, 0)
    with app.app_context():
        (estimate,) = feed_readers(next(iter(day_counts(app))))
        assert estimate.subscribers == 125 + 2
        assert feed_services(estimate.day) == [("Feedly", 125)]


def test_a_view_never_changes_the_site_version(app, client, post):
    with app.app_context():
        before = db.session.scalar(sa.select(SiteState.version))
    first = client.get(post.path, headers=Reader().all_headers())
    read(client, post.path)
    written(app)

    with app.app_context():
        assert db.session.scalar(sa.select(SiteState.version)) == before
    again = client.get(post.path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_batches_from_several_processes_add_up(app, client, post):
    for n in range(3):
        read(client, post.path, Reader(address=f"192.0.2.{n}"))
        written(app)  # each write adds to the same rows
    read(client, post.path, Reader(address="192.0.2.0"))
    written(app)

    assert (only_day(app)["views"], only_day(app)["visitors"]) == (4, 3)
    assert page_counts(app)[post.path][:2] == (4, 3)


def test_visitor_marks_are_deleted_when_their_day_is_over(app, client, post, monkeypatch):
    start = datetime(2026, 3, 10, 12, 0).timestamp()
    monkeypatch.setattr("blog.stats.middleware.now", lambda: start)
    monkeypatch.setattr("blog.stats.flush.datetime", _FrozenDatetime(start))
    read(client, post.path)
    written(app)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StatMark)) == 2
    monkeypatch.setattr("blog.stats.flush.datetime", _FrozenDatetime(start + 2 * 86_400))
    monkeypatch.setattr("blog.stats.middleware.now", lambda: start + 2 * 86_400)
    read(client, post.path, Reader(address="192.0.2.99"))
    written(app)

    with app.app_context():
        days = set(db.session.scalars(sa.select(StatMark.day)))
    assert days == {date(2026, 3, 12)}  # the day before yesterday's marks are gone
    assert sorted(d["visitors"] for d in day_counts(app).values()) == [1, 1]


class _FrozenDatetime:
    """``datetime`` as blog.stats.flush uses it, with ``now`` fixed."""

    def __init__(self, timestamp: float):
        self.timestamp = timestamp

    def now(self, zone):
        return datetime.fromtimestamp(self.timestamp, zone)

    def fromtimestamp(self, *args):
        return datetime.fromtimestamp(*args)


def test_nothing_is_counted_when_counting_is_off(tmp_path):
    with blog_app(tmp_path, STATS_COUNTING=False) as quiet:
        post = write_post(quiet, create_author(quiet))
        client = quiet.test_client()
        assert read(client, post.path) is None  # no stylesheet to load
        assert client.get("/stats/seen.css?k=home&p=/").status_code == 200
        written(quiet)
        assert day_counts(quiet) == {}


def test_the_time_of_a_view_is_never_stored(app, client, post):
    read(client, post.path)
    written(app)

    with app.app_context():
        columns = {column.name for table in db.metadata.tables.values()
                   if table.name.startswith("stat_") for column in table.columns}
    assert not {"address", "ip", "user_agent", "agent", "at", "time", "created_at"} & columns

