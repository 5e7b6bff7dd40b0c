"""The author's side of pages: written in the post editor's habits (preview, versions,
the trash, nothing typed lost), listed under Pages with their order in the navigation
bar, and kept from addresses that are taken or the blog's own."""

import re

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import CommentMode, Post, PostKind

ABOUT = {"title": "About this blog", "body": "I write about *energy*.", "slug": "about",
         "in_navigation": "y", "publish": "Publish"}


def the_page(app, **where) -> Post:
    with app.app_context():
        page = db.session.scalars(sa.select(Post).filter_by(**where)).one()
        db.session.expunge(page)
        return page


def nav(client) -> list[str]:
    found = re.search(r'<nav class="site-nav" aria-label="Pages">(.*?)</nav>',
                      client.get("/").text, re.S)
    return re.findall(r">([^<]+)</a>", found.group(1)) if found else []


def test_the_page_editor_asks_no_labels_and_no_date(client, logged_in):
    form = client.get("/dashboard/pages/new").text

    assert "<h1 class=\"editor-heading\">New page</h1>" in form
    assert 'name="labels"' not in form and 'name="publish_at"' not in form
    assert 'name="in_navigation"' in form and 'name="comments"' in form


def test_a_new_page_is_published_at_p_slug_in_the_navigation(app, client, logged_in):
    saved = client.post("/dashboard/pages/new", data=ABOUT)

    page = the_page(app, slug="about")
    assert saved.status_code == 302
    assert page.kind == PostKind.PAGE and page.comment_mode == CommentMode.CLOSED
    shown = client.get("/p/about").text
    assert "<em>energy</em>" in shown and 'id="comments"' in shown  # the author may reply
    client.post("/logout")
    assert 'id="comments"' not in client.get("/p/about").text  # readers: comments are off
    assert nav(client) == ["About this blog"]
    home = client.get("/").text
    assert "About this blog" not in home.split('<main id="content"')[1].split("</main>")[0]


def test_a_page_may_take_comments_when_the_author_says(app, client, logged_in):
    client.post("/dashboard/pages/new", data=ABOUT | {"comments": "y"})
    client.post("/logout")

    assert the_page(app, slug="about").comment_mode is None  # the blog's rules
    assert 'id="comments"' in client.get("/p/about").text


@pytest.mark.parametrize(("slug", "message"), [
    ("grid-tariffs", "is already the address of another post or page"),
    ("Login", "is a word the blog keeps for itself"),
])
def test_a_slug_that_is_taken_or_reserved_is_refused_with_what_was_typed(
    app, client, logged_in, make_post, slug, message
):
    make_post(title="Grid Tariffs")

    page = client.post("/dashboard/pages/new", data=ABOUT | {"slug": slug})

    assert page.status_code == 422
    assert message in page.text
    assert 'value="About this blog"' in page.text and "I write about *energy*." in page.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(
            Post.kind == PostKind.PAGE)) == 0


def test_preview_shows_the_page_without_a_date(client, logged_in):
    preview = client.post("/dashboard/pages/new", data=ABOUT | {"publish": "", "preview": "y"})

    assert "this is how readers will see the page" in preview.text
    assert "<em>energy</em>" in preview.text and 'class="date-header"' not in preview.text


def test_versions_and_the_trash_work_for_pages(app, client, logged_in):
    client.post("/dashboard/pages/new", data=ABOUT)
    page = the_page(app, slug="about")
    client.post(f"/dashboard/posts/{page.id}/edit", data=ABOUT | {"body": "Revised."})

    editor = client.get(f"/dashboard/posts/{page.id}/edit").text
    trashed = client.post(f"/dashboard/posts/{page.id}/delete")

    assert "Earlier versions" in editor and "Edit page" in editor
    assert trashed.status_code == 302 and client.get("/p/about").status_code == 404
    assert '<span class="kind-mark">Page</span>' in client.get("/dashboard/trash").text


def test_pages_are_listed_apart_from_posts_and_ordered_by_moving(
    app, client, logged_in, make_post, make_comment
):
    essay = make_post(title="Grid Tariffs")
    for title, slug in (("About", "about"), ("Contact", "contact"), ("Sources", "sources")):
        client.post("/dashboard/pages/new", data=ABOUT | {"title": title, "slug": slug})
    contact = the_page(app, slug="contact")
    make_comment(contact.id, body="Hello.")

    listed = client.get("/dashboard/pages").text
    posts = client.get("/dashboard").text
    client.post(f"/dashboard/pages/{contact.id}/move", data={"up": "Up"})
    after_up = nav(client)
    client.post(f"/dashboard/pages/{contact.id}/move", data={"down": "Down"})
    client.post(f"/dashboard/pages/{contact.id}/move", data={"down": "Down"})

    rows = re.findall(r"<tr>(.*?)</tr>", listed.split("<tbody>")[1], re.S)
    assert [re.search(r'edit">([^<]+)</a>', row).group(1) for row in rows] == [
        "About", "Contact", "Sources"]
    assert "Published" in rows[1] and "<td>1</td>" in rows[1]
    assert "Grid Tariffs" in posts and "Contact" not in posts.split('id="posts-heading"')[1]
    assert essay.path and after_up == ["Contact", "About", "Sources"]
    assert nav(client) == ["About", "Sources", "Contact"]


def test_moving_needs_a_page_and_a_direction(app, client, logged_in, make_post):
    essay = make_post(title="Grid Tariffs")

    assert client.post(f"/dashboard/pages/{essay.id}/move", data={"up": "Up"}).status_code == 400
    assert client.post("/dashboard/pages/999/move", data={"up": "Up"}).status_code == 404
