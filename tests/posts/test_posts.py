"""Readers reading: the home page, post pages, permalinks and what stays hidden."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest

from blog.extensions import db
from blog.models import Post
from blog.posts.links import post_url
from blog.posts.publishing import set_content, settle_slug
from blog.utils.database import utcnow


def post_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="post-title"><a href="[^"]+">([^<]+)</a>', html)


def test_home_lists_newest_first(client, make_post):
    make_post(title="Oldest", published=timedelta(days=3))
    make_post(title="Newest", published=timedelta(hours=1))
    make_post(title="Middle", published=timedelta(days=2))

    assert post_titles(client.get("/").text) == ["Newest", "Middle", "Oldest"]


def test_home_groups_posts_under_full_date_headers(client, make_post):
    make_post(title="Morning", published=datetime(2020, 2, 1, 9, 0, tzinfo=UTC))
    make_post(title="Evening", published=datetime(2020, 2, 1, 20, 0, tzinfo=UTC))
    make_post(title="Next day", published=datetime(2020, 2, 2, 9, 0, tzinfo=UTC))

    html = client.get("/").text

    assert html.count("Saturday, February 1, 2020") == 1
    assert html.count("Sunday, February 2, 2020") == 1
    sunday, saturday = html.index("Sunday, February 2"), html.index("Saturday, February 1")
    assert sunday < html.index("Next day") < saturday < html.index("Evening")
    assert html.index("Evening") < html.index("Morning")


def test_date_headers_follow_the_blogs_time_zone(app, client, make_post):
    # 03:00 UTC on the 2nd is still the evening of the 1st in New York.
    make_post(title="Late", published=datetime(2020, 2, 2, 3, 0, tzinfo=UTC))
    app.config["TIMEZONE"] = "America/New_York"

    html = client.get("/").text

    assert "Saturday, February 1, 2020" in html
    # Babel writes a narrow no-break space before PM, as CLDR has it for English.
    assert "10:00\u202fPM" in html


def test_home_shows_labels_and_comment_count(client, make_post, make_comment):
    post = make_post(title="Counted", labels=("Economics", "Energy"))
    make_comment(post.id)
    make_comment(post.id)

    html = client.get("/").text

    assert "2 comments" in html
    assert 'href="/label/Economics"' in html and 'href="/label/Energy"' in html


def test_read_more_break_shows_only_the_opening_on_the_home_page(client, make_post):
    post = make_post(body="The opening.\n\n<!--more-->\n\nThe long argument.")

    home = client.get("/").text
    page = client.get(post.path).text

    assert "The opening." in home and "The long argument." not in home
    assert "Read more" in home
    assert "The opening." in page and "The long argument." in page


@pytest.mark.parametrize(
    ("query", "status", "first", "last", "newer", "older"),
    [
        ("", 200, "Post 25", "Post 16", False, True),
        ("?page=2", 200, "Post 15", "Post 6", True, True),
        ("?page=3", 200, "Post 5", "Post 1", True, False),
        ("?page=4", 404, None, None, None, None),
        ("?page=0", 404, None, None, None, None),
        ("?page=-1", 404, None, None, None, None),
        ("?page=two", 404, None, None, None, None),
        ("?page=99999999999999999999", 404, None, None, None, None),
    ],
)
def test_pagination_edges(client, make_post, query, status, first, last, newer, older):
    for number in range(1, 26):
        make_post(title=f"Post {number}", published=timedelta(days=30 - number))

    response = client.get("/" + query)

    assert response.status_code == status
    if status == 200:
        titles = post_titles(response.text)
        assert (titles[0], titles[-1]) == (first, last)
        assert len(titles) <= 10
        assert ("Newer posts" in response.text) is newer
        assert ("Older posts" in response.text) is older


def test_newer_posts_link_from_page_two_goes_home(client, make_post):
    for number in range(11):
        make_post(title=f"Post {number}", published=timedelta(days=number + 1))

    html = client.get("/?page=2").text

    assert re.search(r'<a class="pager-newer" rel="prev" href="/">', html)


def test_post_lives_at_a_dated_permalink(client, make_post):
    post = make_post(
        title="The Price of Oil", published=datetime(2020, 2, 1, 9, 0, tzinfo=UTC)
    )

    assert post.path == "/2020/02/the-price-of-oil"
    page = client.get(post.path)
    assert page.status_code == 200
    assert "<h1 class=\"post-title\">The Price of Oil</h1>" in page.text
    assert "Saturday, February 1, 2020" in page.text


def test_wrong_month_in_address_redirects_to_the_permalink(client, make_post):
    post = make_post(title="Dated", published=datetime(2020, 2, 1, tzinfo=UTC))

    response = client.get("/2021/07/dated")

    assert response.status_code == 301
    assert response.headers["Location"] == post.path


def test_unknown_post_is_a_404_in_the_blogs_layout(client, author):
    response = client.get("/2020/02/no-such-post")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Notes on Things" in response.text


def test_arabic_title_gets_a_readable_working_address(client, make_post):
    post = make_post(title="الاقتصاد السياسي للطاقة")

    assert post.slug == "الاقتصاد-السياسي-للطاقة"
    # Links carry the address percent-encoded, as browsers send it.
    assert unquote(post.path).endswith("/الاقتصاد-السياسي-للطاقة")

    response = client.get(post.path)
    assert response.status_code == 200
    assert "الاقتصاد السياسي للطاقة" in response.text


def test_changed_slug_leaves_a_permanent_redirect(app, client, make_post):
    post = make_post(title="First thoughts")
    with app.test_request_context():
        row = db.session.get(Post, post.id)
        settle_slug(row, "second-thoughts")
        db.session.commit()
        new_path = post_url(row)

    response = client.get(post.path)

    assert new_path.endswith("/second-thoughts")
    assert response.status_code == 301
    assert response.headers["Location"] == new_path
    assert client.get(new_path).status_code == 200


def test_post_page_navigation_and_latest_teaser(client, make_post):
    older = make_post(title="Older one", published=timedelta(days=3))
    middle = make_post(title="Middle one", published=timedelta(days=2))
    make_post(
        title="Newest one",
        body="It starts here. Then it goes on at length.",
        published=timedelta(days=1),
    )

    html = client.get(middle.path).text

    # The arrow stands apart from the words, for right-to-left pages to mirror.
    assert re.search(r'class="post-nav-newer"[^>]*><span class="arrow arrow-back" '
                     r'aria-hidden="true">«</span> Newer post<', html)
    assert f'class="post-nav-older" rel="next" href="{older.path}"' in html
    latest = html[html.index('id="latest-heading"'):]
    assert "Newest one" in latest
    assert "It starts here." in latest and "Then it goes on" not in latest


def test_drafts_are_invisible_everywhere(client, make_post):
    make_post(title="Visible", labels=("Economics",), published=timedelta(days=1))
    draft = make_post(title="Secret draft", labels=("Economics", "Drafty"), draft=True)

    home = client.get("/").text
    assert "Secret draft" not in home
    assert "Drafty" not in home  # the sidebar's labels list
    assert "Economics</a> <span class=\"count\">(1)</span>" in home
    assert client.get(f"/2020/01/{draft.slug}").status_code == 404
    assert client.get("/label/Drafty").status_code == 404
    assert "Secret draft" not in client.get("/label/Economics").text


def test_scheduled_post_is_hidden_until_due_then_appears_on_its_own(app, client, make_post):
    make_post(title="Already out", published=timedelta(days=1))
    future = make_post(title="Coming soon", published=utcnow() + timedelta(hours=2))

    assert "Coming soon" not in client.get("/").text
    older_post = client.get("/").text
    assert "Newer post" not in older_post

    # Time passes: nothing runs, the stored status is still "scheduled".
    with app.app_context():
        row = db.session.get(Post, future.id)
        assert row.status == "scheduled"
        row.published_at = utcnow() - timedelta(minutes=1)
        db.session.commit()

    assert "Coming soon" in client.get("/").text


def test_scheduled_post_is_not_counted_or_linked(client, make_post):
    shown = make_post(title="Shown", published=timedelta(days=1))
    make_post(title="Later", labels=("Future",), published=utcnow() + timedelta(days=1))

    page = client.get(shown.path).text

    assert "Later" not in page
    assert "Newer post" not in page
    assert "Future" not in page


def test_empty_blog_explains_how_to_start(client):
    html = client.get("/").text

    assert 'href="/setup"' in html
    assert "/setup?code=" in html  # what the line in the server's console holds


def test_blog_with_an_author_but_no_posts_says_so(client, author):
    html = client.get("/").text

    assert "Nothing published yet" in html
    assert 'href="/setup"' not in html


def test_post_body_never_carries_script_to_the_page(client, make_post):
    post = make_post(
        body='Hello <script>alert("x")</script>\n\n<img src="x.png" onerror="alert(1)">\n\n'
        "[click](javascript:alert(1))"
    )

    html = client.get(post.path).text

    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_title_is_escaped(client, make_post):
    post = make_post(title='<img src=x onerror="alert(1)">')

    html = client.get(post.path).text

    assert "&lt;img src=x onerror=" in html
    assert '<img src=x onerror="alert(1)">' not in html


def test_update_time_is_shown_only_after_a_real_edit(app, client, make_post):
    post = make_post(title="Backdated", published=timedelta(days=30))
    assert "Updated" not in client.get(post.path).text

    with app.app_context():
        row = db.session.get(Post, post.id)
        set_content(row, title=row.title, body="Corrected text.", label_names=[])
        db.session.commit()

    page = client.get(post.path).text
    assert "Updated" in page
    assert "Corrected text." in page


def test_post_page_shows_every_label(client, make_post):
    post = make_post(title="Many labels", labels=("Alpha", "Beta", "Gamma"))
    html = client.get(post.path).text
    assert all(f'href="/label/{n}" rel="tag"' in html for n in ("Alpha", "Beta", "Gamma"))


@pytest.mark.parametrize("page", ["9" * 5_000, "²", "١٢", "2" + "\x00"])
def test_page_numbers_in_any_script_or_of_any_length_are_404_not_errors(client, make_post, page):
    # Python refuses to convert 5,000 digits, and "²" passes str.isdigit but not int().
    make_post()

    assert client.get("/", query_string={"page": page}).status_code == 404


def test_a_page_that_ignores_page_numbers_takes_any_of_them(client, make_post):
    post = make_post()

    response = client.get(post.path, query_string={"page": "²"})

    assert response.status_code == 200
    assert f'rel="canonical" href="http://localhost{post.path}"' in response.text
