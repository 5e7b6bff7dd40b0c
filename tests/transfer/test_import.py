"""Moving in from Blogger and WordPress: everything arrives once, safely, and old links work."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus, Label, LegacyRedirect, Post, PostStatus
from blog.transfer.common import ImportSummary

FIXTURES = Path(__file__).parent / "fixtures"


def run_import(runner, kind, name):
    result = runner.invoke(args=["import", kind, str(FIXTURES / name)])
    return result


def rows(app, model, **where):
    with app.app_context():
        found = db.session.scalars(sa.select(model).filter_by(**where)).all()
        db.session.expunge_all()
        return found


def counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Post, Comment, Label, LegacyRedirect)
        )


@pytest.fixture
def blogger(app, runner, author):
    result = run_import(runner, "blogger", "blogger-classic.xml")
    assert result.exit_code == 0, result.output
    return result


def test_blogger_import_reports_what_it_brought(blogger):
    out = blogger.output
    assert "Imported 3 posts (1 of them drafts), 1 page, 4 comments and 3 new labels." in out
    assert "Skipped" not in out


def test_blogger_posts_keep_titles_dates_labels_and_drafts(app, blogger):
    sadr = rows(app, Post, slug="sadr-returns-to-iraqs-protests-after")[0]
    assert sadr.title == "Sadr Returns To Iraq's Protests After Betraying Them"
    assert sadr.status == PostStatus.PUBLISHED
    # 09:16 at -08:00 is 17:16 UTC.
    assert sadr.published_at == datetime(2020, 2, 1, 17, 16, tzinfo=UTC)
    assert sadr.updated_at == datetime(2020, 2, 3, 22, 27, 33, 781000, tzinfo=UTC)
    with app.app_context():
        labels = {label.name for label in db.session.get(Post, sadr.id).labels}
    assert labels == {"Sadrists", "Protests & Politics", "العراق"}
    draft = rows(app, Post, title="Half-written thoughts on oil")[0]
    assert draft.status == PostStatus.DRAFT and draft.published_at is None


def test_blogger_html_is_sanitised_and_keeps_formatting(app, client, blogger):
    html = client.get("/2020/02/sadr-returns-to-iraqs-protests-after").text

    for danger in ("<script>", "alert(", "onclick", "onerror", "<iframe", "javascript:",
                   'style="'):
        assert danger not in html
    assert '<a href="https://example.org/report" rel="noopener">report</a>' in html
    assert '<img src="https://blogger.googleusercontent.com/img/b/R29v/s320/map.jpg">' in html
    assert "<td>Deaths</td>" in html


def test_blogger_read_more_break_becomes_ours(client, blogger):
    home = client.get("/").text

    assert "Muqtada al-Sadr called his followers back." in home
    assert "The rest of the analysis" not in home
    assert "Read more" in home


def test_blogger_comments_thread_even_when_the_parent_comes_later(app, client, blogger):
    kamal = rows(app, Comment, name="Kamal")[0]
    reply = rows(app, Comment, body="I agree with the reply above.\nSee http://example.net/more")[0]
    author_reply = rows(app, Comment, body="Thanks, Kamal. The numbers bear you out.")[0]

    assert reply.parent_id == kamal.id
    assert author_reply.parent_id == kamal.id and author_reply.author_id is not None
    assert kamal.website == "http://kamal.example.com/"
    assert reply.name == ""  # Blogger's "Anonymous"
    html = client.get("/2020/02/sadr-returns-to-iraqs-protests-after").text
    assert "Anonymous</bdi> said..." in html
    assert 'href="http://example.net/more" rel="nofollow ugc noopener"' in html
    assert '<span class="badge">Author</span>' in html


def test_blogger_removed_comments_stay_as_placeholders(app, blogger):
    source_id = "tag:blogger.com,1999:blog-1234567890123456789.post-2004"
    [removed] = rows(app, Comment, source_id=source_id)

    assert removed.status == CommentStatus.REMOVED and removed.body == ""


def test_old_blogger_addresses_redirect_permanently(client, blogger):
    new = "/2020/02/sadr-returns-to-iraqs-protests-after"
    cases = {
        "/2020/02/sadr-returns-to-iraqs-protests-after.html": new,
        "/2020/02/sadr-returns-to-iraqs-protests-after.html?m=1": None,  # first drops ?m=1
        "/?m=1": "/",
        "/search/label/Sadrists": "/label/Sadrists",
        "/feeds/posts/default": "/feeds/posts.atom",
        "/feeds/posts/default?alt=rss": "/feeds/posts.rss",
        "/feeds/posts/default/-/Sadrists": "/feeds/label/Sadrists.atom",
        "/feeds/comments/default": "/feeds/comments.atom",
        "/2020_02_01_archive.html": "/2020/02/",
    }
    for old, target in cases.items():
        response = client.get(old)
        assert response.status_code == 301, old
        if target:
            assert response.headers["Location"] == target, old
    followed = client.get("/2020/02/sadr-returns-to-iraqs-protests-after.html?m=1",
                          follow_redirects=True)
    assert followed.request.path == new


def test_blogger_arabic_post_keeps_its_blogger_slug_and_redirect(client, blogger):
    response = client.get("/2020/03/blog-post_10.html")

    assert response.status_code == 301
    assert client.get(response.headers["Location"]).status_code == 200


def test_importing_the_same_file_twice_adds_nothing(app, runner, blogger):
    before = counts(app)

    again = run_import(runner, "blogger", "blogger-classic.xml")

    assert again.exit_code == 0
    assert "Imported 0 posts" in again.output
    assert counts(app) == before


def test_a_truncated_file_fails_clearly_and_changes_nothing(app, runner, author, tmp_path):
    whole = (FIXTURES / "blogger-classic.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(whole[: len(whole) // 2])

    result = runner.invoke(args=["import", "blogger", str(cut)])

    assert result.exit_code != 0
    assert "not complete, well-formed XML" in result.output
    assert "line" in result.output and "Nothing was imported" in result.output
    assert counts(app) == (0, 0, 0, 0)


def test_a_file_that_fails_half_way_changes_nothing(app, runner, author, tmp_path):
    broken = (FIXTURES / "blogger-classic.xml").read_text().replace(
        "<published>2020-02-01T21:05:00.000-08:00</published>", "<published>soon</published>"
    )
    path = tmp_path / "broken.xml"
    path.write_text(broken)

    result = runner.invoke(args=["import", "blogger", str(path)])

    assert result.exit_code != 0
    assert "date that cannot be read" in result.output
    assert counts(app) == (0, 0, 0, 0)


def test_entity_expansion_is_refused(app, runner, author, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>')

    result = runner.invoke(args=["import", "blogger", str(bomb)])

    assert result.exit_code != 0
    assert "refused for safety" in result.output


def test_import_needs_an_author(runner):
    result = run_import(runner, "blogger", "blogger-classic.xml")

    assert result.exit_code != 0
    assert "create-author" in result.output


def test_takeout_feed_imports_posts_comments_drafts(app, runner, author, client):
    result = run_import(runner, "blogger", "blogger-takeout.atom")

    assert result.exit_code == 0, result.output
    assert "Imported 2 posts (1 of them drafts), 1 comment " in result.output
    kirkuk = rows(app, Post, slug="kirkuk-after-referendum")[0]
    assert [label.name for label in rows(app, Label)] == ["Kurdistan"]
    assert client.get("/2019/10/kirkuk-after-referendum.html").status_code == 301
    assert rows(app, Comment)[0].post_id == kirkuk.id


@pytest.fixture
def wordpress(app, runner, author):
    result = run_import(runner, "wordpress", "wordpress.xml")
    assert result.exit_code == 0, result.output
    return result


def test_wordpress_import_summary(wordpress):
    out = wordpress.output
    assert "Imported 2 posts (1 of them drafts), 1 page, 4 comments and 2 new labels." in out
    assert "Skipped 1: pingbacks are not comments." in out


def test_wordpress_posts_labels_dates_and_paragraphs(app, client, wordpress):
    post = rows(app, Post, slug="why-the-grid-costs-more")[0]
    assert post.published_at == datetime(2021, 3, 5, 9, 0, tzinfo=UTC)
    html = client.get("/2021/03/why-the-grid-costs-more").text
    assert "<p>The grid is old.</p>" in html
    assert '<h2 id="who-pays">Who pays</h2>' in html or "<h2>Who pays</h2>" in html
    assert "<code>]]&gt;</code>" in html
    assert "onmouseover" not in html and "bad()" not in html
    assert 'href="/label/Grid"' in html and 'href="/label/Tariffs"' in html
    home = client.get("/").text
    assert "It needs money." in home and "Who pays" not in home  # the <!--more--> break


def test_wordpress_comments_keep_status_and_threading(app, wordpress):
    by_name = {c.name: c for c in rows(app, Comment)}
    assert by_name["Henrik"].status == CommentStatus.APPROVED
    assert by_name["Henrik"].body == "I disagree.\n\nStrongly."
    assert by_name["Cheap Pills"].status == CommentStatus.SPAM
    assert by_name["Lena"].status == CommentStatus.PENDING
    assert by_name["Ana Analyst"].parent_id == by_name["Henrik"].id  # the author's reply
    assert by_name["Ana Analyst"].author_id is not None


def test_wordpress_links_redirect(client, wordpress):
    response = client.get("/2021/03/05/why-the-grid-costs-more/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/2021/03/why-the-grid-costs-more"
    assert client.get("/?p=11").headers["Location"] == "/2021/03/why-the-grid-costs-more"


def test_wordpress_import_is_idempotent(app, runner, wordpress):
    before = counts(app)

    assert run_import(runner, "wordpress", "wordpress.xml").exit_code == 0

    assert counts(app) == before


def test_a_file_of_the_wrong_kind_is_named_as_such(runner, author):
    result = run_import(runner, "wordpress", "blogger-classic.xml")

    assert result.exit_code != 0
    assert "is not a WordPress export" in result.output


def test_the_summary_counts_one_and_many_in_whole_sentences(app):
    with app.app_context():
        one = ImportSummary(posts=1, comments=1, labels=1, already_there=1).lines()
        many = ImportSummary(posts=2, drafts=1, pages=2, comments=1_200, labels=2).lines()

    assert one == ["Imported 1 post (0 of them drafts), 1 comment and 1 new label.",
                   "1 item was already in the blog and was left as it is."]
    assert many == ["Imported 2 posts (1 of them drafts), 2 pages, 1,200 comments and 2 new "
                    "labels."]
