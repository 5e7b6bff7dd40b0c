"""Old Blogger and WordPress links lead to the imported posts, labels and feeds, always by
a permanent redirect to this blog's own pages, and unknown ones stay 404."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def imported(app, runner, author):
    for kind, name in (("blogger", "blogger-content.xml"),
                       ("wordpress", "wordpress-content.xml")):
        result = runner.invoke(args=["import", kind, str(FIXTURES / name)])
        assert result.exit_code == 0, result.output


def comment_id(app, body: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Comment.id).where(Comment.body == body))


def test_a_blogger_comment_link_leads_to_the_comment(app, client, imported):
    response = client.get("/2020/02/blog-post.html?showComment=1580617865112")

    assert response.status_code == 301
    lovely = comment_id(app, "Lovely morning.")
    assert response.headers["Location"] == f"/2020/02/blog-post#c{lovely}"
    thanks = comment_id(app, "Thank you, Rana.")
    second = client.get("/2020/02/blog-post.html?showComment=1580659200250")
    assert second.headers["Location"] == f"/2020/02/blog-post#c{thanks}"


@pytest.mark.parametrize("shown", ["1580617865113", "0", "99999999999999999999", "abc", ""])
def test_a_blogger_comment_link_without_its_comment_leads_to_the_post(client, imported, shown):
    response = client.get(f"/2020/02/blog-post.html?showComment={shown}")

    assert response.status_code == 301
    assert response.headers["Location"] == "/2020/02/blog-post"


def test_the_mobile_comment_link_gets_there_too(app, client, imported):
    first = client.get("/2020/02/blog-post.html?showComment=1580617865112&m=1")
    second = client.get(first.headers["Location"])

    assert second.headers["Location"].endswith(f"#c{comment_id(app, 'Lovely morning.')}")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2019/10/01/pictures-from-basra/", "/2019/10/pictures-from-basra"),
        # Shapes never recorded: another permalink structure, a changed date.
        ("/2019/10/pictures-from-basra/", "/2019/10/pictures-from-basra"),
        ("/news/pictures-from-basra/", "/2019/10/pictures-from-basra"),
        ("/2018/01/02/pictures-from-basra/", "/2019/10/pictures-from-basra"),
        ("/category/middle-east/", "/label/Middle%20East"),
        ("/category/Middle-East", "/label/Middle%20East"),
        ("/category/world/middle-east/", "/label/Middle%20East"),
        ("/category/middle-east/page/2/", "/label/Middle%20East"),
        ("/category/middle-east/feed/", "/feeds/label/Middle%20East.atom"),
        ("/tag/oil-prices/", "/label/Oil%20Prices"),
        ("/?tag=oil-prices", "/label/Oil%20Prices"),
        ("/feed/", "/feeds/posts.atom"),
        ("/feed", "/feeds/posts.atom"),
        ("/feed/rss2/", "/feeds/posts.rss"),
        ("/?feed=rss2", "/feeds/posts.rss"),
        ("/comments/feed/", "/feeds/comments.atom"),
        ("/?feed=comments-rss2", "/feeds/comments.atom"),
        ("/?cat=12", "/"),
        ("/?author=7", "/"),
        ("/author/sami/", "/"),
    ],
)
def test_old_wordpress_links_redirect_permanently(client, imported, old, new):
    response = client.get(old)

    assert response.status_code == 301, old
    assert response.headers["Location"] == new


@pytest.mark.parametrize(
    "old",
    [
        "/category/nothing-here/",
        "/tag/unknown/",
        "/2019/10/01/no-such-post/",
        "/category/",
        "/?tag=nobody",
        # Not a permalink shape, or a draft's slug: no guessing.
        "/news/pictures-from-basra",
        "/2019/11/01/iraqs-protests-return/",
        "/label/pictures-from-basra/",
    ],
)
def test_unknown_old_links_stay_not_found(client, imported, old):
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(
    "old",
    ["//evil.example/", "/category//evil.example", "/tag/%2F%2Fevil.example",
     "/2019/10/01/%2F%2Fevil.example/", "/author/https://evil.example/",
     "/category/%0d%0aLocation:%20https://evil.example/"],
)
def test_no_old_link_leads_to_another_host(client, imported, old):
    response = client.get(old)

    location = urlsplit(response.headers.get("Location", ""))
    assert location.netloc in ("", "localhost"), location  # this blog, or no redirect


def test_old_links_ignore_a_blogs_own_routes(client, imported):
    # A label of this blog that does not exist is not an old permalink.
    assert client.get("/label/pictures-from-basra").status_code == 404
