"""The author's journey in a real browser: log in, write, preview, publish, log out, in
each language the blog ships; and the editor's safety net (in English: it is the page's
script, the same in every language)."""

from playwright.sync_api import expect

from tests.helpers import log_in, said


def test_author_writes_previews_and_publishes_a_post(
    live_server, app, blog_language, page, screenshot, author
):
    log_in(page, live_server, app)
    screenshot("dashboard")

    page.get_by_role("link", name=said(app, "Write a new post")).click()
    blog_mode = said(app, "First-time commenters wait for approval")  # the default
    hint = said(app, "The blog's setting is: %(mode)s.", mode=blog_mode)
    expect(page.get_by_text(hint)).to_be_visible()
    page.get_by_label(said(app, "Title")).fill("Notes on the Grid")
    page.get_by_label(said(app, "Body")).fill(
        "The grid is a shared machine.[^1]\n\n## Who pays\n\nEveryone, eventually.\n\n"
        "[^1]: B. Writer, *Wires* (2021). <https://example.org/wires>"
    )
    # Separated as the hint asks, in the language's own comma: "طاقة، اقتصاد" in Arabic.
    comma = "، " if blog_language == "ar" else ", "
    page.get_by_label(said(app, "Labels")).fill(f"Energy{comma}Infrastructure")
    page.get_by_role("button", name=said(app, "Preview")).click()

    preview = page.locator(".preview")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Notes on the Grid")
    expect(preview.locator(".footnote")).to_contain_text("Wires")
    expect(preview.get_by_role("link", name="Infrastructure", exact=True)).to_be_visible()
    expect(page.get_by_label(said(app, "Title"))).to_have_value("Notes on the Grid")
    screenshot("preview")

    page.get_by_role("button", name=said(app, "Publish")).click()
    expect(page.locator(".flash")).to_contain_text(said(app, "Published."))
    screenshot("published")

    page.get_by_role("button", name=said(app, "Log out")).click()
    expect(page.get_by_role("button", name=said(app, "Log out"))).to_have_count(0)
    page.goto(live_server + "/")
    expect(page.get_by_role("link", name="Notes on the Grid", exact=True)).to_be_visible()
    page.get_by_role("link", name="Notes on the Grid", exact=True).click()
    expect(page.locator(".footnote")).to_contain_text("Wires")
    expect(page.get_by_role("link", name="Energy", exact=True)).to_have_count(2)  # post, sidebar
    screenshot("as-a-reader")


def test_unsaved_text_survives_a_closed_tab(
    live_server, app, page, screenshot, author
):
    title, body = said(app, "Title"), said(app, "Body")
    log_in(page, live_server, app)
    page.goto(live_server + "/dashboard/posts/new")
    page.get_by_label(title).fill("An essay nearly lost")
    page.get_by_label(body).fill("Three hours of writing.")

    # The tab crashes or is closed without saving: nothing reached the server.
    page.goto("about:blank")
    page.goto(live_server + "/dashboard/posts/new")
    expect(page.get_by_label(body)).to_have_value("")
    expect(page.locator(".restore-notice")).to_be_visible()
    screenshot("offered-back")

    page.get_by_role("button", name=said(app, "Restore unsaved changes")).click()
    expect(page.get_by_label(title)).to_have_value("An essay nearly lost")
    expect(page.get_by_label(body)).to_have_value("Three hours of writing.")


def test_leaving_with_unsaved_changes_asks_first(live_server, app, page, author):
    log_in(page, live_server, app)
    page.goto(live_server + "/dashboard/posts/new")
    page.get_by_label(said(app, "Body")).fill("Not saved yet.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    page.get_by_role("link", name=said(app, "Posts")).first.click(no_wait_after=True)
    page.wait_for_timeout(300)

    assert asked == ["beforeunload"]
