"""Slugs, labels and publication: the rules that keep addresses stable."""

from datetime import timedelta

import pytest

from blog.extensions import db
from blog.models import Author, Post, PostStatus
from blog.posts.publishing import parse_label_names, publish, set_content, unpublish
from blog.posts.slugs import slug_from_title, unique_slug
from blog.utils.database import utcnow


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Price of Oil", "the-price-of-oil"),
        ("Café society, revisited!", "café-society-revisited"),
        ("ما هو الاقتصاد؟", "ما-هو-الاقتصاد"),
        ("שלום עולם", "שלום-עולם"),
        ("   ", "post"),
        ("!!!", "post"),
        ("Iraq’s Protests", "iraqs-protests"),
        ("Iraq's Protests", "iraqs-protests"),
        ("Iraqʼs Protests", "iraqs-protests"),
        ("Don't Stop", "dont-stop"),
    ],
)
def test_slug_from_title(title, slug):
    assert slug_from_title(title) == slug


def test_long_titles_give_slugs_of_bounded_length():
    assert len(slug_from_title("word " * 100)) <= 80


def test_unique_slug_counts_up():
    taken = {"essay", "essay-2"}
    assert unique_slug("essay", taken.__contains__) == "essay-3"
    assert unique_slug("fresh", taken.__contains__) == "fresh"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Economics, Energy", ["Economics", "Energy"]),
        (" Economics ,, economics ,Economics", ["Economics", "economics"]),
        ("Middle   East", ["Middle East"]),
        ("AC/DC", ["AC-DC"]),
        ("طاقة، اقتصاد،مدن", ["طاقة", "اقتصاد", "مدن"]),  # Arabic's comma, as its hint shows
        ("Energy، Economics", ["Energy", "Economics"]),
        ("", []),
    ],
)
def test_parse_label_names(text, names):
    assert parse_label_names(text) == names


@pytest.fixture
def new_post(app, author):
    """A function that adds an unsaved post to the session (inside an app context)."""

    def make(title: str, slug: str = "") -> Post:
        post = Post(author=db.session.get(Author, author))
        db.session.add(post)
        set_content(post, title=title, body="Text.", label_names=["Shared"], slug=slug)
        return post

    with app.app_context():
        yield make


def test_same_title_twice_gets_distinct_slugs(new_post):
    first, second = new_post("Same title"), new_post("Same title")
    db.session.commit()

    assert (first.slug, second.slug) == ("same-title", "same-title-2")
    assert first.labels[0] is second.labels[0]


def test_draft_slug_follows_its_title(new_post):
    post = new_post("Working title")
    set_content(post, title="Final title", body="Text.", label_names=[])

    assert post.slug == "final-title"
    assert post.old_slugs == []


def test_published_slug_survives_a_title_change(new_post):
    post = new_post("Original title")
    publish(post)
    set_content(post, title="A better title", body="Text.", label_names=[])

    assert post.slug == "original-title"


def test_author_changing_a_published_slug_keeps_the_old_one_as_a_redirect(new_post):
    post = new_post("Original title")
    publish(post)
    db.session.commit()

    set_content(post, title="Original title", body="Text.", label_names=[], slug="renamed")
    db.session.commit()

    assert post.slug == "renamed"
    assert [old.slug for old in post.old_slugs] == ["original-title"]


def test_taking_back_an_old_slug_removes_its_redirect(new_post):
    post = new_post("First")
    publish(post)
    set_content(post, title="First", body="x", label_names=[], slug="second")
    set_content(post, title="First", body="x", label_names=[], slug="first")
    db.session.commit()

    assert post.slug == "first"
    assert [old.slug for old in post.old_slugs] == ["second"]


def test_a_slug_once_used_by_another_post_is_not_reused(new_post):
    moved = new_post("Taken")
    publish(moved)
    set_content(moved, title="Taken", body="x", label_names=[], slug="moved")
    db.session.commit()

    newcomer = new_post("Taken")

    assert newcomer.slug == "taken-2"


def test_publish_now_schedule_later_and_unpublish(new_post):
    now = utcnow()
    post = new_post("Timing")

    publish(post, at=now + timedelta(days=1), now=now)
    assert post.status == PostStatus.SCHEDULED
    assert not post.is_visible(now)
    assert post.is_visible(now + timedelta(days=2))

    publish(post, at=now - timedelta(minutes=1), now=now)
    assert post.status == PostStatus.PUBLISHED
    assert post.is_visible(now)

    unpublish(post)
    assert post.status == PostStatus.DRAFT
    assert not post.is_visible(now + timedelta(days=2))
