"""Searching the blog: ranked, highlighted, safe with any query, blind to drafts."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Post, PostStatus
from blog.posts.publishing import move_to_trash, set_content, unpublish
from blog.utils.database import utcnow


def result_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="post-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize("query", ["tariffs", "tariffs grid"])
def test_a_title_match_ranks_above_a_passing_mention(client, make_post, query):
    make_post(title="Notes from a Garden", body="In passing: grid tariffs are everywhere.",
              published=timedelta(hours=1))
    make_post(title="Tariffs and the Grid", body="A longer argument about prices.",
              published=timedelta(days=5))

    html = client.get("/search", query_string={"q": query}).text

    assert result_titles(html) == ["Tariffs and the Grid", "Notes from a Garden"]
    assert "2 posts found." in html


# Every order both ways SQLite can read a group: walking the posts newest first, or
# starting from the matches (the threshold decides; PostgreSQL's planner ignores it).
both_ways = pytest.mark.parametrize("walk_when_over", [0, 1000])


@both_ways
def test_title_then_labels_then_body_and_newest_first_in_each(
        client, make_post, monkeypatch, walk_when_over):
    monkeypatch.setattr("blog.search.queries.WALK_WHEN_OVER", walk_when_over)
    make_post(title="Older tariffs", published=timedelta(days=30))
    make_post(title="Zoning", body="Nothing here.", labels=("Tariffs",),
              published=timedelta(days=1))
    make_post(title="Prices", body="A word on tariffs.", published=timedelta(days=40))
    make_post(title="Newer tariffs", published=timedelta(days=20))
    make_post(title="Markets", body="Tariffs again.", published=timedelta(hours=2))

    html = client.get("/search?q=tariffs").text

    assert result_titles(html) == [
        "Newer tariffs", "Older tariffs", "Zoning", "Markets", "Prices"
    ]


@both_ways
def test_newest_means_published_last_not_written_last(
        client, make_post, monkeypatch, walk_when_over):
    """An imported blog arrives newest first; its posts' ids run against their dates."""
    monkeypatch.setattr("blog.search.queries.WALK_WHEN_OVER", walk_when_over)
    for days in (1, 2, 3):
        make_post(title=f"Essay {days}", body="On ferries.", published=timedelta(days=days))

    assert result_titles(client.get("/search?q=ferries").text) == ["Essay 1", "Essay 2", "Essay 3"]


@both_ways
def test_pages_run_on_from_one_group_into_the_next(
        client, make_post, monkeypatch, walk_when_over):
    monkeypatch.setattr("blog.search.queries.WALK_WHEN_OVER", walk_when_over)
    for number in range(4):
        make_post(title=f"Battery {number}", published=timedelta(days=20 + number))
    for number in range(8):
        make_post(title=f"Note {number}", body="A battery.", published=timedelta(days=number))

    first = result_titles(client.get("/search?q=battery").text)
    second = result_titles(client.get("/search?q=battery&page=2").text)

    assert first == [f"Battery {n}" for n in range(4)] + [f"Note {n}" for n in range(6)]
    assert second == ["Note 6", "Note 7"]


def test_labels_are_searched_too(client, make_post):
    make_post(title="On Zoning", body="Nothing relevant.", labels=("Housing",))

    assert result_titles(client.get("/search?q=housing").text) == ["On Zoning"]


def test_snippets_highlight_the_matching_words(client, make_post):
    make_post(title="Prices", body="Long before that, the <b>grid</b> operator raised prices.")

    html = client.get("/search?q=operator").text

    assert "<mark>operator</mark>" in html
    assert "&lt;b&gt;" not in html  # the snippet is text, not the post's markup


def test_snippets_show_ampersands_and_quotes_as_written(client, make_post):
    make_post(title="Cartoons", body="Tom & Jerry don't chase the zeppelin.")

    html = client.get("/search?q=zeppelin").text

    assert "Tom &amp; Jerry don’t chase the <mark>zeppelin</mark>" in html
    assert "&amp;amp;" not in html

def test_every_word_must_match(client, make_post):
    make_post(title="Grid tariffs", body="About the grid.")
    make_post(title="Grid storage", body="About batteries.")

    assert result_titles(client.get("/search?q=grid+tariffs").text) == ["Grid tariffs"]


def test_arabic_queries_find_arabic_posts(client, make_post):
    make_post(title="الطاقة والمدن", body="مقال عن أسعار الكهرباء في المدن العربية.")

    html = client.get("/search?q=الكهرباء").text

    assert result_titles(html) == ["الطاقة والمدن"]
    assert "<mark>الكهرباء</mark>" in html



def test_a_word_deep_in_a_long_essay_gets_its_snippet(client, make_post):
    filler = "\n\n".join(f"Paragraph {n} about [tariffs](https://example.org/{n}) and prices."
                           for n in range(600))  # about 40 KB of HTML
    make_post(title="A long essay",
              body=f"{filler}\n\nAt last the [zeppelin](https://example.org/z) arrives.")

    html = client.get("/search?q=zeppelin").text

    snippet = re.search(r'<p class="snippet"[^>]*>(.*?)</p>', html, re.S)[1]
    assert "<mark>zeppelin</mark>" in snippet
    assert "href" not in snippet and "&lt;" not in snippet  # no tag, whole or cut


