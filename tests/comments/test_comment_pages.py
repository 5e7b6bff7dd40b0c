"""Long threads, a page at a time: readers page through them, threads stay whole, and
every link to a comment (its reply link, the dashboard, mails, the feeds, old Blogger
addresses) lands on the page that shows it."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from blog.cache.store import page_store
from blog.comments.paging import lay_out
from blog.extensions import db
from blog.models import Comment, CommentStatus, LegacyRedirect
from tests.helpers import hidden, said

PER_PAGE = 10


@pytest.fixture
def per_page(app):
    app.config["COMMENTS_PER_PAGE"] = PER_PAGE
    app.config["COMMENT_MODE"] = "open"
    return PER_PAGE


@pytest.fixture
def long_thread(app, per_page, make_post, make_comment):
    """25 comments: 20 of their own, and a thread of one comment and five replies (the
    9th comment, so the first page runs over to keep it whole)."""
    post = make_post(title="Rents and Wages", body="Rents rose faster than wages.")
    ids = []
    for number in range(1, 21):
        ids.append(make_comment(post.id, name=f"Reader {number}", body=f"Remark {number}."))
        if number == 9:
            for reply in range(1, 6):
                make_comment(post.id, name=f"Answer {reply}", body=f"Reply {reply}.",
                             parent_id=ids[-1])
    with app.app_context():
        # Apart by a second each, in the order written (as readers would write them).
        start = datetime(2024, 5, 1, tzinfo=UTC)
        comments = db.session.scalars(sa.select(Comment).order_by(Comment.id)).all()
        for second, comment in enumerate(comments):
            comment.created_at = comment.approved_at = start + timedelta(seconds=second)
        db.session.commit()
    post.ids = ids
    return post


def names_on(html: str) -> list[str]:
    return re.findall(r'class="comment-name">([^<]+)<', html)


def test_the_first_page_holds_the_oldest_comments_and_keeps_a_thread_whole(client, long_thread):
    html = client.get(long_thread.path).text

    # Nine comments of their own, then the ninth's five replies: the page runs over
    # rather than cut the thread.
    assert names_on(html) == [f"Reader {n}" for n in range(1, 10)] + [
        f"Answer {n}" for n in range(1, 6)]
    assert "25 comments" in html
    assert "Page 1 of 3" in html
    assert f'href="{long_thread.path}?cpage=2#comments">Newer comments' in html
    assert "Older comments" not in html


def test_later_pages_follow_on_with_links_both_ways(client, long_thread):
    second = client.get(f"{long_thread.path}?cpage=2").text
    last = client.get(f"{long_thread.path}?cpage=3").text

    assert names_on(second) == [f"Reader {n}" for n in range(10, 20)]
    assert "25 comments" in second and "Page 2 of 3" in second
    assert f'href="{long_thread.path}#comments">' in second  # older: the post's own address
    assert f'href="{long_thread.path}?cpage=3#comments">' in second
    assert names_on(last) == ["Reader 20"]
    assert "Newer comments" not in last
    assert f'<link rel="canonical" href="http://localhost{long_thread.path}?cpage=3">' in last


def test_a_post_with_one_page_of_comments_shows_no_page_links(client, per_page, make_post,
                                                              make_comment):
    post = make_post(title="Short", body="Few answer.")
    for number in range(per_page):
        make_comment(post.id, name=f"Reader {number}")

    html = client.get(post.path).text

    assert len(names_on(html)) == per_page
    assert "comment-pager" not in html and "comment-pages.js" not in html
    assert client.get(f"{post.path}?cpage=2").status_code == 404


@pytest.mark.parametrize("value", [
    "0", "4", "-2", "02", "2.0", "+2", "2 ", "x", "", "1e3", "２", "٢", "9" * 40,
    "2%00", "99999999",
])
def test_a_comment_page_that_is_not_one_is_not_found_and_not_kept(app, client, long_thread,
                                                                  value):
    client.get(long_thread.path)  # the real page, kept
    kept = len(page_store(app).pages)
    assert kept >= 1

    response = client.get(long_thread.path, query_string={"cpage": value})

    assert response.status_code == 404
    assert len(page_store(app).pages) == kept


def test_comment_page_one_moves_to_the_posts_own_address(client, long_thread):
    response = client.get(f"{long_thread.path}?cpage=1")

    assert response.status_code == 301
    assert response.location == long_thread.path


def test_a_comments_lasting_address_finds_its_page(app, client, long_thread):
    last = long_thread.ids[-1]
    response = client.get(f"/comments/{last}")

    assert response.status_code == 302
    assert response.location == f"{long_thread.path}?cpage=3#c{last}"
    page = client.get(response.location.split("#")[0]).text
    assert f'id="c{last}"' in page
    first = long_thread.ids[0]
    assert client.get(f"/comments/{first}").location == f"{long_thread.path}#c{first}"


def test_a_held_or_unknown_comment_has_no_lasting_address(client, long_thread, make_comment):
    held = make_comment(long_thread.id, body="Wait for it.", status=CommentStatus.PENDING)

    assert client.get(f"/comments/{held}").status_code == 404
    assert client.get("/comments/987654").status_code == 404


def test_a_long_threads_page_sends_an_unknown_comment_anchor_to_its_address(client,
                                                                            long_thread):
    html = client.get(long_thread.path).text

    assert 'data-comment-at="/comments/"' in html
    assert "/static/js/comment-pages.js" in html


def test_a_reply_on_a_later_page_comes_back_to_that_page(app, client, long_thread):
    answered = long_thread.ids[14]  # Reader 15, on page 2
    page = client.get(f"{long_thread.path}?cpage=2").text
    reply_link = unescape(re.search(rf'href="([^"]*replytocom={answered}[^"]*)"', page)[1])
    assert reply_link == f"?cpage=2&replytocom={answered}#respond"

    form_page = client.get(long_thread.path + reply_link.split("#")[0]).text
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', form_page)[1])
    response = client.post(action.split("#")[0], data={
        "name": "Late", "website": "", "body": "Agreed, late.", "homepage": "",
        "shown": hidden(form_page, "shown"), "parent_id": str(answered),
        "csrf_token": hidden(form_page, "csrf_token")})

    with app.app_context():
        reply = db.session.scalar(sa.select(Comment).filter_by(name="Late"))
    assert reply.parent_id == answered
    assert response.status_code == 302
    assert response.location == f"{long_thread.path}?cpage=2#c{reply.id}"
    assert "Late" in names_on(client.get(f"{long_thread.path}?cpage=2").text)


def test_a_reply_sent_back_to_fix_shows_again_on_its_threads_page(client, long_thread):
    answered = long_thread.ids[14]
    form_page = client.get(f"{long_thread.path}?cpage=2&replytocom={answered}").text

    response = client.post(f"/posts/{long_thread.id}/comments?cpage=2", data={
        "name": "Late", "website": "not a web address", "body": "Kept as typed.",
        "homepage": "", "shown": hidden(form_page, "shown"), "parent_id": str(answered),
        "csrf_token": hidden(form_page, "csrf_token")})

    assert response.status_code == 422
    assert "Kept as typed." in response.text
    assert "Reader 15" in names_on(response.text)


def test_an_old_blogger_comment_link_lands_on_its_page(app, client, long_thread):
    with app.app_context():
        db.session.add(LegacyRedirect(path="/2019/05/rents-and-wages.html",
                                      post_id=long_thread.id))
        db.session.commit()
        comment = db.session.get(Comment, long_thread.ids[12])
        milliseconds = int(comment.created_at.replace(tzinfo=UTC).timestamp() * 1000)
        comment_id = comment.id

    response = client.get(f"/2019/05/rents-and-wages.html?showComment={milliseconds}")

    assert response.status_code == 301
    assert response.location == f"{long_thread.path}?cpage=2#c{comment_id}"


def test_the_comment_feed_still_carries_every_comment_at_its_anchor(client, long_thread):
    feed = client.get(f"/feeds/posts/{long_thread.id}/comments.atom").text

    links = re.findall(r'<link href="([^"]+#c\d+)"', feed)
    assert len(links) == 25
    assert all("cpage" not in link for link in links)


def test_the_dashboard_links_a_published_comment_to_its_page(client, logged_in, long_thread):
    html = client.get("/dashboard/comments?status=approved").text

    assert f'href="/comments/{long_thread.ids[-1]}"' in html


def test_the_setting_changes_how_many_a_page_shows(app, client, long_thread):
    app.config["COMMENTS_PER_PAGE"] = 200

    html = client.get(long_thread.path).text

    assert len(names_on(html)) == 25
    assert said(app, "Comment pages") not in html


def test_page_layout_over_threads():
    rows = [(1, None), (2, None), (3, 1), (4, 3), (5, None), (6, 2)]

    layout = lay_out(rows, per_page=2, total=6)

    # 1's thread (1, 3, 4) fills the first page past 2; 2's thread (2, 6) starts one.
    assert layout.pages == [[1, 3, 4], [2, 6], [5]]
    assert layout.page_of[6] == 2


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=60),
       st.integers(min_value=1, max_value=8), st.data())
def test_a_reply_never_moves_its_thread_or_anything_before_it(parents, per_page, data):
    # Comment n+1 answers comment parents[n] (0: none, or one not written yet).
    rows = [(n, p if 0 < p < n else None) for n, p in enumerate(parents, start=1)]
    before = lay_out(rows, per_page, total=len(rows))
    answered = data.draw(st.sampled_from(rows))[0]
    after = lay_out([*rows, (len(rows) + 1, answered)], per_page, total=len(rows) + 1)

    page = before.page_of[answered]
    assert after.page_of[len(rows) + 1] == page == after.page_of[answered]
    assert after.pages[:page - 1] == before.pages[:page - 1]
    written = [*rows, (len(rows) + 1, answered)]
    for comment_id, _parent in written:  # a thread is never split
        assert after.page_of[comment_id] == after.page_of[_root(written, comment_id)]


def _root(rows, comment_id):
    parent_of = dict(rows)
    while parent_of.get(comment_id):
        comment_id = parent_of[comment_id]
    return comment_id


def test_a_held_reply_brings_its_writer_back_to_the_threads_page(app, client, long_thread):
    app.config["COMMENT_MODE"] = "moderated"
    answered = long_thread.ids[14]
    form_page = client.get(f"{long_thread.path}?cpage=2&replytocom={answered}").text

    response = client.post(f"/posts/{long_thread.id}/comments?cpage=2", data={
        "name": "Careful", "website": "", "body": "Held for now.", "homepage": "",
        "shown": hidden(form_page, "shown"), "parent_id": str(answered),
        "csrf_token": hidden(form_page, "csrf_token")})

    assert response.location == f"{long_thread.path}?cpage=2#comments"
