"""Reader pages run a fixed, small number of SQL statements, whatever they show.

Counting statements is deterministic where timing is not: an N+1 query (a lazy load in a
loop) shows up here as a number that grows with the blog.
"""

from datetime import timedelta

import pytest

from blog.models import CommentMode, CommentStatus

LABELS = ("Energy", "Cities", "Method")


@pytest.fixture(autouse=True)
def no_page_cache(app, blog_language):
    """Count what making a page costs, not what serving it from the page cache costs, in
    each language the blog ships: translation costs no statement."""
    app.config["PAGE_CACHE_SIZE"] = 0


def fill(make_post, make_comment, posts: int, comments: int):
    made = [make_post(title=f"Essay {n}", labels=LABELS, published=timedelta(days=n + 1))
            for n in range(posts)]
    page = make_post(title=f"Timeline of {posts}", page=True, nav_position=1,
                     comment_mode=CommentMode.OPEN)
    parent = None
    for n in range(comments):
        parent = make_comment(made[0].id, name=f"Reader {n}", status=CommentStatus.APPROVED,
                              parent_id=parent if n % 3 else None)
        make_comment(page.id, name=f"Reader {n}", status=CommentStatus.APPROVED)
    made[0].page_path = page.path
    return made[0]


def reader_pages(post) -> dict[str, str]:
    return {
        "home": "/",
        "post with comments": post.path,
        "page with comments": post.page_path,
        "archive month": post.path[:9],
        "label": "/label/Energy",
        "Atom feed": "/feeds/posts.atom",
        "label feed": "/feeds/label/Energy.atom",
        "comments feed": "/feeds/comments.atom",
        "search": "/search?q=essay",
    }


def count_per_page(client, statements, pages) -> dict[str, int]:
    counts = {}
    for name, path in pages.items():
        client.get(path)  # the first view after a change also builds the sidebar
        statements.clear()
        assert client.get(path).status_code == 200, path
        counts[name] = len(statements)
    return counts


def test_reader_pages_run_at_most_four_statements(client, make_post, make_comment, statements):
    post = fill(make_post, make_comment, posts=25, comments=50)

    counts = count_per_page(client, statements, reader_pages(post))

    assert max(counts.values()) <= 4, counts


def test_statement_counts_do_not_grow_with_the_blog(
    app, client, make_post, make_comment, statements
):
    small = count_per_page(client, statements, reader_pages(fill(make_post, make_comment, 2, 2)))
    big_post = fill(make_post, make_comment, posts=30, comments=60)

    big = count_per_page(client, statements, reader_pages(big_post))

    assert big == small


def test_the_first_view_after_a_change_adds_only_the_sidebar_and_settings(
    client, make_post, make_comment, statements
):
    post = fill(make_post, make_comment, posts=5, comments=5)
    client.get("/")
    make_comment(post.id, body="A change.")
    statements.clear()

    client.get("/")

    # + the settings stored in the blog, the navigation bar's pages, and the sidebar's
    # author, archive and labels
    assert len(statements) <= 4 + 5


def test_get_requests_never_write(client, make_post, make_comment, statements):
    post = fill(make_post, make_comment, posts=3, comments=3)
    statements.clear()

    for path in reader_pages(post).values():
        client.get(path)

    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE",
                                                                        "DELETE"))]
    assert writes == []


def test_a_thread_too_long_for_one_page_adds_two_statements(
    app, client, make_post, make_comment, statements
):
    app.config["COMMENTS_PER_PAGE"] = 10
    post = fill(make_post, make_comment, posts=2, comments=40)

    counts = count_per_page(client, statements, {
        "post, first page": post.path, "post, third page": f"{post.path}?cpage=3",
        "page, last page": f"{post.page_path}?cpage=4"})

    # The first page: the first comments, as for any post, then every comment's id and
    # parent, then the rest of the page. The others: ids and parents, then the page. A
    # standing page has no neighbours to find.
    assert counts == {"post, first page": 6, "post, third page": 5, "page, last page": 4}
