"""A reader's journey through the blog, in a real browser, in each language it ships."""

import re
from datetime import UTC, date, datetime

import pytest
from babel.dates import format_date
from markupsafe import Markup
from playwright.sync_api import expect

from tests.helpers import said


@pytest.fixture
def small_blog(make_post, make_comment):
    make_post(
        title="Why Tariffs Are Political",
        body=(
            "A tariff is a settlement.[^1]\n\n<!--more-->\n\n## The argument\n\n"
            "It is written in the language of accounting.\n\n"
            "[^1]: A. Author, *On Tariffs* (2020). <https://example.org/tariffs>"
        ),
        labels=("Energy", "Economics"),
        published=datetime(2020, 2, 1, 9, 30, tzinfo=UTC),
    )
    essay = make_post(
        title="Cities and Rent",
        body="Rent is a price.\n\nIt is also a story.",
        labels=("Cities",),
        published=datetime(2020, 3, 4, 8, 0, tzinfo=UTC),
    )
    first = make_comment(essay.id, name="Henrik", body="I disagree.\n\nStrongly.")
    make_comment(essay.id, body="أوافق على هذا", parent_id=first)
    return essay


def test_reader_reads_the_home_page_a_post_a_label_and_the_archive(
    live_server, app, blog_language, page, screenshot, small_blog
):
    page.goto(live_server + "/")
    expect(page).to_have_title("Notes on Things")
    expect(page.locator("html")).to_have_attribute("lang", blog_language)
    expect(page.locator("html")).to_have_attribute(
        "dir", "rtl" if blog_language == "ar" else "ltr"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes on Things")
    march_4 = format_date(date(2020, 3, 4), format="full", locale=blog_language)
    expect(page.get_by_text(march_4)).to_be_visible()
    if blog_language == "ar":
        expect(page.locator(".date-header").first).to_have_text("الأربعاء، 4 مارس 2020")
    expect(page.get_by_text("It is written in the language")).to_have_count(0)
    screenshot("home")

    read_more = said(app, 'Read more<span class="visually-hidden"> of “%(title)s”</span>',
                     title="Why Tariffs Are Political")
    page.get_by_role("link", name=f"{Markup(read_more).striptags()} »").click()
    expect(page).to_have_url(live_server + "/2020/02/why-tariffs-are-political#more")
    expect(page.get_by_role("heading", level=1)).to_have_text("Why Tariffs Are Political")
    expect(page.get_by_text("It is written in the language of accounting.")).to_be_visible()
    expect(page.locator(".footnote")).to_contain_text("On Tariffs")
    screenshot("post")

    page.get_by_role("link", name=said(app, "Newer post")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cities and Rent")
    expect(page.locator(".comment")).to_have_count(2)
    expect(page.locator(".comment-replies .comment-body")).to_have_text("أوافق على هذا")
    screenshot("post-with-comments")

    page.get_by_role("link", name="Energy").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Energy")
    expect(page.get_by_role("link", name="Why Tariffs Are Political", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Cities and Rent", exact=True)).to_have_count(0)
    screenshot("label")

    february = format_date(date(2020, 2, 1), format="LLLL y", locale=blog_language)
    page.get_by_role("link", name=february).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        said(app, "Posts from %(period)s", period=february)
    )
    screenshot("archive-month")


def test_reader_on_a_phone_gets_the_sidebar_below_the_post(
    live_server, blog_language, page, screenshot, small_blog
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/")

    main = page.locator("main").bounding_box()
    sidebar = page.locator(".sidebar").bounding_box()
    assert sidebar["y"] >= main["y"] + main["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot("phone-home")


def test_reader_following_a_dead_link_gets_a_friendly_page(
    live_server, app, blog_language, page, screenshot
):
    response = page.goto(live_server + "/2020/02/gone")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(said(app, "Page not found"))
    way_home = said(app, '<a href="%(url)s">Go to the home page</a> or look through the '
                    "archive.", url="/")
    page.get_by_role("link", name=re.search(r">(.+)</a>", way_home)[1]).click()
    expect(page).to_have_url(live_server + "/")
    screenshot("after-404")
