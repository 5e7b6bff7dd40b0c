"""The dashboard as a home (issue 17): what waits for the author, then the posts list,
filtered and paged, within six statements a page at 2,000 posts."""

import re
from datetime import timedelta
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from blog.dashboard.queries import (
    PostFilter,
    held_comments,
    label_counts,
    post_page,
    read_filter,
    status_counts,
    waiting_posts,
)
from blog.extensions import db
from blog.models import Comment, CommentStatus, Label, Post, PostStatus, post_labels
from blog.utils.database import utcnow
from tests.helpers import AuthActions, blog_app, create_author, record_statements

POSTS = 2000
LABELS = ("Energy", "Cities", "Method", "Water", "Books")
SESSION = "SELECT login_session."  # the log-in and its author: every dashboard page pays it
BUDGET = 6


def kind_of(n: int) -> str:
    """What post ``n`` of the big blog is: 100 drafts, 40 scheduled, 20 in the trash."""
    if n % 20 == 0:
        return "draft"
    if n % 50 == 1:
        return "scheduled"
    if n % 100 == 2:
        return "trash"
    return "published"


def title_of(n: int) -> str:
    special = {7: "Growth to 100% renewables", 9: "Naming snake_case things",
               11: "Why 100 percent is hard", 13: "Naming snakeXcase things"}
    return special.get(n, f"Essay {n} on {LABELS[n % 5].lower()}")


def labels_of(n: int) -> list[str]:
    return [LABELS[n % 5], *([LABELS[(n + 1) % 5]] if n % 3 == 0 else [])]


def fill(author_id: int, now) -> SimpleNamespace:
    """2,000 posts, their labels and some comments, in one bulk insert each."""
    rows = []
    for n in range(POSTS):
        kind = kind_of(n)
        rows.append({
            "author_id": author_id, "title": title_of(n), "slug": f"essay-{n}",
            "body": "Text.", "body_html": "<p>Text.</p>", "excerpt": "Text.",
            "status": {"draft": PostStatus.DRAFT, "scheduled": PostStatus.SCHEDULED}.get(
                kind, PostStatus.PUBLISHED),
            "published_at": (None if kind == "draft" else
                             now + timedelta(hours=n + 1) if kind == "scheduled" else
                             now - timedelta(hours=n + 1)),
            "created_at": now - timedelta(days=4000),
            "updated_at": now - timedelta(minutes=n),  # post 0 changed last
            "deleted_at": now - timedelta(days=1) if kind == "trash" else None,
        })
    # Scheduled once, and due by now: published, as Post.current_status says.
    rows[3]["status"] = PostStatus.SCHEDULED
    ids = db.session.scalars(
        sa.insert(Post).returning(Post.id, sort_by_parameter_order=True), rows).all()
    label_ids = dict(zip(
        [*LABELS, "Only in the trash", "Unused"],
        db.session.scalars(sa.insert(Label).returning(Label.id, sort_by_parameter_order=True),
                           [{"name": name} for name in [*LABELS, "Only in the trash",
                                                        "Unused"]]).all(),
        strict=True,
    ))
    links = [{"post_id": ids[n], "label_id": label_ids[name]}
             for n in range(POSTS) for name in labels_of(n)]
    links.append({"post_id": ids[2], "label_id": label_ids["Only in the trash"]})
    db.session.execute(sa.insert(post_labels), links)
    comments = [  # approved on post 5, held here and there, spam that never counts
        *({"post_id": ids[5], "body": f"Agreed {k}.", "status": CommentStatus.APPROVED,
           "created_at": now - timedelta(hours=k)} for k in range(3)),
        *({"post_id": ids[10 + k], "name": f"Reader {k}" if k else "  ",
           "body": f"Held comment {k}. " + "More words here. " * 20,
           "status": CommentStatus.PENDING, "created_at": now - timedelta(minutes=k)}
          for k in range(7)),
        {"post_id": ids[5], "body": "Buy now.", "status": CommentStatus.SPAM,
         "created_at": now},
    ]
    db.session.execute(sa.insert(Comment), comments)
    db.session.commit()
    return SimpleNamespace(ids=ids, number={post_id: n for n, post_id in enumerate(ids)})


