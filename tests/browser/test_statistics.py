"""Statistics counted in a real browser: readers in Chromium read posts, the counts are
written, and the author reads them on /dashboard/stats, in the posts list and in the
Popular posts widget. The author's own reading and a crawler's count for nothing."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from blog.stats.writer import flush_now
from blog.utils.dates import current_zone
from tests.helpers import log_in

# Two readers on the same address, told apart by their browsers (a visitor is a keyed
# hash of address and User-Agent). Chromium's own headless User-Agent says
# "HeadlessChrome", which is a crawler's, so readers send a normal Chrome's.
LINUX_CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/131.0.0.0 Safari/537.36")
WINDOWS_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                  "(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36")
GOOGLEBOT = ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) "
             "Chrome/131.0.0.0 Safari/537.36")


@pytest.fixture
def essays(make_post):
    published = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
    return {
        name: make_post(title=title, body=f"The text of {title}.", published=published)
        for name, title in (("first", "The Price of Water"), ("second", "Rent and Wages"),
                            ("third", "A Note on Tariffs"))
    }


def read(browser, base: str, paths: list[str], agent: str | None) -> None:
    """A reader's browser showing ``paths`` one after another (``agent`` None: Chromium's
    own headless User-Agent)."""
    context = browser.new_context(user_agent=agent) if agent else browser.new_context()
    page = context.new_page()
    for path in paths:
        page.goto(base + path)  # waits for "load": the counting stylesheet is in
        expect(page.locator('link[rel="stylesheet"][href^="/stats/seen.css"]')).to_have_count(1)
    context.close()


def table_captioned(page, caption: str):
    return page.locator("table").filter(has=page.locator("caption", has_text=caption))


def number(text: str) -> int:
    return int(text.strip().replace(",", ""))


def test_readers_views_reach_the_dashboard_the_posts_list_and_the_widget(
    app, live_server, browser, screenshot, essays
):
    first, second, third = essays["first"].path, essays["second"].path, essays["third"].path
    # Reader A: the home page, the first essay twice, the second; reader B: all three.
    read(browser, live_server, ["/", first, second, first], LINUX_CHROME)
    read(browser, live_server, [first, second, third], WINDOWS_CHROME)
    # Robots in a browser: they load the stylesheet but say what they are.
    read(browser, live_server, [third], GOOGLEBOT)
    read(browser, live_server, [third], None)  # "HeadlessChrome"

    author_context = browser.new_context(viewport={"width": 1280, "height": 900},
                                         user_agent=LINUX_CHROME)
    author = author_context.new_page()
    log_in(author, live_server)
    for _ in range(3):  # the author's own reading, in a browser that also counts as reader A
        author.goto(live_server + third)
        expect(author.get_by_role("heading", level=1)).to_have_text("A Note on Tariffs")

    assert flush_now(app) > 0
    with app.app_context():
        today = datetime.now(current_zone()).date()
    today_label = f"{today:%b} {today.day}"

    author.goto(live_server + "/dashboard/stats")
    expect(author.get_by_role("heading", level=1)).to_have_text("Statistics")
    chart = author.locator("svg#daily-chart")
    expect(chart).to_be_visible()
    bars = chart.locator("g.bar")
    expect(bars).to_have_count(30)
    today_bar = bars.last
    expect(today_bar).to_have_attribute("data-label", today_label)
    expect(today_bar).to_have_attribute("data-views", "7")
    expect(today_bar).to_have_attribute("data-visitors", "2")
    expect(today_bar.locator("title")).to_have_text(f"{today_label}: 7 views, 2 visitors")
    drawn = [(bar.get_attribute("data-label"), int(bar.get_attribute("data-views")),
              int(bar.get_attribute("data-visitors"))) for bar in bars.all()]
    assert sum(views for _, views, _ in drawn[:-1]) == 0  # nothing counted before today
    screenshot("statistics")

    table = author.locator("#daily-chart-numbers")
    expect(table).to_be_hidden()
    author.locator("figure:has(#daily-chart) summary").click()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(30)
    tabled = [(row.locator("th").inner_text(), number(row.locator("td").nth(0).inner_text()),
               number(row.locator("td").nth(1).inner_text())) for row in rows.all()]
    assert tabled == drawn
    screenshot("the-numbers")

    most_read = table_captioned(author, "Most read posts")
    expect(author.get_by_role("heading", name="Most read · Last 30 days")).to_be_visible()
    assert [(row.locator("td a").inner_text(), number(row.locator("td").nth(1).inner_text()))
            for row in most_read.locator("tbody tr").all()] == [
        ("The Price of Water", 3), ("Rent and Wages", 2), ("A Note on Tariffs", 1)]

    robots = table_captioned(author, "Page requests by readers and robots")
    traffic = {row.locator("th").inner_text(): row.locator("td").inner_text()
               for row in robots.locator("tr").all()}
    assert traffic == {  # the readers' seven page requests and the robots' two
        "Page requests": "9", "By crawlers that say so": "2",
        "By clients that never loaded the page's style sheet": "0", "Share of robots": "22%"}

    author.goto(live_server + "/dashboard")
    posts = author.locator("table.post-table")
    views_column = [cell.inner_text() for cell in posts.locator("thead th").all()].index("Views")
    shown = {row.locator("td").nth(0).inner_text(): number(row.locator("td").nth(views_column)
                                                           .inner_text())
             for row in posts.locator("tbody tr").all()}
    assert shown == {"The Price of Water": 3, "Rent and Wages": 2, "A Note on Tariffs": 1}

    # The widget is off until the author chooses a period.
    reader = browser.new_context(user_agent=LINUX_CHROME).new_page()
    reader.goto(live_server + second)
    expect(reader.locator(".popular-widget")).to_have_count(0)

    author.goto(live_server + "/dashboard/settings")
    author.get_by_label("Popular posts in the sidebar").select_option("7")
    author.get_by_role("button", name="Save settings").click()
    expect(author.locator(".flash")).to_contain_text("Settings saved.")

    reader.goto(live_server + second)
    widget = reader.get_by_role("complementary").locator(".popular-widget")
    expect(widget.get_by_role("heading", name="Popular posts")).to_be_visible()
    expect(widget.get_by_role("listitem")).to_have_text(
        ["The Price of Water", "Rent and Wages", "A Note on Tariffs"])
    screenshot("popular-posts", of=reader)
    reader.context.close()

    # The author's pages since (statistics, dashboard, settings) counted nothing either;
    # the reader's last two views did.
    flush_now(app)
    author.goto(live_server + "/dashboard/stats")
    expect(author.locator("svg#daily-chart g.bar").last).to_have_attribute("data-views", "9")
    author_context.close()
