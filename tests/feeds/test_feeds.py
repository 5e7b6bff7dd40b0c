"""Post feeds, the sitemap, robots.txt and what link previews read."""

import json
import re
import time
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest

from blog.extensions import db
from blog.models import Post
from blog.posts.publishing import set_content, settle_slug
from blog.utils.database import utcnow


def parse(client, path, kind="atom"):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(f"application/{kind}+xml")
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def posts(make_post):
    old = make_post(title="Older essay", body="Old text.", labels=("Energy",),
                    published=datetime(2020, 1, 5, 9, tzinfo=UTC))
    new = make_post(title="Newer essay", body="New text.\n\n![Chart](/uploads/abc.png)",
                    labels=("Cities",), published=datetime(2020, 2, 1, 9, tzinfo=UTC))
    make_post(title="Unfinished draft", draft=True, labels=("Energy",))
    make_post(title="Not yet", published=utcnow() + timedelta(days=1), labels=("Energy",))
    return old, new


def test_atom_feed_has_whole_posts_newest_first_without_drafts(client, posts):
    feed = parse(client, "/feeds/posts.atom")

    assert [entry.title for entry in feed.entries] == ["Newer essay", "Older essay"]
    newer = feed.entries[0]
    assert newer.link == "http://localhost/2020/02/newer-essay"
    assert 'src="http://localhost/uploads/abc.png"' in newer.content[0].value
    assert newer.published_parsed[:3] == (2020, 2, 1)
    assert [tag.term for tag in newer.tags] == ["Cities"]
    assert newer.id.startswith("tag:localhost,2026:post/")


def test_rss_feed_parses_and_carries_the_same_posts(client, posts):
    feed = parse(client, "/feeds/posts.rss", kind="rss")

    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Newer essay", "Older essay"]
    assert feed.entries[0].id.startswith("tag:localhost,2026:post/")


def test_label_feed_lists_only_that_label(client, posts):
    feed = parse(client, "/feeds/label/Energy.atom")

    assert [entry.title for entry in feed.entries] == ["Older essay"]
    assert client.get("/feeds/label/Nothing.atom").status_code == 404


def test_an_edited_post_keeps_its_id_and_moves_its_updated_date(app, client, posts):
    old, _ = posts
    before = {e.title: e for e in parse(client, "/feeds/posts.atom").entries}["Older essay"]

    with app.app_context():
        post = db.session.get(Post, old.id)
        set_content(post, title="Older essay", body="Corrected text.", label_names=["Energy"])
        settle_slug(post, "older-essay-corrected")
        db.session.commit()
    after = {e.title: e for e in parse(client, "/feeds/posts.atom").entries}["Older essay"]

    assert after.id == before.id
    assert after.published_parsed == before.published_parsed
    assert time.mktime(after.updated_parsed) > time.mktime(before.updated_parsed)
    assert "Corrected text." in after.content[0].value


def test_every_page_links_its_feeds(client, posts):
    html = client.get("/").text

    assert 'title="Notes on Things (Atom)" href="/feeds/posts.atom"' in html
    assert 'type="application/rss+xml"' in html and 'href="/feeds/posts.rss"' in html
    assert 'href="/feeds/label/Energy.atom"' in client.get("/label/Energy").text


def test_sitemap_lists_published_posts_archives_and_labels(client, posts):
    response = client.get("/sitemap.xml")
    tree = ElementTree.fromstring(response.data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text
               for u in tree.findall("s:url", ns)}

    assert set(entries) == {
        "http://localhost/",
        "http://localhost/2020/01/older-essay",
        "http://localhost/2020/02/newer-essay",
        "http://localhost/2020/",
        "http://localhost/2020/01/",
        "http://localhost/2020/02/",
        "http://localhost/label/Energy",
        "http://localhost/label/Cities",
    }
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", v) for v in entries.values())


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").text

    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /\n" not in text


def test_post_pages_describe_themselves_to_link_previews_and_search_engines(client, posts):
    _, new = posts

    html = client.get(new.path).text

    assert '<meta property="og:title" content="Newer essay">' in html
    assert '<meta property="og:url" content="http://localhost/2020/02/newer-essay">' in html
    assert '<meta property="og:image" content="http://localhost/uploads/abc.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                html, re.S).group(1))
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Newer essay"
    assert data["author"]["name"] == "Ana Analyst"
    assert data["datePublished"].startswith("2020-02-01T09:00:00")
    assert data["description"] == "New text."


def test_json_ld_cannot_be_broken_out_of(client, make_post):
    post = make_post(title="</script><script>alert(1)</script>")

    html = client.get(post.path).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)

    assert "<script>alert(1)" not in html
    assert json.loads(block.group(1))["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("path", ["/feeds/posts.atom", "/feeds/posts.rss", "/feeds/comments.atom"])
def test_a_query_with_characters_xml_refuses_leaves_the_feed_alone(client, make_post, path):
    make_post()

    response = client.get(f"{path}?utm=%EF%BF%BF%00")

    assert response.status_code == 200
    assert "utm" not in response.text


def test_non_characters_typed_into_a_post_never_reach_the_feed(client, logged_in):
    # U+FFFF and U+FFFE are not characters, and XML refuses them.
    client.post("/dashboard/posts/new", data={
        "title": "Odd\uffff title", "body": "Te\ufffext", "labels": "La\uffffbel", "publish": "1"})

    feed = parse(client, "/feeds/posts.atom")

    assert feed.entries[0].title == "Odd title"
    assert client.get("/feeds/label/Label.atom").status_code == 200


@pytest.mark.parametrize(("language", "og_locale"), [
    ("en", "en_US"), ("ar", "ar_EG"), ("de", "de_DE"), ("de-CH", "de_CH"),
])
def test_link_previews_are_told_the_blogs_language_with_its_likely_territory(
    app, client, posts, language, og_locale
):
    _, new = posts
    app.config["LANGUAGE"] = language

    html = client.get(new.path).text

    assert f'<meta property="og:locale" content="{og_locale}">' in html
