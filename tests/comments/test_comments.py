"""Readers commenting, the author answering, and the author moderating."""

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus, Post
from blog.utils.database import utcnow
from tests.helpers import hidden, send_comment


def stored(app, **where) -> list[Comment]:
    with app.app_context():
        comments = db.session.scalars(sa.select(Comment).filter_by(**where)).all()
        db.session.expunge_all()
        return comments


@pytest.fixture
def open_comments(app):
    app.config["COMMENT_MODE"] = "open"


@pytest.fixture
def post(make_post):
    return make_post(title="Grid Tariffs", body="Why fixed charges on the electricity grid rise.")


def test_comment_form_has_the_expected_fields(client, post):
    html = client.get(post.path).text

    for label in (">Name</label>", ">Website</label>", ">Comment</label>"):
        assert label in html
    assert 'value="Post comment"' in html


def test_anonymous_comment_appears_as_anonymous_at_its_anchor(app, client, post, open_comments):
    response = send_comment(client, post, body="Interesting point.")

    [comment] = stored(app)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{post.path}#c{comment.id}"
    html = client.get(post.path).text
    assert "Anonymous</bdi> said..." in html
    assert "Interesting point." in html


def test_named_comment_links_the_name_to_the_website(client, post, open_comments):
    send_comment(client, post, name="Henrik", website="https://henrik.example/")

    html = client.get(post.path).text
    assert '<a href="https://henrik.example/" rel="nofollow ugc noopener">Henrik</a>' in html


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>",
     "ftp://files.example/", "http://", "vbscript:msgbox(1)", "http://exa mple.org",
     # Read as http://[x]..., an unbalanced IPv6 bracket that once raised a server error.
     "[x](javascript&#58;alert(1))", "http://[example.org/"],
)
def test_websites_other_than_http_are_refused(app, client, post, open_comments, website):
    response = send_comment(client, post, website=website, body="Kept text.")

    assert response.status_code == 422
    assert "http:// or https://" in response.text or "cannot contain spaces" in response.text
    assert "Kept text." in response.text
    assert stored(app) == []


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "http://"]
)
def test_a_stored_website_that_is_not_a_web_address_is_never_linked(
    client, post, make_comment, website
):
    # The form refuses these, but a restored export writes websites as they were.
    make_comment(post.id, name="Mallory", website=website, body="Hello.")

    html = client.get(post.path).text

    assert "Mallory" in html
    assert ">Mallory</a>" not in html


def test_a_bare_domain_is_read_as_a_web_address(app, client, post, open_comments):
    send_comment(client, post, name="Lena", website="lena.example.org")

    assert stored(app)[0].website == "http://lena.example.org"


def test_replies_appear_under_the_comment_they_answer(app, client, post, open_comments):
    send_comment(client, post, name="First", body="Opening remark.")
    [first] = stored(app)

    form_page = client.get(f"{post.path}?replytocom={first.id}").text
    assert "Reply to <bdi>First</bdi>" in form_page
    send_comment(client, post, reply_to=first.id, name="Second", body="A reply.")

    reply = stored(app, name="Second")[0]
    assert reply.parent_id == first.id
    html = client.get(post.path).text
    thread = html[html.index(f'id="c{first.id}"'):]
    assert '<ol class="comment-replies">' in thread.split("A reply.")[0]


def test_replies_past_the_depth_limit_join_the_deepest_level(app, client, post, open_comments):
    app.config["COMMENT_MAX_DEPTH"] = 3
    send_comment(client, post, name="D1")
    parent = stored(app, name="D1")[0].id
    for depth in (2, 3):
        send_comment(client, post, name=f"D{depth}", parent_id=str(parent))
        parent = stored(app, name=f"D{depth}")[0].id

    send_comment(client, post, name="D4", parent_id=str(parent))

    d2, d4 = stored(app, name="D2")[0], stored(app, name="D4")[0]
    assert d4.parent_id == d2.id  # a sibling of D3, at the third level
    html = client.get(post.path).text
    deepest = html[html.index(f'id="c{parent}"'):].split("</article>")[0]
    assert "Reply" not in deepest


def test_a_reply_to_a_comment_on_another_post_is_a_top_level_comment(
    app, client, make_post, post, open_comments
):
    other = make_post(title="Other")
    send_comment(client, other, name="Elsewhere")
    elsewhere = stored(app, name="Elsewhere")[0].id

    send_comment(client, post, name="Here", parent_id=str(elsewhere))

    assert stored(app, name="Here")[0].parent_id is None


