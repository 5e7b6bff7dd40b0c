"""The parts the counting is made of, each on its own: crawlers, referrers, feed reports,
search terms, visitor marks, chart geometry, and the tally that waits for the writer."""

import logging
from datetime import date

import pytest
from sqlalchemy.exc import OperationalError

from blog.stats import flush as flushing
from blog.stats.chart import bar_chart, nice_top
from blog.stats.sources import is_crawler, referrer_source, reported_subscribers, search_term
from blog.stats.tally import KEEP_AT_MOST, PageRequest, Tally
from blog.stats.visitors import visitor_mark
from blog.stats.writer import flush_now, tally_of
from tests.stats.reading import BROWSER, Reader, day_counts, read


@pytest.mark.parametrize(("agent", "crawler"), [
    (BROWSER, False),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", False),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", True),
    ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
     "+https://openai.com/gptbot)", True),
    ("curl/8.5.0", True),
    ("", True),
    ("   ", True),
])
def test_crawlers_are_told_from_browsers(agent, crawler):
    assert is_crawler(agent) is crawler


@pytest.mark.parametrize(("referrer", "source"), [
    ("https://news.ycombinator.com/item?id=1", "news.ycombinator.com"),
    ("https://www.theguardian.com/world", "theguardian.com"),
    ("https://www.google.com.iq/", "Google"),
    ("https://duckduckgo.com/?q=x", "DuckDuckGo"),
    ("https://مدونة.عربي/مقال", "مدونة.عربي"),
    ("", "direct"),
    ("https://blog.example/2020/01/x", None),  # within the blog
    ("https://BLOG.example:8443/", None),
    ("android-app://com.google.android.gm/", None),
    ("https://<script>alert(1)</script>/", None),
    ("https://" + "a" * 300 + ".com/", None),
    ("not a url", None),
])
def test_referrers_become_a_site_or_nothing(referrer, source):
    assert referrer_source(referrer, "blog.example:8443") == source


@pytest.mark.parametrize(("agent", "report"), [
    ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 57 subscribers; like FeedFetcher-Google)",
     ("Feedly", 57)),
    ("NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/1 (Mozilla/5.0)",
     ("NewsBlur Feed Fetcher", 12)),
    ("Mozilla/5.0 (compatible; theoldreader.com; 4 subscribers; feed-id=abc)",
     ("theoldreader.com", 4)),
    ("Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 1 subscriber; )", ("Inoreader", 1)),
    ("NetNewsWire (RSS Reader; https://netnewswire.com/)", None),
    ("<script> 5 subscribers", None),
])
def test_feed_services_reports_are_read(agent, report):
    assert reported_subscribers(agent) == report


def test_search_terms_are_squeezed_and_capped():
    assert search_term("  Oil\t  PRICES ") == "oil prices"
    assert search_term("ا" * 500) == "ا" * 100


def test_a_visitors_mark_holds_for_a_day_and_only_that_day():
    day, next_day = date(2026, 3, 10), date(2026, 3, 11)
    mark = visitor_mark("secret", day, "203.0.113.7", BROWSER)

    assert mark == visitor_mark("secret", day, "203.0.113.7", BROWSER)
    assert mark != visitor_mark("secret", next_day, "203.0.113.7", BROWSER)
    assert mark != visitor_mark("secret", day, "203.0.113.8", BROWSER)
    assert mark != visitor_mark("secret", day, "203.0.113.7", BROWSER + " Edg/131")
    assert mark != visitor_mark("another blog", day, "203.0.113.7", BROWSER)
    assert "203.0.113.7" not in mark and len(mark) == 32


def test_the_scale_ends_on_a_round_number():
    assert [nice_top(n) for n in (0, 1, 3, 7, 10, 11, 180, 1200)] == [
        1, 1, 5, 10, 10, 20, 200, 2000]


def test_bars_are_as_tall_as_their_numbers():
    chart = bar_chart([("a", 100, 50), ("b", 50, 50), ("c", 0, 0)])

    tallest, half, empty = chart.bars
    assert tallest.views_height == 2 * half.views_height
    assert tallest.visitors_height == half.visitors_height == half.views_height
    assert empty.views_height == 0
    assert tallest.views_y + tallest.views_height == chart.baseline
    assert [tick.value for tick in chart.ticks] == [0, 25, 50, 75, 100]
    assert [tick.value for tick in bar_chart([("a", 50, 1)]).ticks] == [0, 10, 20, 30, 40, 50]
    assert [tick.value for tick in bar_chart([("a", 1, 1)]).ticks] == [0, 1]


def test_a_tally_keeps_what_could_not_be_written_but_not_forever(caplog):
    tally = Tally()
    tally.put_back([PageRequest(float(n), "", "", "") for n in range(KEEP_AT_MOST + 10)])

    assert len(tally) == KEEP_AT_MOST
    assert tally.take()[0].at == 10.0  # the oldest went first
    assert tally.dropped == 10


def test_counts_wait_while_the_database_is_away(app, client, make_post, monkeypatch, caplog):
    post = make_post()
    read(client, post.path, Reader())

    def database_away(events):
        raise OperationalError("INSERT", {}, Exception("could not connect"))

    monkeypatch.setattr(flushing, "write_counts", database_away)
    with caplog.at_level(logging.WARNING):
        assert flush_now(app) == 0
    assert len(tally_of(app)) == 2  # the page request and the view, kept
    monkeypatch.undo()

    assert flush_now(app) == 2
    assert next(iter(day_counts(app).values()))["views"] == 1


def test_a_beacon_that_names_no_page_counts_nothing(app, client, make_post):
    post = make_post()
    for query in ("", "k=post&p=/x", "k=post&p=/x&id=abc", "k=post&p=/x&id=99999999999",
                  "k=nonsense&p=/", "k=home&p=no-slash", "k=home&p=//evil.example/",
                  "k=home&p=/" + "x" * 400, "k=home&p=/%00", "k=home&p=/a&" + "&".join(
                      f"x{n}=1" for n in range(20)), "k=%ff&p=%fe"):
        response = client.get(f"/stats/seen.css?{query}", headers={"User-Agent": BROWSER})
        assert response.status_code == 200, query
        assert response.headers["Cache-Control"] == "no-store"
    flush_now(app)

    assert day_counts(app) == {}
    assert post