def live(kind: str | None = None, label: str | None = None, words: tuple[str, ...] = ()):
    """The numbers of the posts a filter should give, changed last first."""
    return [n for n in range(POSTS)
            if kind_of(n) != "trash"
            and (kind is None or kind_of(n) == kind)
            and (label is None or label in labels_of(n))
            and all(word.lower() in title_of(n).lower() for word in words)]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A blog of 2,000 posts (read only: the tests here share it), its author logged in."""
    with blog_app(tmp_path_factory.mktemp("big")) as app:
        author_id = create_author(app)
        with app.app_context():
            blog = fill(author_id, utcnow())
        blog.app = app
        blog.client = app.test_client()
        assert AuthActions(blog.client).login().status_code == 302
        blog.statements = []
        record_statements(app, blog.statements)
        yield blog


def listed(big, html: str) -> list[int]:
    """The numbers of the posts in the page's table, in order."""
    table = html[html.index('<table class="post-table">'):html.index("</table>")]
    ids = dict.fromkeys(int(found) for found in re.findall(r"/dashboard/posts/(\d+)/edit", table))
    return [big.number[post_id] for post_id in ids]


def next_link(html: str) -> str | None:
    found = re.search(r'<a class="pager-older" rel="next" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize(("query", "kind", "label", "words"), [
    ("", None, None, ()),
    ("?status=draft", "draft", None, ()),
    ("?status=scheduled", "scheduled", None, ()),
    ("?status=published&label=Water", "published", "Water", ()),
    ("?label=Cities&q=ESSAY+1", None, "Cities", ("essay", "1")),
    ("?q=on+energy+essay", None, None, ("on", "energy", "essay")),
])
def test_each_filter_lists_the_right_posts_and_says_how_many(big, query, kind, label, words):
    expected = live(kind, label, words)

    html = big.client.get(f"/dashboard{query}").text

    assert listed(big, html) == expected[:25]
    assert f"{len(expected):,} posts {'match' if query else 'in all'}" in html


def test_the_filter_form_counts_each_status_and_label(big):
    html = big.client.get("/dashboard?label=Energy").text

    for value, name in (("draft", "Drafts"), ("scheduled", "Scheduled"),
                        ("published", "Published")):
        assert f'<option value="{value}">{name} ({len(live(value, "Energy")):,})</option>' in html
    assert f'All ({len(live(label="Energy")):,})' in html
    assert f'<option value="Energy" selected>Energy ({len(live(label="Energy"))})' in html
    assert f'<option value="Books">Books ({len(live(label="Books"))})' in html
    assert "Only in the trash" not in html and "Unused" not in html  # labels in use only
    for text in ('<label for="filter-status">Status</label>',
                 '<label for="filter-label">Label</label>',
                 '<label for="filter-words">Words in the title</label>',
                 '<button type="submit" class="button">Show posts</button>'):
        assert text in html


@pytest.mark.parametrize(("words", "numbers"), [
    ("100%", [7]),  # not every title with "100": "%" is no wildcard
    ("snake_case", [9]),  # nor is "_": "snakeXcase" stays out
    ("  naming   SNAKE_CASE ", [9]),
    ("100", None),  # 7, 11, 100, 1000 to 1099 and 1100, but for the drafts among them
])
def test_words_in_the_title_are_matched_literally_and_without_case(big, words, numbers):
    html = big.client.get("/dashboard", query_string={"q": words}).text

    assert listed(big, html) == (numbers or live(words=("100",))[:25])