def test_the_author_comments_with_a_badge_and_is_never_held(app, client, logged_in, post):
    app.config["COMMENT_MODE"] = "moderated"

    send_comment(client, post, body="Author here: a fair point.")

    [comment] = stored(app)
    assert comment.status == CommentStatus.APPROVED
    assert comment.author_id is not None and comment.name == "Ana Analyst"
    html = client.get(post.path).text
    assert 'class="comment comment-by-author"' in html
    assert '<span class="badge">Author</span>' in html


@pytest.mark.parametrize("name", ["Ana Analyst", "ana analyst", "  Ana   Analyst ", "ANA"])
def test_nobody_else_may_use_the_authors_name(app, client, post, open_comments, name):
    response = send_comment(client, post, name=name, body="Trust me, I wrote this blog.")

    assert response.status_code == 422
    assert "the name of the blog&#39;s author" in response.text
    assert "Trust me, I wrote this blog." in response.text
    assert stored(app) == []


def test_open_mode_shows_comments_at_once(app, client, post, open_comments):
    send_comment(client, post)

    assert stored(app)[0].status == CommentStatus.APPROVED


def test_moderated_mode_holds_every_comment_and_says_so(app, client, post):
    app.config["COMMENT_MODE"] = "moderated"

    response = send_comment(client, post, body="Held back.")

    assert stored(app)[0].status == CommentStatus.PENDING
    assert response.headers["Location"] == f"{post.path}#comments"
    page = client.get(response.headers["Location"]).text
    assert "will appear once the author has approved it" in page
    assert "Held back." not in page


def test_first_time_mode_trusts_a_commenter_once_the_author_approved_one(
    app, client, logged_in, post
):
    app.config["COMMENT_MODE"] = "first_time"
    reader = app.test_client()

    send_comment(reader, post, name="Mira", body="My first comment.", remember="y")
    first = stored(app, name="Mira")[0]
    assert first.status == CommentStatus.PENDING

    client.post("/dashboard/comments", data={"one": f"approve:{first.id}"})
    send_comment(reader, post, name="Mira", body="My second comment.", remember="y")
    stranger = app.test_client()
    send_comment(stranger, post, name="Mira", body="Pretending to be Mira.")

    statuses = {c.body: c.status for c in stored(app, name="Mira")}
    assert statuses["My second comment."] == CommentStatus.APPROVED
    assert statuses["Pretending to be Mira."] == CommentStatus.PENDING


def test_the_remember_cookie_fills_in_name_and_website(app, client, post, open_comments):
    send_comment(client, post, name="Mira", website="https://mira.example", remember="y")

    html = client.get(post.path).text

    assert 'value="Mira"' in html and 'value="https://mira.example"' in html


def test_without_consent_nothing_is_remembered(client, post, open_comments):
    response = send_comment(client, post, name="Mira")

    assert not any(c.startswith("commenter=") and "Expires=Thu, 01 Jan 1970" not in c
                   for c in response.headers.getlist("Set-Cookie"))
    assert 'value="Mira"' not in client.get(post.path).text


def test_closed_posts_show_a_notice_instead_of_the_form(app, client, post, make_comment):
    make_comment(post.id, body="An earlier word.")
    with app.app_context():
        db.session.get(Post, post.id).comment_mode = "closed"
        db.session.commit()

    html = client.get(post.path).text
    response = send_comment(client, post, body="Too late.")

    assert "Comments are closed" in html and "An earlier word." in html
    assert 'value="Post comment"' not in html
    assert response.status_code == 403
    assert len(stored(app)) == 1


def test_a_posts_own_setting_overrides_the_blogs(app, client, post):
    app.config["COMMENT_MODE"] = "moderated"
    with app.app_context():
        db.session.get(Post, post.id).comment_mode = "open"
        db.session.commit()

    send_comment(client, post)

    assert stored(app)[0].status == CommentStatus.APPROVED


def test_the_honeypot_sends_a_comment_to_spam(app, client, post, open_comments):
    response = send_comment(client, post, homepage="http://spam.example")

    [comment] = stored(app)
    assert comment.status == CommentStatus.SPAM
    assert "hidden field" in comment.spam_reasons
    assert "will appear once the author has approved it" in client.get(
        response.headers["Location"]
    ).text


