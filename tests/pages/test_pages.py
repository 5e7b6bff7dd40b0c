"""Standing pages as readers meet them: at /p/<slug>, in the navigation bar and the
sitemap and search, with comments where the author turned them on; never among the
posts (home, archive, labels, feeds, newer/older, "Latest")."""

import re
from datetime import timedelta

import feedparser
import pytest

from blog.extensions import db
from blog.models import CommentMode, Post, SlugRedirect
from tests.helpers import write_comment


@pytest.fixture
def essay(make_post):
    return make_post(title="Grid Tariffs", body="Why fixed charges rise.", labels=("Energy",),
                     published=timedelta(days=2))


@pytest.fixture
def about(make_post):
    return make_post(title="About this blog", body="I write about **energy**.", page=True,
                     slug="about", nav_position=2)


def test_a_page_lives_at_p_slug_without_a_date(client, about):
    page = client.get("/p/about")

    assert page.status_code == 200
    assert about.path == "/p/about"
    assert '<h1 class="post-title">About this blog</h1>' in page.text
    assert "<strong>energy</strong>" in page.text
    assert "Last updated" in page.text
    assert 'class="date-header"' not in page.text and "Posted by" not in page.text
    assert '<link rel="canonical" href="http://localhost/p/about">' in page.text
    assert '<meta property="og:type" content="website">' in page.text
    assert '<meta property="og:url" content="http://localhost/p/about">' in page.text
    assert '<meta name="twitter:title" content="About this blog">' in page.text


def test_drafts_and_pages_in_the_trash_are_not_shown(app, client, make_post, about):
    make_post(title="Contact", page=True, slug="contact", draft=True)
    with app.app_context():
        db.session.get(Post, about.id).deleted_at = db.func.now()
        db.session.commit()

    assert client.get("/p/contact").status_code == 404
    assert client.get("/p/about").status_code == 404


def test_a_changed_slug_redirects_for_good(app, client, about):
    with app.app_context():
        page = db.session.get(Post, about.id)
        page.old_slugs.append(SlugRedirect(slug="about-me"))
        db.session.commit()

    moved = client.get("/p/about-me")

    assert moved.status_code == 301 and moved.headers["Location"].endswith("/p/about")


def test_a_page_is_not_a_dated_post(client, essay, about):
    assert client.get("/2026/01/about").status_code == 404
    home = _main(client.get("/").text)
    assert "Grid Tariffs" in home and "About this blog" not in home
    assert "About this blog" not in _main(client.get("/label/Energy").text)
    year = essay.path.split("/")[1]
    assert "About this blog" not in _main(client.get(f"/{year}/").text)
    post_page = client.get(essay.path).text
    assert "About this blog" not in _main(post_page)
    entries = feedparser.parse(client.get("/feeds/posts.atom").data).entries
    assert [entry.title for entry in entries] == ["Grid Tariffs"]


def test_the_archive_counts_posts_only(client, essay, about):
    sidebar = client.get("/").text.split('class="sidebar"')[1]

    assert "(1)" in sidebar and "(2)" not in sidebar


def test_the_sitemap_and_search_have_pages(client, essay, about):
    sitemap = client.get("/sitemap.xml").text
    found = client.get("/search?q=energy").text

    assert "<loc>http://localhost/p/about</loc>" in sitemap
    assert 'href="/p/about"' in found and '<span class="kind-mark">Page</span>' in found


def test_the_navigation_lists_the_chosen_pages_in_order(client, make_post, about):
    make_post(title="Sources I use", page=True, slug="sources", nav_position=1)
    make_post(title="Colophon", page=True, slug="colophon")  # not in the navigation

    home = client.get("/").text
    on_about = client.get("/p/about").text

    nav = re.search(r'<nav class="site-nav" aria-label="Pages">(.*?)</nav>', home, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", nav) == ["Sources I use", "About this blog"]
    assert 'aria-current' not in nav
    assert '<a href="/p/about" aria-current="page">About this blog</a>' in on_about


def test_the_sidebar_lists_every_page_when_asked(runner, client, make_post, about):
    make_post(title="Colophon", page=True, slug="colophon")
    assert "pages-widget" not in client.get("/").text

    assert runner.invoke(args=["settings", "set", "SIDEBAR_PAGES", "yes"]).exit_code == 0

    widget = client.get("/").text.split('class="widget pages-widget"')[1].split("</section>")[0]
    assert re.findall(r">([^<]+)</a>", widget) == ["About this blog", "Colophon"]


def test_a_page_without_comments_shows_no_comment_area(client, make_post):
    make_post(title="Contact", page=True, slug="contact", comment_mode=CommentMode.CLOSED)

    assert 'id="comments"' not in client.get("/p/contact").text


def test_readers_comment_on_a_page_that_takes_comments(app, client, make_post):
    timeline = make_post(title="A timeline", page=True, slug="timeline",
                         comment_mode=CommentMode.OPEN)
    write_comment(app, timeline.id, body="You missed March 2019.", name="Mira")

    page = client.get("/p/timeline").text
    sent = client.post(f"/posts/{timeline.id}/comments", data={
        "name": "Omar", "website": "", "body": "And April.", "homepage": "",
        "shown": re.search(r'name="shown" type="hidden" value="([^"]*)"', page).group(1),
        "parent_id": ""})

    assert "You missed March 2019." in page and 'id="comments"' in page
    assert sent.status_code in (302, 303) and "/p/timeline#c" in sent.headers["Location"]
    assert "And April." in client.get("/p/timeline").text


def _main(html: str) -> str:
    """The page's main column (the navigation bar and the sidebar left out)."""
    return html.split('<main id="content"')[1].split("</main>")[0]
