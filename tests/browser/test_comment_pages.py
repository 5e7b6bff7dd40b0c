"""A long thread in a browser: a link to a comment that is on a later page (a feed
entry's ``#c123``) brings the reader to that page, at that comment, and the pages link
each other."""

from playwright.sync_api import expect


def test_a_feed_link_to_a_comment_on_a_later_page_finds_it(app, live_server, page,
                                                          make_post, make_comment):
    app.config["COMMENTS_PER_PAGE"] = 10
    post = make_post(title="A Busy Thread", body="Everyone has a view.")
    ids = [make_comment(post.id, name=f"Reader {n}", body=f"Remark {n}.")
           for n in range(1, 26)]

    # The comment feed links the post's address and the comment's anchor.
    page.goto(f"{live_server}{post.path}#c{ids[23]}")

    expect(page).to_have_url(f"{live_server}{post.path}?cpage=3#c{ids[23]}")
    comment = page.locator(f"#c{ids[23]}")
    expect(comment).to_contain_text("Remark 24.")
    expect(comment).to_be_in_viewport()

    page.get_by_role("navigation", name="Comment pages").get_by_role(
        "link", name="Older comments").click()
    expect(page).to_have_url(f"{live_server}{post.path}?cpage=2#comments")
    expect(page.get_by_text("Remark 11.", exact=True)).to_be_visible()
    expect(page.locator(".comment-pager").first).to_contain_text("Page 2 of 3")
