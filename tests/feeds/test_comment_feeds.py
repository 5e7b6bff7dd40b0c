"""Comment feeds: valid Atom that feed readers parse, with stable ids."""

import feedparser

from blog.extensions import db
from blog.models import CommentStatus, Post
from blog.posts.publishing import settle_slug


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_blog_comment_feed_lists_approved_comments_newest_first(client, make_post, make_comment):
    post = make_post(title="On Tariffs")
    make_comment(post.id, name="Early", body="First!")
    make_comment(post.id, name="Late", body="Second <b>thoughts</b> https://example.org")
    make_comment(post.id, name="Held", status=CommentStatus.PENDING)
    draft = make_post(title="Secret", draft=True)
    make_comment(draft.id, name="Hidden")

    feed = parse(client, "/feeds/comments.atom")

    assert [entry.author for entry in feed.entries] == ["Late", "Early"]
    late = feed.entries[0]
    assert late.title == "Late on “On Tariffs”"
    assert late.link.startswith("http://localhost" + post.path + "#c")
    assert "&lt;b&gt;thoughts&lt;/b&gt;" in late.content[0].value
    assert 'href="https://example.org"' in late.content[0].value
    assert late.id.startswith("tag:localhost,2026:comment/")


def test_post_comment_feed_and_its_autodiscovery_link(client, make_post, make_comment):
    post, other = make_post(title="This one"), make_post(title="Other")
    make_comment(post.id, name="Here")
    make_comment(other.id, name="There")

    feed = parse(client, f"/feeds/posts/{post.id}/comments.atom")

    assert [entry.author for entry in feed.entries] == ["Here"]
    assert f'href="/feeds/posts/{post.id}/comments.atom"' in client.get(post.path).text


def test_comment_ids_survive_a_slug_change(app, client, make_post, make_comment):
    post = make_post(title="Before")
    make_comment(post.id)
    before = parse(client, "/feeds/comments.atom").entries[0].id
    with app.app_context():
        settle_slug(db.session.get(Post, post.id), "after")
        db.session.commit()

    after = parse(client, "/feeds/comments.atom").entries[0]

    assert after.id == before
    assert after.link.endswith("/after#c1")


def test_feed_of_an_unpublished_post_is_404(client, make_post):
    draft = make_post(draft=True)

    assert client.get(f"/feeds/posts/{draft.id}/comments.atom").status_code == 404
    assert client.get("/feeds/posts/999/comments.atom").status_code == 404


def test_empty_feed_is_still_valid(client, author):
    assert parse(client, "/feeds/comments.atom").entries == []
