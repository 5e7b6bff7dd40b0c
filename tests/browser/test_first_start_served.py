"""From a fresh ``instance/`` to a published first post without a terminal, on the blog as
production serves it: migrations, then gunicorn with several workers. The author sets the
blog up with the code from the server's log, changes its settings, writes and publishes,
and logs out; an anonymous reader, whose requests land on any worker, then sees the new
title, footer and about text ("About me", from the account page), and dates in the new
time zone, on the home, post, archive and feed pages."""

import re

import feedparser
import pytest
import requests
from playwright.sync_api import expect

from blog.extensions import db
from tests.helpers import AUTHOR_PASSWORD, drop_everything
from tests.server.serving import BlogServer, blog_environment, flask_command

LINE = re.compile(r"Set up the blog at (\S+)")


@pytest.fixture
def served(app, tmp_path):
    """A fresh instance folder and an empty, migrated database, served by three gunicorn
    workers; nothing about the blog is set in the environment but its secret key."""
    with app.app_context():
        drop_everything()
        db.engine.dispose()
    env = blog_environment(tmp_path / "instance", app.config["SQLALCHEMY_DATABASE_URI"],
                           SECRET_KEY="served journey secret key")
    flask_command(env, "db", "upgrade")
    server = BlogServer(env, tmp_path / "gunicorn.log", workers=3)
    server.start()
    yield server
    server.stop()


def test_a_fresh_blog_goes_from_setup_to_a_read_post_on_gunicorn(served, browser):
    address = LINE.search(served.log()).group(1)  # each worker printed it at start
    assert address.startswith(served.url + "/setup?code=")
    assert len(set(LINE.findall(served.log()))) == 1  # one code, whichever worker prints

    author = browser.new_context(timezone_id="Asia/Baghdad").new_page()
    author.goto(address)
    expect(author.get_by_label("Time zone")).to_have_value("Asia/Baghdad")
    author.get_by_label("Blog title").fill("A First Title")
    author.get_by_label("Your name, as readers see it").fill("Rana Haddad")
    author.get_by_label("Username (to log in)").fill("rana")
    author.get_by_label("Password", exact=True).fill(AUTHOR_PASSWORD)
    author.get_by_label("The password again").fill(AUTHOR_PASSWORD)
    author.get_by_role("button", name="Create the blog").click()
    expect(author.locator(".flash")).to_contain_text("Your blog is ready")

    # A post published at 23:30 on the last evening of 2025 in Baghdad ...
    author.get_by_role("link", name="Write your first post").click()
    author.get_by_label("Title").fill("The Price of a Kilowatt-Hour")
    author.get_by_label("Body").fill("A tariff is a political settlement.")
    author.get_by_label("Publish at").fill("2025-12-31T23:30")
    author.get_by_role("button", name="Publish").click()
    expect(author.locator(".flash")).to_contain_text("Published")

    # ... is on the first morning of 2026 on Kiritimati (UTC+14), where the blog moves.
    author.goto(served.url + "/dashboard/settings")
    author.get_by_label("Blog title").fill("Notes on Energy")
    author.get_by_label("Footer").fill("© Rana Haddad. [Sources I use](https://example.org/)")
    author.get_by_label("Time zone").select_option("Pacific/Kiritimati")
    author.get_by_role("button", name="Save settings").click()
    expect(author.locator(".flash")).to_contain_text("Settings saved.")
    author.get_by_role("link", name="your account").click()
    author.get_by_label("About me").fill("I write about **energy** in Iraq, with sources.")
    author.get_by_role("button", name="Save profile").click()
    expect(author.locator(".flash")).to_contain_text("Profile saved.")
    author.get_by_role("button", name="Log out").click()
    author.context.close()

    reader = browser.new_context().new_page()
    for _ in range(3):  # three workers: each must know what changed
        reader.goto(served.url + "/")
        expect(reader).to_have_title("Notes on Energy")
        expect(reader.locator(".site-footer")).to_contain_text("Sources I use")
        expect(reader.get_by_text("Thursday, January 1, 2026")).to_be_visible()
        expect(reader.locator(".sidebar strong")).to_have_text("energy")
    reader.get_by_role("link", name="The Price of a Kilowatt-Hour").click()
    expect(reader).to_have_title(re.compile(r"The Price of a Kilowatt-Hour \| Notes on Energy"))
    expect(reader.locator("time").first).to_contain_text("January 1, 2026")
    reader.goto(served.url + "/2026/01/")
    expect(reader.get_by_role("link", name="The Price of a Kilowatt-Hour")).to_be_visible()
    reader.goto(served.url + "/2025/12/")
    expect(reader.get_by_role("link", name="The Price of a Kilowatt-Hour")).to_have_count(0)
    reader.context.close()

    feed = feedparser.parse(requests.get(served.url + "/feeds/posts.atom", timeout=10).content)
    assert feed.feed.title == "Notes on Energy"
    assert feed.entries[0].published.startswith("2025-12-31T20:30")  # the same moment, in UTC
    assert requests.get(served.url + "/setup", timeout=10).status_code == 410
