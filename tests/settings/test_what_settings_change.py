"""Each setting on the settings page changes what readers get, at once: posts per page,
the language, the footer, feeds with summaries, asking search engines to stay away, and
the comment rules."""

import re

import feedparser
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus
from blog.settings import EDITABLE
from tests.helpers import blog_app, create_author, write_post


@pytest.fixture
def blog(tmp_path):
    """A blog whose configuration fixes none of the settings the author may change."""
    with blog_app(tmp_path, unfixed=tuple(EDITABLE)) as app:
        yield app


@pytest.fixture
def author_id(blog):
    return create_author(blog)


@pytest.fixture
def store(blog):
    runner = blog.test_cli_runner()

    def store(name: str, value: str):
        result = runner.invoke(args=["settings", "set", name, value])
        assert result.exit_code == 0, result.output

    return store


@pytest.fixture
def reader(blog):
    return blog.test_client(use_cookies=False)


def send_comment(client, post, **fields):
    page = client.get(post.path).text
    token = re.search(r'name="shown" type="hidden" value="([^"]*)"', page)
    data = {"name": "Reader", "website": "", "body": "A thoughtful remark.", "homepage": "",
            "shown": token.group(1) if token else "", "parent_id": ""} | fields
    return client.post(f"/posts/{post.id}/comments", data=data)


def statuses(blog) -> list[CommentStatus]:
    with blog.app_context():
        return list(db.session.scalars(sa.select(Comment.status).order_by(Comment.id)))


def test_posts_per_page_pages_the_home_page(blog, author_id, store, reader):
    for number in range(5):
        write_post(blog, author_id, title=f"Essay {number}")

    store("POSTS_PER_PAGE", "2")
    home = reader.get("/").text

    assert home.count('class="post-title"') == 2 or home.count("<article") == 2
    assert reader.get("/?page=3").status_code == 200
    assert reader.get("/?page=4").status_code == 404


def test_the_language_is_the_pages_language(store, reader):
    store("LANGUAGE", "de_ch")

    assert '<html lang="de-CH"' in reader.get("/").text


def test_the_footer_is_markdown_made_safe(store, reader):
    store("FOOTER", "© Ana. [Licence](https://creativecommons.org/licenses/by/4.0/) "
                    "<script>alert(1)</script> [x](javascript:alert(2))")
    footer = reader.get("/").text.split('<footer class="site-footer">')[1]

    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener">Licence</a>' \
        in footer
    assert "<script" not in footer and "javascript:" not in footer


def test_feeds_can_carry_summaries_instead_of_whole_posts(blog, author_id, store, reader):
    write_post(blog, author_id, title="Grids", body="The opening.\n\n<!--more-->\n\nThe rest.")

    whole = feedparser.parse(reader.get("/feeds/posts.atom").data).entries[0]
    store("FEED_CONTENT", "summary")
    summary = feedparser.parse(reader.get("/feeds/posts.atom").data).entries[0]

    assert "The rest." in whole.content[0].value
    assert "content" not in summary
    assert "The opening." in summary.summary and "The rest." not in summary.summary
    assert "Read the whole post" in summary.summary


def test_search_engines_can_be_asked_to_stay_away(store, reader):
    assert "Disallow" not in reader.get("/robots.txt").text
    assert 'name="robots"' not in reader.get("/").text

    store("NOINDEX", "yes")

    assert reader.get("/robots.txt").text == "User-agent: *\nDisallow: /\n"
    assert '<meta name="robots" content="noindex">' in reader.get("/").text


def test_the_comment_mode_decides_what_waits(blog, author_id, store):
    post = write_post(blog, author_id)
    store("COMMENT_MIN_SECONDS", "0")

    store("COMMENT_MODE", "open")
    send_comment(blog.test_client(), post)
    store("COMMENT_MODE", "moderated")
    send_comment(blog.test_client(), post, body="Another thought.")
    store("COMMENT_MODE", "closed")
    closed = send_comment(blog.test_client(), post, body="A third.")

    assert statuses(blog) == [CommentStatus.APPROVED, CommentStatus.PENDING]
    assert closed.status_code in (403, 404, 409, 410)


def test_the_longest_comment_is_the_settings(blog, author_id, store):
    post = write_post(blog, author_id)
    store("COMMENT_MIN_SECONDS", "0")
    store("COMMENT_MAX_LENGTH", "100")

    refused = send_comment(blog.test_client(), post, body="x" * 101)
    taken = send_comment(blog.test_client(), post, body="y" * 100)

    assert refused.status_code == 422 and "x" * 101 in refused.text
    assert taken.status_code in (302, 303)
    assert len(statuses(blog)) == 1


def test_the_rate_limit_is_the_settings(blog, author_id, store):
    post = write_post(blog, author_id)
    store("COMMENT_MIN_SECONDS", "0")
    store("COMMENT_RATE_LIMIT", "1")
    client = blog.test_client()

    first = send_comment(client, post)
    second = send_comment(client, post, body="Again, quickly.")

    assert first.status_code in (302, 303)
    assert second.status_code == 429


def test_a_comment_written_too_fast_is_spam_by_the_settings(blog, author_id, store):
    post = write_post(blog, author_id)
    store("COMMENT_MODE", "open")
    store("COMMENT_MIN_SECONDS", "600")
    store("COMMENT_SPAM_THRESHOLD", "1")

    send_comment(blog.test_client(), post)

    assert statuses(blog) == [CommentStatus.SPAM]


def test_replies_nest_as_deep_as_the_setting(blog, author_id, store):
    post = write_post(blog, author_id)
    store("COMMENT_MODE", "open")
    store("COMMENT_MIN_SECONDS", "0")
    store("COMMENT_MAX_DEPTH", "1")

    send_comment(blog.test_client(), post, body="The first.")
    with blog.app_context():
        first = db.session.scalar(sa.select(Comment.id))
    send_comment(blog.test_client(), post, body="A reply.", parent_id=str(first))

    with blog.app_context():
        reply = db.session.scalar(sa.select(Comment).where(Comment.body == "A reply."))
        # One level only: the reply joins the top level, beside the comment it answers.
        assert reply is not None and reply.parent_id is None