def test_posting_faster_than_a_person_can_is_spam(app, client, post, open_comments):
    app.config["COMMENT_MIN_SECONDS"] = 30

    send_comment(client, post)

    [comment] = stored(app)
    assert comment.status == CommentStatus.SPAM
    assert "after the form was shown" in comment.spam_reasons


def test_a_form_without_its_signed_timestamp_is_suspect(app, client, post, open_comments):
    send_comment(client, post, shown="forged")

    assert "missing or forged" in stored(app)[0].spam_reasons


def test_too_many_links_count_the_website_field(app, client, post, open_comments):
    body = "See https://a.example and https://b.example on the grid tariffs."

    send_comment(client, post, website="https://c.example", body=body)

    [comment] = stored(app)
    assert "3 links, counting the website (at most 2)" in comment.spam_reasons
    assert comment.spam_score == 2


def test_stock_praise_with_a_link_is_spam_with_its_reasons(app, client, post, open_comments):
    send_comment(
        client, post, name="Best Deals", website="https://deals.example",
        body="first time visit at here, truly impressed. Keep it up!",
    )

    [comment] = stored(app)
    assert comment.status == CommentStatus.SPAM
    assert "stock praise" in comment.spam_reasons
    assert "about nothing in the post" in comment.spam_reasons
    assert comment.spam_score >= app.config["COMMENT_SPAM_THRESHOLD"]


def test_real_praise_about_the_post_is_not_spam(app, client, post, open_comments):
    send_comment(client, post, website="https://reader.example",
                 body="Great post. The fixed charges point about the grid convinced me.")

    assert stored(app)[0].status == CommentStatus.APPROVED


def test_rate_limit_per_address_keeps_the_text(app, client, post, open_comments):
    app.config["COMMENT_RATE_LIMIT"] = 3
    for number in range(3):
        assert send_comment(client, post, body=f"Comment {number}").status_code == 302

    response = send_comment(client, post, body="One too many.")

    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= app.config["COMMENT_RATE_WINDOW_SECONDS"]
    assert f"Please wait {wait} seconds" in response.text
    assert "One too many." in response.text
    assert len(stored(app)) == 3


def test_a_comment_sent_without_a_token_comes_back_to_be_sent_again(
        app, client, post, open_comments, time_machine):
    # A reader whose browser runs no scripts sends the shared page's form without a
    # token, a minute after the page came; pressing again at once is not a bot's speed.
    app.config.update(WTF_CSRF_ENABLED=True, COMMENT_MIN_SECONDS=30)
    time_machine.move_to(utcnow(), tick=False)
    stamp = hidden(client.get(post.path).text, "shown")
    time_machine.shift(timedelta(minutes=1))
    fields = {"name": "", "website": "", "body": "Keep me.", "homepage": "",
              "parent_id": "", "shown": stamp}

    response = client.post(f"/posts/{post.id}/comments", data=fields)

    assert response.status_code == 422
    assert "press “Post comment” again" in response.text
    assert "Keep me." in response.text
    assert hidden(response.text, "shown") == stamp
    assert stored(app) == []
    again = {**fields, "csrf_token": hidden(response.text, "csrf_token")}
    assert client.post(f"/posts/{post.id}/comments", data=again).status_code == 302
    [comment] = stored(app)
    assert comment.body == "Keep me." and comment.status == CommentStatus.APPROVED


def test_a_comment_with_a_stale_token_is_refused_but_kept(app, client, post, open_comments):
    app.config["WTF_CSRF_ENABLED"] = True

    response = send_comment(client, post, csrf_token="IjEyMyI.stale.token", body="Keep me.")

    assert response.status_code == 422
    assert "This form had expired" in response.text
    assert "Keep me." in response.text
    assert stored(app) == []


def test_a_readers_page_sets_no_cookie_and_its_form_asks_for_a_token(
        app, client, post, open_comments):
    app.config["WTF_CSRF_ENABLED"] = True

    page = client.get(post.path)

    assert "Set-Cookie" not in page.headers
    assert not hidden(page.text, "csrf_token")
    assert 'data-token-from="/comments/form-token"' in page.text
    assert "js/comment-form.js" in page.text


