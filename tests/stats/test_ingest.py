"""`flask stats ingest`: the pages nginx's cache answered without asking the app are
counted from nginx's access log, once each, whatever the log holds."""

import os
import time
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import StatDay, StatLogPosition, StatReferrer
from blog.stats import ingest as ingesting
from blog.stats.middleware import PathKinds
from tests.stats.reading import BROWSER, day_counts, only_day

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
AT = "10/Mar/2026:12:00:00 +0000"


def logged(path: str = "/", *, cache: str = "HIT", status: int = 200, method: str = "GET",
           referrer: str = "-", agent: str = BROWSER, purpose: str = "-", at: str = AT,
           host: str = "localhost") -> str:
    """One line as deploy/nginx.conf's `log_format blog` has nginx write it."""
    upstream = "-" if cache in ("HIT", "STALE", "UPDATING") else "127.0.0.1:8000"
    return (f'203.0.113.7 [{at}] "{method} {path} HTTP/2.0" {status} 5120 0.000s '
            f"upstream={upstream} id=0f1e2d3c4b5a69788796a5b4c3d2e1f0 cache={cache} "
            f'host="{host}" referrer="{referrer}" agent="{agent}" purpose="{purpose}"\n')


@pytest.fixture
def log(tmp_path):
    return tmp_path / "blog.access.log"


@pytest.fixture
def ingest(runner, log):
    def run(*options) -> str:
        result = runner.invoke(args=["stats", "ingest", str(log), *options])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return run


def said(read: int, counted: int, passed: int = 0, unreadable: int = 0) -> str:
    return (f"Lines read: {read}. Counted: {counted}. Left to the blog's own count: "
            f"{passed}. Unreadable: {unreadable}.")


def write(log, *lines: str, mode: str = "a") -> None:
    with open(log, mode, encoding="latin-1") as handle:
        handle.write("".join(lines))


def referrers(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(sa.select(StatReferrer.source, StatReferrer.views)).all())


def page_requests(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(StatDay.page_requests), 0)))


def test_pages_nginx_answered_alone_are_counted_with_their_referrer_on_their_own_day(
    app, make_post, log, ingest
):
    post = make_post(title="Kept at the door")
    write(log,
          logged(post.path, referrer="https://www.google.de/"),
          logged(post.path, cache="STALE", referrer="https://news.example.net/item?id=1"),
          logged("/", cache="UPDATING"),
          logged(post.path, status=304),  # nginx's own 304 for a kept page
          logged(post.path, agent=GOOGLEBOT))

    assert ingest() == said(5, 5)
    assert list(day_counts(app)) == [date(2026, 3, 10)]  # the lines' day, not today
    day = only_day(app)
    assert (day["page_requests"], day["crawler_requests"], day["views"]) == (5, 1, 0)
    assert referrers(app) == {"Google": 1, "news.example.net": 1, "direct": 2}


@pytest.mark.parametrize("line", [
    logged("/", cache="MISS"), logged("/", cache="EXPIRED"), logged("/", cache="BYPASS"),
    logged("/", cache="REVALIDATED", status=304),  # the app answered, and counted, these
    logged("/", cache="-"),  # not through the cache at all (a feed, say)
    logged("/no-such-page", status=404), logged("/", status=503),
    logged("/", method="HEAD"), logged("/", purpose="prefetch;prerender"),
    logged("/login"), logged("/static/css/blog.css?v=1"), logged("/stats/seen.css?k=home"),
])
def test_what_the_app_counted_or_nobody_counts_is_not_counted(app, log, ingest, line):
    write(log, line)

    assert ingest() == said(1, 0, passed=1)
    assert page_requests(app) == 0


def test_a_second_run_reads_only_new_lines_and_a_half_written_one_waits(app, log, ingest):
    write(log, logged("/"), logged("/", cache="MISS"))
    assert ingest() == said(2, 1, passed=1)
    assert ingest() == said(0, 0)

    write(log, logged("/"), logged("/")[:40])  # nginx is still writing the second
    assert ingest() == said(1, 1)
    write(log, logged("/")[40:])
    assert ingest() == said(1, 1)

    assert page_requests(app) == 3


def test_a_rotated_log_is_finished_first_then_the_new_one_read_from_its_start(
    app, log, ingest
):
    write(log, logged("/"))
    ingest()
    write(log, logged("/"), logged("/"))  # after the last run, before the rotation
    os.rename(log, f"{log}.1")  # as logrotate does; nginx then opens a new file
    write(log, logged("/"))
    assert ingest() == said(2, 2)  # nginx may still write to the old one for a moment
    write(f"{log}.1", logged("/"))
    a_minute_ago = time.time() - 60
    os.utime(f"{log}.1", (a_minute_ago, a_minute_ago))

    assert ingest() == said(2, 2)
    assert ingest() == said(0, 0)
    write(log, logged("/"))
    assert ingest() == said(1, 1)
    assert page_requests(app) == 6


