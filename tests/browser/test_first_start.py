"""A new blog set up without a terminal: the code from the server's log, the set-up form
(the browser's own time zone chosen), the first post, a setting changed, and what a
reader then sees."""

import logging
import re

import pytest
from playwright.sync_api import expect

from tests.helpers import AUTHOR_PASSWORD, blog_app
from tests.server.serving import serve_in_thread

LINE = re.compile(r"Set up the blog at (\S+)")


@pytest.fixture
def fresh_server(tmp_path):
    """A blog with no author, whose title, description and time zone are not fixed, served
    with CSRF on; yields its base URL."""
    with blog_app(tmp_path, unfixed=("TITLE", "DESCRIPTION", "TIMEZONE")) as app:
        app.config["WTF_CSRF_ENABLED"] = True
        with serve_in_thread(app) as port:
            yield f"http://127.0.0.1:{port}"


def test_a_new_blog_is_set_up_and_written_in_the_browser(fresh_server, browser, caplog, tmp_path):
    caplog.set_level(logging.WARNING, logger="blog.setup")
    context = browser.new_context(timezone_id="Asia/Baghdad")
    page = context.new_page()

    page.goto(fresh_server + "/")
    expect(page.get_by_role("heading", name="Welcome to your new blog")).to_be_visible()
    page.get_by_role("link", name="Set up the blog").click()
    expect(page.get_by_text("one-time code", exact=False).first).to_be_visible()

    address = LINE.search(caplog.text).group(1)  # what the person reads in the console
    assert address.startswith(fresh_server + "/setup?code=")
    page.goto(address)
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Baghdad")  # the browser's
    page.get_by_label("Blog title").fill("Notes on Energy")
    page.get_by_label("Description").fill("Grids, prices and who pays.")
    page.get_by_label("Your name, as readers see it").fill("Rana Haddad")
    page.get_by_label("Username (to log in)").fill("rana")
    page.get_by_label("Password", exact=True).fill(AUTHOR_PASSWORD)
    page.get_by_label("The password again").fill("not the same password")
    page.get_by_role("button", name="Create the blog").click()

    expect(page.get_by_text("The two passwords are not the same.")).to_be_visible()
    expect(page.get_by_label("Blog title")).to_have_value("Notes on Energy")  # kept
    page.get_by_label("Password", exact=True).fill(AUTHOR_PASSWORD)
    page.get_by_label("The password again").fill(AUTHOR_PASSWORD)
    page.get_by_role("button", name="Create the blog").click()

    expect(page.locator(".flash")).to_contain_text("Your blog is ready")
    page.get_by_role("link", name="Write your first post").click()
    page.get_by_label("Title").fill("The Price of a Kilowatt-Hour")
    page.get_by_label("Body").fill("A tariff is a political settlement.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("Published.")
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Baghdad")
    page.get_by_label("Description").fill("Grids, prices and who pays for them.")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_contain_text("Settings saved.")
    page.get_by_role("button", name="Log out").click()
    context.close()

    reader = browser.new_context().new_page()
    reader.goto(fresh_server + "/")
    expect(reader).to_have_title("Notes on Energy")
    expect(reader.locator(".site-description")).to_have_text(
        "Grids, prices and who pays for them."
    )
    expect(reader.locator(".widget-author")).to_have_text("Rana Haddad")
    expect(reader.get_by_role("link", name="The Price of a Kilowatt-Hour")).to_be_visible()
    reader.goto(fresh_server + "/setup")
    expect(reader.get_by_role("heading", name="This blog is already set up")).to_be_visible()
    reader.context.close()
