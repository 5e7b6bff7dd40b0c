"""Pages moving in: Blogger's /p/ pages and WordPress's pages (children under their
parents) arrive as pages, drafts as drafts, with their comment threads, and every old
address of a page leads to it."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, Post, PostKind, PostStatus

FIXTURES = Path(__file__).parent / "fixtures"


def imported(runner, kind, name):
    result = runner.invoke(args=["import", kind, str(FIXTURES / name)])
    assert result.exit_code == 0, result.output
    return result.output


def pages(app) -> dict[str, Post]:
    with app.app_context():
        found = db.session.scalars(sa.select(Post).where(Post.kind == PostKind.PAGE)).all()
        db.session.expunge_all()
        return {page.title: page for page in found}


def thread(app, page: Post) -> list[tuple[str, str | None]]:
    """Each comment's text, and the text of the one it answers."""
    with app.app_context():
        comments = db.session.scalars(
            sa.select(Comment).where(Comment.post_id == page.id).order_by(Comment.created_at)
        ).all()
        return [(c.body, c.parent.body if c.parent else None) for c in comments]


def lands_on(client, old: str) -> str:
    """Where ``old`` leads, through permanent redirects only (at most two), to a 200."""
    answer, path = client.get(old), old
    assert answer.status_code == 301, old
    for _ in range(2):
        if answer.status_code != 301:
            break
        path = answer.headers["Location"].removeprefix("http://localhost")
        answer = client.get(path)
    assert answer.status_code == 200, path
    return path


@pytest.fixture
def blogger(app, runner, author):
    return imported(runner, "blogger", "blogger-pages.xml")


def test_blogger_pages_arrive_as_pages(app, blogger):
    found = pages(app)

    assert "Imported 1 post (0 of them drafts), 3 pages (1 of them drafts)" in blogger
    assert set(found) == {"A Timeline of the Protests", "من أنا", "Sources I use (unfinished)"}
    timeline = found["A Timeline of the Protests"]
    assert timeline.slug == "timeline" and timeline.status == PostStatus.PUBLISHED
    assert "<script" not in timeline.body_html and "the first marches" in timeline.body_html
    assert found["Sources I use (unfinished)"].status == PostStatus.DRAFT
    assert all(page.nav_position is None for page in found.values())


def test_comments_on_a_blogger_page_keep_their_thread(app, blogger):
    timeline = pages(app)["A Timeline of the Protests"]

    assert thread(app, timeline) == [
        ("You forgot the Tahrir sit-in.", None),
        ("Added, thank you.", "You forgot the Tahrir sit-in."),
    ]


def test_a_page_with_comments_shows_them_and_the_home_page_does_not(app, client, blogger):
    page = client.get("/p/timeline").text
    home = client.get("/").text

    assert "You forgot the Tahrir sit-in." in page and "Added, thank you." in page
    assert "Electricity in the summer" in home and "A Timeline of the Protests" not in home


def test_old_blogger_page_addresses_lead_to_the_pages(client, blogger):
    assert lands_on(client, "/p/timeline.html") == "/p/timeline"
    assert lands_on(client, "/p/blog-page.html") == "/p/blog-page"
    assert lands_on(client, "/p/timeline.html?m=1") == "/p/timeline"


@pytest.fixture
def wordpress(app, runner, author):
    return imported(runner, "wordpress", "wordpress-pages.xml")


def test_wordpress_child_pages_keep_their_parents_slug(app, wordpress):
    found = pages(app)

    assert "Imported 1 post (0 of them drafts), 3 pages (1 of them drafts)" in wordpress
    assert found["About"].slug == "about"
    assert found["The team"].slug == "about-team"
    assert found["Press kit"].status == PostStatus.DRAFT


def test_a_wordpress_page_thread_comes_with_it(app, wordpress):
    team = pages(app)["The team"]

    assert thread(app, team) == [
        ("Are you hiring?", None),
        ("Not this year, sorry.", "Are you hiring?"),
    ]
    with app.app_context():
        reply = db.session.scalar(sa.select(Comment).where(Comment.body.like("Not this%")))
        assert reply.author_id is not None  # the page's author answered


def test_old_wordpress_page_addresses_lead_to_the_pages(client, wordpress):
    assert lands_on(client, "/about/") == "/p/about"
    assert lands_on(client, "/about/team/") == "/p/about-team"
    assert lands_on(client, "/?page_id=41") == "/p/about-team"
    assert client.get("/?page_id=42").status_code == 301  # the draft: home, not the draft
    assert lands_on(client, "/?page_id=42") == "/"


def test_importing_twice_adds_no_second_page(app, runner, author, wordpress):
    again = imported(runner, "wordpress", "wordpress-pages.xml")

    assert "Imported 0 posts (0 of them drafts), 0 comments" in again
    assert len(pages(app)) == 3


def test_takeout_pages_arrive_with_their_comments(app, client, runner, author):
    out = imported(runner, "blogger", "blogger-takeout-pages.atom")
    found = pages(app)

    assert "Imported 0 posts (0 of them drafts), 2 pages (1 of them drafts), 2 comments" in out
    assert found["Reading list"].status == PostStatus.DRAFT
    assert thread(app, found["Contact"]) == [
        ("Is e-mail best?", None), ("Yes, e-mail.", "Is e-mail best?")]
    assert lands_on(client, "/p/contact.html") == "/p/contact"