def test_a_truncated_or_rewritten_log_is_read_from_its_start(app, log, ingest):
    write(log, logged("/"), logged("/"), logged("/"))
    ingest()
    write(log, logged("/"), mode="w")  # truncated in place, shorter than was read
    assert ingest() == said(1, 1)
    write(log, *[logged("/", referrer="https://a.example/")] * 3, mode="w")  # longer
    assert ingest() == said(3, 3)

    assert page_requests(app) == 7


HOSTILE = [
    "",
    "garbage\x00\xff\xfe not a log line",
    # The format before deploy/nginx.conf logged the cache status.
    '203.0.113.7 [10/Mar/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 5120 0.001s '
    "upstream=127.0.0.1:8000 id=0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    logged("/", at="31/Feb/2026:12:00:00 +0000").rstrip("\n"),
    logged("/", at="10/Mar/2026:25:00:00 +0000").rstrip("\n"),
    logged("/", at="10/Mar/2026:12:00:99 +0000").rstrip("\n"),
    logged("/").replace(' referrer="-"', ' referrer="a"b"').rstrip("\n"),  # unescaped quote
    logged("/").rstrip("\n") + ' extra="field"',
    logged("/", referrer="x" * 20_000).rstrip("\n"),  # longer than any line is read
]


def test_unreadable_and_hostile_lines_are_skipped_and_counted(app, log, ingest):
    write(log, *[line + "\n" for line in HOSTILE], logged("/"))

    assert ingest() == said(len(HOSTILE) + 1, 1, unreadable=len(HOSTILE))
    assert page_requests(app) == 1


def test_escaped_headers_are_read_as_the_app_would_see_them(app):
    # nginx writes ", \ and bytes beyond ASCII as \xXX; a WSGI server hands the
    # middleware each header's bytes as Latin-1 text, so "é" in UTF-8 is "Ã©" to both.
    kind_of = PathKinds(app.url_map)
    line = logged("/", referrer="https://caf\\xC3\\xA9.example/\\x22q",
                  agent="Mozilla/5.0 \\x22\\x5C\\x0A", host="localhost").rstrip("\n")

    request = ingesting.counted_event(line, kind_of)

    assert request.referrer == 'https://caf\xc3\xa9.example/"q'
    assert request.agent == 'Mozilla/5.0 "\\\n' and request.host == "localhost"
    assert request.at == datetime(2026, 3, 10, 12, tzinfo=UTC).timestamp()
    in_baghdad = logged("/", at="10/Mar/2026:15:00:00 +0300").rstrip("\n")
    assert ingesting.counted_event(in_baghdad, kind_of).at == request.at
    # Paths are percent-decoded as UTF-8, as the blog's routes see them.
    assert ingesting.counted_event(logged("/%6C%61bel/x").rstrip("\n"), kind_of) is not None
    assert ingesting.counted_event(logged("/label/caf%C3%A9\\x22?page=2").rstrip("\n"),
                                   kind_of) is not None


def test_from_start_reads_the_whole_log_again(app, log, ingest):
    write(log, logged("/"), logged("/"))
    ingest()

    assert ingest("--from-start") == said(2, 2)
    assert page_requests(app) == 4


def test_of_two_runs_at_once_only_one_writes(app, log, monkeypatch):
    write(log, logged("/"))
    with app.app_context():
        ingesting.ingest(app, str(log))
        stale = ingesting._stored(ingesting.log_name(str(log)))
        write(log, logged("/"))
        ingesting.ingest(app, str(log))  # the other run, done first
        monkeypatch.setattr(ingesting, "_stored", lambda name: stale)

        with pytest.raises(ingesting.PositionMoved):
            ingesting.ingest(app, str(log))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StatLogPosition)) == 1

    assert page_requests(app) == 2


def test_with_counting_off_nothing_is_read(app, log, runner):
    write(log, logged("/"))
    app.config["STATS_COUNTING"] = False

    result = runner.invoke(args=["stats", "ingest", str(log)])

    assert "nothing was read" in result.output and page_requests(app) == 0


def test_a_run_that_fails_halfway_loses_nothing_and_counts_nothing_twice(
    app, log, ingest, runner, monkeypatch
):
    write(log, logged("/"), "unreadable\n", logged("/"), logged("/"), logged("/"))
    monkeypatch.setattr(ingesting, "LINES_A_TRANSACTION", 2)  # a transaction a 2 lines
    real_add_counts, calls = ingesting.add_counts, []

    def failing_second_time(events):
        calls.append(events)
        if len(calls) == 2:
            raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
        real_add_counts(events)

    monkeypatch.setattr(ingesting, "add_counts", failing_second_time)
    failed = runner.invoke(args=["stats", "ingest", str(log)])
    assert failed.exit_code == 1 and "the next run reads the same lines" in failed.output
    assert page_requests(app) == 1  # the first two lines' transaction

    assert ingest() == said(3, 3)
    assert page_requests(app) == 4