def test_pages_keep_the_filters_to_the_last_one(big):
    expected = live("published", "Method", ("essay",))
    url, seen, pages = "/dashboard?status=published&label=Method&q=essay", [], 0

    while url:
        html = big.client.get(url).text
        seen += listed(big, html)
        pages += 1
        assert pages <= 100, "a next link on every page"
        url = next_link(html)
        if url:
            assert parse_qs(urlsplit(url).query) == {
                "status": ["published"], "label": ["Method"], "q": ["essay"],
                "page": [str(pages + 1)]}

    assert seen == expected and pages == -(-len(expected) // 25)
    assert f"Page {pages} of {pages}" in html


@pytest.mark.parametrize("query", [
    "", "?page=2", "?page=40", "?status=draft", "?status=scheduled&page=2",
    "?status=published&label=Energy&q=essay", "?status=published&label=Energy&q=essay&page=3",
    "?label=Books&q=on+books+essay+1", "?q=100%25", "?label=Nowhere&status=bogus",
    "?q=nothing+matches+this",
])
def test_every_dashboard_page_runs_within_six_statements(big, query):
    big.client.get(f"/dashboard{query}")  # the first view after a change reads the settings
    big.statements.clear()

    response = big.client.get(f"/dashboard{query}")

    assert response.status_code == 200
    own = [s for s in big.statements if not s.lstrip().startswith(SESSION)]
    # The session's own: the log-in with its author. The site version is counted too.
    assert len(big.statements) - len(own) == 1
    assert len(own) <= BUDGET, "\n\n".join(own)


def test_held_comments_drafts_and_scheduled_posts_wait_at_the_top(big):
    html = big.client.get("/dashboard").text
    waiting = html[html.index("Waiting for you"):html.index('id="posts-heading"')]

    assert "Comments waiting for approval (7)" in waiting
    for k in range(5):  # the newest five, newest first
        assert f"Held comment {k}." in waiting
    assert "Held comment 5." not in waiting
    assert waiting.index("Held comment 0.") < waiting.index("Held comment 4.")
    assert "<bdi>Anonymous</bdi> on “<bdi>Essay 10 on energy</bdi>”" in waiting
    assert "<bdi>Reader 1</bdi>" in waiting and "More words here." in waiting
    assert waiting.count("More words here.") < 5 * 20  # the start of each text only
    assert 'href="/dashboard/comments"' in waiting

    drafts = live("draft")
    assert f"Drafts ({len(drafts)})" in waiting
    shown = [int(n) for n in re.findall(r">Essay (\d+) on \w+</a>, last changed", waiting)]
    assert shown == drafts[:5]
    assert f"All {len(drafts)} drafts" in waiting

    scheduled = sorted(live("scheduled"))  # the soonest is the lowest number
    assert f"Scheduled ({len(scheduled)})" in waiting
    shown = [int(n) for n in re.findall(r">Essay (\d+) on \w+</a> appears", waiting)]
    assert shown == scheduled[:10]
    assert f"All {len(scheduled)} scheduled posts" in waiting


@pytest.mark.parametrize(("query", "status", "says"), [
    ("?status=bogus", 200, "There is no status “<bdi>bogus</bdi>”"),
    ("?label=Nowhere", 200, "No post carries the label “<bdi>Nowhere</bdi>”"),
    ("?label=Only+in+the+trash", 200, "No post carries the label"),
    ("?status=draft&q=zzz", 200, "No posts match these filters."),
    ("?q=" + "long+" * 2000, 200, "No posts match"),
    ("?q=%00%01&label=%00", 200, "posts in all"),
    ("?status=draft&status=x&label=Energy&label=Cities", 200, "posts match"),
    ("?page=abc", 404, "Page not found"),
    ("?page=0", 404, "Page not found"),
    ("?page=-1", 404, "Page not found"),
    ("?page=81", 404, "Page not found"),  # 1,980 live posts make 80 pages
    ("?status=draft&page=5", 404, "Page not found"),
    ("?page=99999999999999999999", 404, "Page not found"),
])
def test_bad_filter_values_never_end_in_a_500(big, query, status, says):
    response = big.client.get(f"/dashboard{query}")

    assert response.status_code == status
    assert says in response.text
    assert "Traceback" not in response.text


def test_an_empty_result_offers_to_clear_the_filters(big):
    html = big.client.get("/dashboard?q=no+such+title").text

    assert "No posts match these filters." in html
    assert '<a href="/dashboard">Clear the filters</a>' in html
    assert '<table class="post-table">' not in html


def test_the_queries_answer_without_a_request(big):
    now = utcnow()
    chosen = PostFilter(status="published", label="Energy", text="essay")
    with big.app.app_context():
        counts = status_counts(chosen, now)
        labels = {label.name: label.posts for label in label_counts(chosen, now)}
        page, counts_of = post_page(chosen, now, page=2, per_page=25)
        held = held_comments()
        waiting = waiting_posts(now)
        five = big.ids[5]
        _, five_counts = post_page(PostFilter(text="Essay 5 on"), now, 1, 25)

    assert counts.total == {kind: len(live(kind)) for kind in ("draft", "scheduled", "published")}
    assert counts.total == {"draft": 100, "scheduled": 40, "published": 1840}
    assert counts.matches("published") == len(live("published", "Energy", ("essay",)))
    assert labels["Books"] == len(live("published", "Books", ("essay",)))
    assert [big.number[post.id] for post in page.items] == live(
        "published", "Energy", ("essay",))[25:50]
    assert all(count.comments == 0 for count in counts_of.values())
    assert five_counts[five].comments == 3  # approved only: the spam is not counted
    assert held.count == 7 and [c.name for c in held.newest][:2] == ["Anonymous", "Reader 1"]
    assert len(waiting.drafts) == 5 and len(waiting.scheduled) == 10


@pytest.mark.parametrize(("args", "expected"), [
    ({}, PostFilter()),
    ({"status": "draft", "q": "  a   b "}, PostFilter(status="draft", text="a b")),
    ({"status": "nope"}, PostFilter(ignored_status="nope")),
    ({"label": " Energy\x00 "}, PostFilter(label="Energy")),
    ({"q": "x" * 500}, PostFilter(text="x" * 200)),
])
def test_reading_the_filters(args, expected):
    assert read_filter(args) == expected


def test_title_words_are_capped_and_counted_once():
    chosen = read_filter({"q": "a A b " + " ".join(f"w{n}" for n in range(30))})

    assert chosen.words[:2] == ["a", "b"] and len(chosen.words) == 10


# --- Small blogs, one a test ----------------------------------------------------------------


def test_nothing_waiting_says_so_calmly(client, logged_in, make_post):
    make_post(title="Out already")

    html = client.get("/dashboard").text

    assert ("Nothing is waiting for you: no comments to approve, no drafts, nothing "
            "scheduled.") in html
    assert "Comments waiting for approval" not in html and "<h3>Drafts (" not in html


def test_scheduled_times_are_shown_in_the_blogs_time_zone(app, client, logged_in, make_post):
    app.config["TIMEZONE"] = "Asia/Kolkata"
    when = utcnow().replace(microsecond=0) + timedelta(days=2)
    make_post(title="Soon", published=when)

    html = client.get("/dashboard").text

    local = when.astimezone(ZoneInfo("Asia/Kolkata"))
    assert f'datetime="{local.isoformat()}"' in html
    assert "Times are in the blog's time zone, Asia/Kolkata." in html


def test_held_comments_count_as_the_moderation_page_counts_them(
    app, client, logged_in, make_post, make_comment
):
    make_post(title="Still here")
    gone = make_post(title="Gone")
    make_comment(gone.id, name="رانيا", body="مرحبا بكم", status=CommentStatus.PENDING)
    with app.app_context():
        db.session.get(Post, gone.id).deleted_at = utcnow()  # its comments wait in the trash
        db.session.commit()

    html = client.get("/dashboard").text

    assert "Comments waiting for approval (1)" in html
    assert "<bdi>رانيا</bdi> on “<bdi>Gone</bdi>”" in html and '<q dir="auto">مرحبا بكم</q>' in html
    assert "Pending (1)" in client.get("/dashboard/comments").text


def test_an_empty_blog_still_offers_its_first_steps(client, logged_in):
    html = client.get("/dashboard").text

    assert "Write your first post" in html and "Fill the blog with sample essays" in html
    assert "Waiting for you" not in html
