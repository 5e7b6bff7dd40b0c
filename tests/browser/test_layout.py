"""How the pages look at phone and desktop widths; screenshots kept as test artefacts."""

import pytest
from playwright.sync_api import expect

from blog.models import CommentStatus
from tests.helpers import log_in

WIDTHS = {"phone-320": 320, "phone-390": 390, "desktop": 1280}
LONG_URL = "https://ar.example.org/" + "%D8%A7%D9%84%D8%B7%D8%A7%D9%82%D8%A9" * 12


@pytest.fixture
def thread(make_post, make_comment):
    post = make_post(
        title="الطاقة والمدن: Energy and Cities",
        body=(
            "An essay long enough to read.\n\n| Year | Price | Share |\n|---|---|---|\n"
            "| 2020 | 0.21 | 41% |\n\n```python\nprint('a rather long line of code that would "
            "overflow a phone screen if it did not scroll sideways inside its own box')\n```\n\n"
            "> A block quote of some length, to see how it sits.\n\n"
            "A claim.[^1]\n\n[^1]: A. Writer, *Sources* (2024). <https://example.org/s>"
        ),
    )
    parent = None
    for number in range(12):
        parent = make_comment(
            post.id,
            name="سارة" if number % 3 == 0 else f"Reader {number}",
            body=("رد طويل على المقال، مع رابط " + LONG_URL) if number % 3 == 0
            else f"Comment number {number}, arguing a point at some length.",
            parent_id=parent if number % 4 else None,
            status=CommentStatus.APPROVED,
        )
    return post


@pytest.mark.parametrize("width_name", WIDTHS)
def test_pages_fit_every_width_and_put_the_sidebar_below_on_phones(
    live_server, browser, screenshot, author, thread, width_name
):
    width = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in [("home", "/"), ("post-with-thread", thread.path)]:
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        main = page.locator("main").bounding_box()
        sidebar = page.locator(".sidebar").bounding_box()
        if width < 800:
            assert sidebar["y"] >= main["y"] + main["height"], name
        else:
            assert sidebar["x"] >= main["x"] + main["width"], name
        screenshot(f"{width_name}-{name}", of=page)
    log_in(page, live_server)
    page.goto(live_server + "/dashboard/posts/new")
    expect(page.get_by_label("Body")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"{width_name}-editor", of=page)
    context.close()


def test_keyboard_users_can_skip_to_the_content(live_server, page, author):
    page.goto(live_server + "/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"


def test_print_leaves_out_the_sidebar_and_forms(live_server, page, thread):
    page.goto(live_server + thread.path)

    page.emulate_media(media="print")

    expect(page.locator(".sidebar")).to_be_hidden()
    expect(page.locator("#respond form")).to_be_hidden()
    expect(page.locator(".post-body")).to_be_visible()


def test_the_dark_scheme_follows_the_system_setting(live_server, browser, author):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server + "/")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()

    assert colours["light"] != colours["dark"]


def test_reading_and_commenting_work_without_javascript(
    live_server, browser, thread, app
):
    app.config["COMMENT_MODE"] = "open"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + thread.path)

    page.locator("#respond form").get_by_label("Comment", exact=True).fill("No script here.")
    page.get_by_role("button", name="Post comment").click()
    # The shared page's form has no token without its script: one more press sends it.
    expect(page.locator("#respond .form-error")).to_contain_text("press “Post comment” again")
    expect(page.get_by_label("Comment", exact=True)).to_have_value("No script here.")
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator(".comment", has_text="No script here.")).to_be_visible()
    context.close()