def test_the_authors_comment_form_carries_its_token(app, client, logged_in, post):
    app.config["WTF_CSRF_ENABLED"] = True

    page = client.get(post.path).text

    assert hidden(page, "csrf_token")
    assert "data-token-from" not in page and "comment-form.js" not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": ""}, "Write a comment before posting it."),
        ({"body": " \n\t  "}, "Write a comment before posting it."),
        ({"body": "x" * 5001}, "at most 5,000 characters long; this one has 5,001"),
        ({"name": "n" * 81}, "Names can be at most 80 characters long."),
        ({"website": "https://example.org/" + "a" * 300}, "at most 300 characters"),
    ],
)
def test_limits_give_clear_messages_next_to_the_field(
    app, client, post, open_comments, fields, message
):
    response = send_comment(client, post, **fields)

    assert response.status_code == 422
    assert message in response.text
    assert 'class="error"' in response.text
    assert stored(app) == []


def test_counts_include_only_approved_comments(client, post, make_comment):
    make_comment(post.id)
    make_comment(post.id, status=CommentStatus.PENDING)
    make_comment(post.id, status=CommentStatus.SPAM)

    assert "1 comment<" in client.get("/").text
    assert ">1 comment</h2>" in client.get(post.path).text


def test_comment_text_is_plain_text_with_linked_addresses(client, post, make_comment):
    make_comment(post.id, body='<script>alert(1)</script> <b>bold?</b>\n'
                 "See https://example.org/page.\n\nSecond paragraph.")

    html = client.get(post.path).text

    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold?&lt;/b&gt;<br>" in html
    assert ('<a href="https://example.org/page" rel="nofollow ugc noopener">'
            "https://example.org/page</a>.") in html
    assert "<p>Second paragraph.</p>" in html


def test_arabic_comment_with_an_arabic_link_reads_right_to_left(client, post, make_comment):
    make_comment(post.id, name="سارة",
                 body="مقال رائع عن الطاقة https://ar.example.org/مقالة/الطاقة")

    html = client.get(post.path).text

    assert '<div class="comment-body" dir="auto">' in html
    assert "<bdi class=\"comment-name\">سارة</bdi>" in html
    link = re.search(r'<a href="([^"]+)" rel="nofollow ugc noopener">https://ar\.example', html)
    assert unquote(link.group(1)) == "https://ar.example.org/مقالة/الطاقة"


def test_control_characters_and_nul_bytes_are_dropped(app, client, post, open_comments):
    response = send_comment(client, post, name="Nu\x00ll", body="Te\x00xt\x07 here")

    assert response.status_code == 302
    [comment] = stored(app)
    assert (comment.name, comment.body) == ("Null", "Text here")


def test_comments_on_unpublished_posts_are_refused(client, make_post):
    draft = make_post(draft=True)

    response = client.post(f"/posts/{draft.id}/comments", data={"body": "Hello"})

    assert response.status_code == 404


@pytest.mark.parametrize("number", [str(2**63), str(2**70), "9" * 5_000])
def test_a_post_number_past_any_id_is_not_found(client, post, number):
    # SQLite cannot hold 2**63 and PostgreSQL's ids stop at 2**31 - 1: both used to be a 500.
    assert client.post(f"/posts/{number}/comments", data={"body": "Hi"}).status_code == 404
    assert client.get(f"/feeds/posts/{number}/comments.atom").status_code == 404


@pytest.mark.parametrize("reply_to", ["²", "١", str(2**70), "9" * 5_000, "1\x00"])
def test_a_reply_link_to_no_comment_shows_the_plain_form(client, post, nul_refused, reply_to):
    response = client.get(post.path, query_string={"replytocom": reply_to})

    assert response.status_code == 200
    assert "Leave a comment" in response.text


def test_a_broken_website_address_is_explained(app, client, post, open_comments):
    response = send_comment(client, post, website="http://[unclosed", body="Hello.")

    assert response.status_code == 422
    assert "Use a web address that starts with http:// or https://." in response.text
    assert stored(app) == []


def test_the_authors_comment_ignores_the_fields_the_author_is_not_shown(
    app, client, logged_in, post
):
    # The author's form has no name or website: nothing sent in them can hold the comment up.
    response = send_comment(client, post, body="Noted.", name="Ana Analyst", website="\x00[")

    assert response.status_code == 302
    [comment] = stored(app)
    assert (comment.body, comment.website) == ("Noted.", "")
