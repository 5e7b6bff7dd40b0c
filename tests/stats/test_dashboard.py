"""/dashboard/stats shows what is stored, and the posts lists and the Popular posts
widget read the same counts."""

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import StatDay, StatFeedReader, StatPage, StatReferrer, StatSearch
from blog.utils.dates import current_zone
from tests.hardening.html_safety import script_vectors
from tests.hardening.xss_payloads import PAYLOADS
from tests.stats.reading import Reader, read, written


def today(app) -> date:
    with app.app_context():
        return datetime.now(current_zone()).date()


def store(app, *rows) -> None:
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def counts(day, views, visitors, **more):
    return StatDay(day=day, views=views, visitors=visitors,
                   page_requests=more.get("requests", views),
                   crawler_requests=more.get("crawlers", 0),
                   feed_fetches=more.get("fetches", 0), feed_readers=more.get("readers", 0))


def page_views(day, post, views, visitors=0):
    return StatPage(day=day, path=post.path, kind="post", post_id=post.id, views=views,
                    visitors=visitors)


def bars(page: str, chart: str) -> list[tuple[str, int, int]]:
    svg = page.split(f'id="{chart}"', 1)[1].split("</svg>", 1)[0]
    return [(label, int(views), int(visitors)) for label, views, visitors in re.findall(
        r'<g class="bar" data-label="([^"]+)" data-views="(\d+)" data-visitors="(\d+)">', svg)]


def table_rows(page: str, table_id: str) -> list[tuple[str, int, int]]:
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [(label, int(views.replace(",", "")), int(visitors.replace(",", ""))) for
            label, views, visitors in re.findall(
                r'<tr><th scope="row">([^<]+)</th><td>([\d,]+)</td><td>([\d,]+)</td></tr>', table)]


def test_the_charts_and_their_tables_show_the_stored_days(app, client, logged_in):
    now = today(app)
    store(app, counts(now, 1200, 800), counts(now - timedelta(days=3), 40, 30),
          counts(now - timedelta(days=400), 9, 9))

    page = client.get("/dashboard/stats").text

    daily = bars(page, "daily-chart")
    assert len(daily) == 30
    assert daily[-1][1:] == (1200, 800)
    assert daily[-4][1:] == (40, 30)
    assert sum(views for _, views, _ in daily) == 1240
    assert table_rows(page, "daily-chart-numbers") == daily
    monthly = bars(page, "monthly-chart")
    assert sum(views for _, views, _ in monthly) == 1249
    assert table_rows(page, "monthly-chart-numbers") == monthly
    assert "1,200" in page


def test_the_most_read_posts_follow_the_period(app, client, logged_in, make_post):
    old_favourite = make_post(title="Old favourite")
    this_week = make_post(title="This week's essay")
    now = today(app)
    store(app, page_views(now - timedelta(days=100), old_favourite, 500),
          page_views(now, this_week, 20), page_views(now - timedelta(days=1), this_week, 5))

    def most_read(period):
        page = client.get(f"/dashboard/stats?period={period}").text
        section = page.split("Most read", 1)[1].split("</table>", 1)[0]
        return re.findall(r'dir="auto">([^<]+)</a>.*?<td>([\d,]+)</td>', section, re.S)

    assert most_read("7") == [("This week&#39;s essay", "25")]
    assert most_read("30") == [("This week&#39;s essay", "25")]
    assert most_read("all") == [("Old favourite", "500"), ("This week&#39;s essay", "25")]
    assert client.get("/dashboard/stats?period=365").status_code == 404


def test_referrers_searches_robots_and_feeds_are_shown(app, client, logged_in):
    now = today(app)
    store(app, counts(now, 10, 8, requests=40, crawlers=20, fetches=7, readers=3),
          StatReferrer(day=now, source="news.ycombinator.com", views=6),
          StatReferrer(day=now, source="direct", views=2),
          StatSearch(day=now, term="الأمن", searches=4),
          StatFeedReader(day=now, fetcher="Feedly", subscribers=120, fetches=4))

    page = client.get("/dashboard/stats").text

    assert re.search(r"news\.ycombinator\.com</td><td>6</td>", page)
    assert "Direct (no referrer)</td><td>2</td>" in page
    assert 'dir="auto">الأمن</td><td>4</td>' in page
    # 40 requests: 20 by crawlers, 10 readers, 10 that never loaded the style sheet.
    assert re.search(r"never loaded the page's style sheet</th><td>10</td>", page)
    assert "Share of robots</th><td>75%</td>" in page
    assert "About <strong>123</strong>" in page
    assert "<li>Feedly: 120</li>" in page


def test_an_empty_blog_has_an_empty_page_not_an_error(client, logged_in):
    page = client.get("/dashboard/stats")

    assert page.status_code == 200
    assert "No post or page was read in this period." in page.text
    assert len(bars(page.text, "daily-chart")) == 30


def test_readers_never_see_the_statistics(client, author):
    response = client.get("/dashboard/stats")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_posts_list_shows_each_posts_views(app, client, logged_in, make_post):
    read_one, unread = make_post(title="Read one"), make_post(title="Unread")
    now = today(app)
    store(app, page_views(now, read_one, 1234), page_views(now - timedelta(days=9), read_one, 6))

    page = client.get("/dashboard").text

    row = page.split(">Read one</a>", 1)[1].split("</tr>", 1)[0]
    assert "<td>1,240</td>" in row
    assert "<td>0</td>" in page.split(">Unread</a>", 1)[1].split("</tr>", 1)[0]
    assert unread


def test_hostile_referrers_terms_and_agents_show_as_text(app, client, logged_in, make_post):
    post = make_post(title="Target")
    reader_client = app.test_client()  # the author's own reading is not counted
    for number, payload in enumerate(PAYLOADS):
        in_header = " ".join(payload.splitlines())  # a header holds no line break
        reader = Reader(address=f"10.0.{number // 250}.{number % 250}")
        read(reader_client, post.path, reader, referrer=f"https://{in_header}/")
        read(reader_client, post.path, reader, referrer=in_header)
        read(reader_client, "/search", query_string={"q": payload})
        reader_client.get("/feeds/posts.atom",
                          headers={"User-Agent": f"{in_header} 5 subscribers"})
        reader_client.get("/stats/seen.css",
                          query_string={"k": "search", "p": "/search", "q": payload},
                          headers={"User-Agent": reader.agent})
    written(app)
    with app.app_context():
        terms = db.session.scalars(sa.select(StatSearch.term)).all()
    assert len(terms) > 30  # the payloads were stored, as text

    for period in ("7", "all"):
        page = client.get(f"/dashboard/stats?period={period}").text
        assert not script_vectors(page), script_vectors(page)


@pytest.mark.parametrize("period", ["7", "30", "all"])
def test_the_popular_posts_widget_lists_the_most_viewed_first(
        app, client, make_post, period):
    favourite, second, draft = (make_post(title="Favourite"), make_post(title="Second"),
                                make_post(title="A draft", draft=True))
    now = today(app)
    store(app, page_views(now, second, 3), page_views(now, favourite, 9),
          StatPage(day=now, path="/old-draft", kind="post", post_id=draft.id, views=50,
                   visitors=1))
    app.config["POPULAR_POSTS"] = period

    page = client.get("/").text

    widget = page.split('class="widget popular-widget"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'dir="auto">([^<]+)</a>', widget) == ["Favourite", "Second"]


def test_the_popular_posts_widget_is_off_by_default(app, client, make_post):
    post = make_post(title="Favourite")
    store(app, page_views(today(app), post, 9))

    assert "Popular posts" not in client.get("/").text
