"""The blog archive: year and month pages, and the sidebar widget's counts."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from blog.utils.database import utcnow


def archive_widget(html: str) -> str:
    start = html.index("Blog archive")
    return html[start:html.index("</section>", start)]


@pytest.fixture
def dated_posts(make_post):
    make_post(title="Jan A", published=datetime(2020, 1, 5, 12, tzinfo=UTC))
    make_post(title="Jan B", published=datetime(2020, 1, 20, 12, tzinfo=UTC))
    make_post(title="Feb A", published=datetime(2020, 2, 1, 12, tzinfo=UTC))
    make_post(title="Old", published=datetime(2019, 12, 31, 12, tzinfo=UTC))
    make_post(title="Unfinished", published=datetime(2020, 1, 6, tzinfo=UTC), draft=True)


def test_sidebar_archive_counts_years_and_the_newest_years_months(client, dated_posts):
    widget = archive_widget(client.get("/").text)
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", widget))

    # Like Blogger's widget: the newest year open at its months, older years as links,
    # so a blog with decades of posts keeps a short sidebar.
    assert re.search(
        r"2020 \(3\) February 2020 \(1\) January 2020 \(2\) 2019 \(1\)$", flat.strip()
    ), flat
    assert 'href="/2020/01/"' in widget and 'href="/2019/"' in widget
    assert 'href="/2019/12/"' not in widget


def test_month_page_lists_that_months_posts(client, dated_posts):
    html = client.get("/2020/01/").text

    assert "Posts from January 2020" in html
    assert "Jan A" in html and "Jan B" in html
    assert "Feb A" not in html and "Old" not in html and "Unfinished" not in html


def test_year_page_lists_that_years_posts(client, dated_posts):
    html = client.get("/2020/").text

    assert all(title in html for title in ("Jan A", "Jan B", "Feb A"))
    assert "Old" not in html


def test_archive_follows_the_blogs_time_zone(app, client, make_post):
    # 2020-02-01 03:00 UTC is still January 31st in New York.
    make_post(title="Border", published=datetime(2020, 2, 1, 3, tzinfo=UTC))
    app.config["TIMEZONE"] = "America/New_York"

    assert "Border" in client.get("/2020/01/").text
    assert client.get("/2020/02/").status_code == 404
    assert "January 2020" in archive_widget(client.get("/").text)


@pytest.mark.parametrize(
    "path", ["/2020/03/", "/1999/", "/2020/13/", "/2020/00/", "/0000/", "/2020/1/"]
)
def test_periods_without_posts_or_off_the_calendar_are_404(client, dated_posts, path):
    assert client.get(path).status_code == 404


def test_scheduled_posts_are_not_counted(client, make_post):
    make_post(title="Now", published=timedelta(days=1))
    make_post(title="Later", published=utcnow() + timedelta(days=40))

    widget = archive_widget(client.get("/").text)

    assert widget.count('<span class="count">(1)</span>') == 2  # the year and the month


@pytest.mark.parametrize("path", ["/0001/", "/0001/01/", "/9999/", "/9999/12/"])
def test_the_calendars_ends_are_404_in_a_zone_ahead_of_utc(app, client, author, path):
    # Midnight on 1 January of year 1 in Tokyo is in year 0 in UTC: past datetime's range.
    app.config["TIMEZONE"] = "Asia/Tokyo"

    assert client.get(path).status_code == 404
