"""Pages in a real browser: the author writes an About and a Contact page, orders them and
publishes; a reader finds both in the navigation bar on every page, opens them and
comments where comments are on; the home page, feeds and archive leave them out, the
sitemap lists them."""

import feedparser
import requests
from playwright.sync_api import expect

from tests.helpers import log_in


def write_page(page, live_server, title, body, *, comments=False):
    page.goto(live_server + "/dashboard/pages")
    page.get_by_role("link", name="New page").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(body)
    page.get_by_label("Show in the navigation bar").check()
    if comments:
        page.get_by_label("Readers may comment").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_contain_text("Published.")


def test_the_author_writes_pages_and_readers_find_them(
    live_server, browser, page, screenshot, make_post
):
    essay = make_post(title="Grid Tariffs", body="Why fixed charges on the grid rise.")
    log_in(page, live_server)
    write_page(page, live_server, "About", "I write about **energy** and cities.")
    write_page(page, live_server, "Contact", "Write to me; I answer here too.", comments=True)

    page.goto(live_server + "/dashboard/pages")
    page.get_by_role("button", name="Move “Contact” up").click()
    expect(page.locator("tbody tr").first).to_contain_text("Contact")
    screenshot("author-pages", of=page)
    page.get_by_role("button", name="Log out").click()

    reader = browser.new_context().new_page()
    for path in ("/", essay.path, "/search?q=grid"):
        reader.goto(live_server + path)
        links = reader.get_by_role("navigation", name="Pages").get_by_role("link")
        expect(links).to_have_text(["Contact", "About"])
    reader.get_by_role("navigation", name="Pages").get_by_role("link", name="About").click()
    expect(reader.locator("h1")).to_have_text("About")
    expect(reader.get_by_role("link", name="About", exact=True)).to_have_attribute(
        "aria-current", "page")
    expect(reader.locator("#comments")).to_have_count(0)  # comments are off here
    reader.get_by_role("navigation", name="Pages").get_by_role("link", name="Contact").click()
    form = reader.locator("#respond form")
    form.get_by_label("Name", exact=True).fill("Mira")
    form.get_by_label("Comment", exact=True).fill("How do I reach you about the tariffs?")
    form.get_by_role("button", name="Post comment").click()
    expect(reader.locator(".flash")).to_contain_text("once the author has approved it")
    expect(reader).to_have_url(live_server + "/p/contact#comments")
    reader.context.close()

    home = requests.get(live_server + "/", timeout=10).text
    main = home.split('<main id="content"')[1].split("</main>")[0]
    assert "Grid Tariffs" in main and "Contact" not in main and "I write about" not in main
    month = essay.path[:9]
    archive = requests.get(live_server + month, timeout=10).text.split("<main")[1]
    assert "About" not in archive.split("</main>")[0]
    titles = [entry.title for entry in feedparser.parse(
        requests.get(live_server + "/feeds/posts.atom", timeout=10).content).entries]
    assert titles == ["Grid Tariffs"]
    sitemap = requests.get(live_server + "/sitemap.xml", timeout=10).text
    assert f"{live_server}/p/about</loc>" in sitemap and f"{live_server}/p/contact</loc>" in sitemap
