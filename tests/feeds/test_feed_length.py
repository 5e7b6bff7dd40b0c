"""Every feed carries the 25 newest entries, however long the blog (README, "Feeds"): a
feed reader fetches it every hour, so its size must not grow with the blog."""

from datetime import timedelta

import feedparser
import pytest


@pytest.fixture
def thirty(make_post, make_comment):
    """Thirty posts with one label, an hour apart, and thirty comments on the newest."""
    posts = [make_post(title=f"Essay {number}", labels=("Energy",),
                       published=timedelta(hours=40 - number)) for number in range(30)]
    for number in range(30):
        make_comment(posts[-1].id, name=f"Reader {number}")
    return posts


def entries(client, path) -> list[str]:
    feed = feedparser.parse(client.get(path).data)
    assert not feed.bozo, feed.get("bozo_exception")
    return [entry.title for entry in feed.entries]


def test_every_feed_holds_its_25_newest_entries(client, thirty):
    newest_posts = [f"Essay {number}" for number in range(29, 4, -1)]
    newest_comments = [f"Reader {number} on “Essay 29”" for number in range(29, 4, -1)]

    assert entries(client, "/feeds/posts.atom") == newest_posts
    assert entries(client, "/feeds/posts.rss") == newest_posts
    assert entries(client, "/feeds/label/Energy.atom") == newest_posts
    assert entries(client, "/feeds/comments.atom") == newest_comments
    assert entries(client, f"/feeds/posts/{thirty[-1].id}/comments.atom") == newest_comments
