"""Readers comment and the author moderates, in a real browser, in each language the
blog ships (the cookie a reader gets is the page's script's doing, checked in English)."""

from urllib.parse import unquote

from markupsafe import Markup
from playwright.sync_api import expect

from tests.helpers import log_in, said, said_n

ARABIC_URL = "https://ar.example.org/%D9%85%D9%82%D8%A7%D9%84%D8%A9/%D8%A7%D9%84%D8%B7%D8%A7%D9%82%D8%A9"


def leave_comment(app, page, body, name="", website=""):
    """Fill in the comment form by its labels in the blog's language, and send it."""
    form = page.locator("#respond form")
    if name:
        form.get_by_label(said(app, "Name"), exact=True).fill(name)
    if website:
        form.get_by_label(said(app, "Website"), exact=True).fill(website)
    form.get_by_label(said(app, "Comment"), exact=True).fill(body)
    # The next comment is written on the page that comes back, never on this one.
    with page.expect_navigation():
        form.get_by_role("button", name=said(app, "Post comment")).click()


def test_readers_comment_and_the_author_moderates_and_answers(
    live_server, app, blog_language, browser, page, screenshot, make_post, make_comment
):
    post = make_post(title="Grid Tariffs", body="Why fixed charges on the grid rise.")
    henrik = make_comment(post.id, name="Henrik", body="I disagree about fixed charges.")
    url = live_server + post.path

    # A reader, not logged in: an anonymous comment, an Arabic one, a reply, a spammer.
    page.goto(url)
    expect(page.locator("html")).to_have_attribute(
        "dir", "rtl" if blog_language == "ar" else "ltr"
    )
    leave_comment(app, page, "Clear and useful analysis of the grid.")
    expect(page.locator(".flash")).to_contain_text(
        said(app, "Thank you! Your comment will appear once the author has approved it.")
    )
    leave_comment(app, page, f"مقال ممتاز عن الطاقة، انظر {ARABIC_URL}", name="سارة")
    page.locator(f"#c{henrik} .comment-reply").click()
    reply_to_henrik = said(app, "Reply to <bdi>%(name)s</bdi>", name="Henrik")
    expect(page.locator("#respond-heading")).to_have_text(Markup(reply_to_henrik).striptags())
    leave_comment(app, page, "Henrik, the rebate answers that.", name="Mira")
    leave_comment(app, page, "first time visit at here, truly impressed", name="Best Deals",
                  website="https://deals.example")
    screenshot("reader-after-commenting")
    expect(page.locator(".comment")).to_have_count(1)  # only Henrik's, so far

    # The author moderates in another browser.
    author_context = browser.new_context()
    author_page = author_context.new_page()
    log_in(author_page, live_server, app)
    author_page.goto(live_server + "/dashboard/comments")
    pending = author_page.locator(".moderation-item")
    expect(pending).to_have_count(3)
    if blog_language == "ar":  # when each was written, joined with the Arabic comma
        expect(pending.locator("time").first).to_contain_text("، ")
        expect(pending.locator("time").first).not_to_contain_text(", ")
    author_page.goto(live_server + "/dashboard/comments?status=spam")
    expect(author_page.locator(".moderation-item")).to_contain_text("Best Deals")
    expect(author_page.locator(".moderation-item")).to_contain_text(
        said(app, "stock praise: “%(phrase)s”", phrase="truly impressed")
    )
    author_page.goto(live_server + "/dashboard/comments")
    anonymous = said(app, "Anonymous")
    for item in (anonymous, "سارة"):
        author_page.locator(".moderation-item", has_text=item).get_by_role("checkbox").check()
    author_page.get_by_role("button", name=said(app, "Approve"), exact=True).first.click()
    expect(author_page.locator(".flash")).to_contain_text(
        said_n(app, "Approved: %(count)s comment.", "Approved: %(count)s comments.", 2,
               count="2")
    )
    screenshot("author-moderation", of=author_page)

    author_page.goto(url)
    author_page.locator(f"#c{henrik} .comment-reply").click()
    author_page.locator("#respond form").get_by_label(said(app, "Comment"), exact=True).fill(
        "Fair challenge, Henrik: the rebate is the point."
    )
    author_page.get_by_role("button", name=said(app, "Post comment")).click()
    expect(author_page.locator(".comment-by-author")).to_contain_text("the rebate is the point")
    author_context.close()

    # What a logged-out reader sees now.
    page.goto(url)
    comments = page.locator(".comment")
    expect(comments).to_have_count(4)
    expect(page.locator(".comment-name", has_text=anonymous)).to_contain_text(anonymous)
    arabic = page.locator(".comment", has_text="سارة").locator(".comment-body")
    expect(arabic).to_have_attribute("dir", "auto")
    href = arabic.get_by_role("link").get_attribute("href")
    assert unquote(href) == unquote(ARABIC_URL)
    reply = page.locator(f"#c{henrik} .comment-replies .comment-by-author")
    expect(reply).to_contain_text(said(app, "Author"))
    expect(page.get_by_text("truly impressed")).to_have_count(0)
    expect(page.get_by_text("the rebate answers that")).to_have_count(0)  # still pending
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("logged-out-reader")


def test_a_reader_gets_no_cookie_until_starting_a_comment_and_one_press_sends_it(
    live_server, app, page, make_post
):
    app.config["COMMENT_MODE"] = "open"
    post = make_post(title="Grid Tariffs", body="Why fixed charges on the grid rise.")
    page.goto(live_server + post.path)
    assert page.context.cookies() == []  # reading alone leaves nothing behind

    form = page.locator("#respond form")
    with page.expect_response(lambda answer: "/comments/form-token" in answer.url):
        form.get_by_label(said(app, "Comment"), exact=True).fill("Sent on the first press.")
    form.get_by_role("button", name=said(app, "Post comment")).click()

    expect(page.locator(".comment", has_text="Sent on the first press.")).to_be_visible()
    assert [cookie["name"] for cookie in page.context.cookies()] == ["session"]


def test_a_press_asks_for_the_token_again_if_it_had_not_come(
    live_server, app, blog_language, page, make_post
):
    app.config["COMMENT_MODE"] = "open"
    post = make_post(title="Grid Tariffs", body="Why fixed charges on the grid rise.")
    asked = []

    def flaky_network(route):
        asked.append(route.request.url)
        if len(asked) == 1:
            route.abort()  # lost while the reader was typing
        else:
            route.continue_()

    page.route("**/comments/form-token", flaky_network)
    page.goto(live_server + post.path)
    leave_comment(app, page, "Pressed once.")

    expect(page.locator(".comment", has_text="Pressed once.")).to_be_visible()
    assert len(asked) == 2