@pytest.mark.parametrize(
    "query",
    ['"', '"unbalanced', "grid)", "(grid", "grid OR", "NOT", "AND AND", "grid*", "*",
     "^grid", "grid NEAR(x)", "title:grid", "-grid", "grid -", "'; DROP TABLE post; --",
     "\\", "%", "_", "&&||!", "<script>alert(1)</script>", "grid\x00", "😀", "x" * 5000,
     "ﷺ", "‮grid", "{}[]", "a:b:c", "NEAR", "\"\"\"\"", "grid:*"],
)
def test_hostile_queries_never_fail(client, make_post, query):
    make_post(title="The grid", body="Grid text.")

    response = client.get("/search", query_string={"q": query})

    assert response.status_code == 200
    assert "<script>alert" not in response.text


def test_drafts_scheduled_and_trashed_posts_are_never_found(app, client, make_post):
    make_post(title="Visible solar essay")
    make_post(title="Draft solar essay", draft=True)
    make_post(title="Future solar essay", published=utcnow() + timedelta(days=1))
    trashed = make_post(title="Trashed solar essay")
    unpublished = make_post(title="Withdrawn solar essay")
    with app.app_context():
        move_to_trash(db.session.get(Post, trashed.id))
        unpublish(db.session.get(Post, unpublished.id))
        db.session.commit()

    assert result_titles(client.get("/search?q=solar").text) == ["Visible solar essay"]


def test_the_index_follows_edits_and_deletions(app, client, make_post):
    post = make_post(title="Original wording", body="About wind.")
    with app.app_context():
        row = db.session.get(Post, post.id)
        set_content(row, title="Revised wording", body="About tides.", label_names=[])
        db.session.commit()

    assert result_titles(client.get("/search?q=tides").text) == ["Revised wording"]
    assert result_titles(client.get("/search?q=wind").text) == []

    with app.app_context():
        db.session.delete(db.session.get(Post, post.id))
        db.session.commit()
    assert result_titles(client.get("/search?q=tides").text) == []


def test_results_are_paged(client, make_post):
    for number in range(12):
        make_post(title=f"Battery note {number}", published=timedelta(days=number + 1))

    first = client.get("/search?q=battery")
    second = client.get("/search?q=battery&page=2")

    assert len(result_titles(first.text)) == 10
    assert len(result_titles(second.text)) == 2
    assert "Older posts" in first.text
    assert client.get("/search?q=battery&page=3").status_code == 404
    assert client.get("/search?q=battery&page=x").status_code == 404


def test_a_word_in_very_many_posts_is_counted_only_so_far(client, make_post, monkeypatch):
    # Counting every match of a common word would cost more than the page itself.
    monkeypatch.setattr("blog.search.queries.COUNT_UP_TO", 3)
    monkeypatch.setattr("blog.search.views.COUNT_UP_TO", 3)
    for number in range(5):
        make_post(title=f"Battery note {number}", published=timedelta(days=number + 1))

    page = client.get("/search?q=battery").text

    assert "More than 3 posts found." in page
    assert len(result_titles(page)) == 5
    assert "1 post found." in client.get("/search?q=battery+note+3").text


def test_no_results_and_an_empty_query_are_friendly(client, author):
    assert "No posts match" in client.get("/search?q=nothing").text
    assert "Search this blog" in client.get("/search").text


def test_the_sidebar_has_a_search_box(client, author):
    html = client.get("/").text

    assert 'role="search"' in html and 'name="q"' in html


def test_a_post_is_hidden_exactly_when_readers_cannot_see_it(app, author):
    """Search leaves out hidden posts; every other page lists visible ones. The two
    rules must split the posts with nothing left over and nothing counted twice."""
    now = utcnow()
    with app.app_context():
        for status in PostStatus:
            for published_at in (None, now - timedelta(days=1), now + timedelta(days=1)):
                for deleted_at in (None, now - timedelta(hours=1)):
                    db.session.add(Post(
                        author_id=author, title="t", slug=f"p{len(db.session.new)}-{status}",
                        status=status, published_at=published_at, deleted_at=deleted_at))
        db.session.commit()
        posts = db.session.scalars(sa.select(Post)).all()
        visible = set(db.session.scalars(sa.select(Post.id).where(Post.visible_clause(now))))
        hidden = set(db.session.scalars(sa.select(Post.id).where(Post.hidden_clause(now))))
        assert set(db.session.scalars(Post.hidden_ids(now))) == hidden

        assert visible.isdisjoint(hidden)
        assert visible | hidden == {post.id for post in posts}
        assert visible == {post.id for post in posts if post.is_visible(now)}


def test_sqlite_reads_each_group_once_and_walks_the_posts_newest_first(
        app, make_post, statements, monkeypatch):
    """A word in every post must not be looked up twice over every post: each group's
    matches are read once and the posts walked newest first; the snippets are made from
    the page's ten posts, without going back to the index (a plan test, as deterministic
    as a count)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan of SQLite's FTS5 query")
    monkeypatch.setattr("blog.search.queries.WALK_WHEN_OVER", 0)
    for number in range(3):
        make_post(title=f"Grid {number}", body="The grid again.")
        make_post(title=f"Note {number}", body="The grid again.", labels=("Grid",))
        make_post(title=f"Aside {number}", body="The grid again.")
    app.test_client().get("/search?q=grid")

    page = next(s for s in statements if "on_page" in s)
    with app.app_context():
        plan = [row[-1] for row in db.session.execute(
            sa.text("EXPLAIN QUERY PLAN " + page.replace("?", "'x'")))]

    full_text_scans = [step for step in plan if re.fullmatch(r"SCAN post_search .*:M\d+", step)]
    lookups_by_id = [step for step in plan if re.fullmatch(r"SCAN post_search .*:=M\d+", step)]
    newest_first = [step for step in plan if "ix_post_published_at_id" in step]
    assert len(full_text_scans) == 3 and not lookups_by_id, plan
    assert len(newest_first) == 3, plan
