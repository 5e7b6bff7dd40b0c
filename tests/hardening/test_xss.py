"""Stored and reflected XSS: every payload in tests/xss_payloads.py, through every field
that is shown back, read from every page that shows it as a browser would parse it.

Each test uses one blog for all the payloads of its fields, so the corpus stays quick.
"""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown
import pytest
import sqlalchemy as sa
from flask import url_for

from blog.extensions import db
from blog.models import Comment, Label, Post
from blog.posts.links import post_url
from tests.hardening.html_safety import script_vectors
from tests.hardening.xss_payloads import BREAK_OUTS, PAYLOADS

# Shapes that are dangerous to other parsers (CommonMark's autolinks; <listing> under
# old innerHTML serialisation) but inert to html5lib and Python-Markdown.
INERT_HERE = {"<javascript:alert(1)>", "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>"}

UNESCAPED_CONTEXTS = {
    "element content": '<body><div class="post-body">{}</div><p>after</p>',
    "double-quoted attribute": '<body><a href="{0}" title="{0}">x</a><p>after</p>',
    "single-quoted attribute": "<body><p title='{}'>x</p>",
    "title": "<head><title>{}</title></head><body><p>after</p>",
    "JSON-LD": '<head><script type="application/ld+json">{{"@type": "X", "a": "{}"}}</script>'
               "</head><body><p>after</p>",
    "textarea": "<body><textarea>{}</textarea><p>after</p>",
}


def assert_safe(page: str, where: str) -> None:
    problems = script_vectors(page)
    assert not problems, f"{where}: {problems}"


def test_the_corpus_is_large_and_each_payload_is_caught_where_it_is_not_escaped():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 60
    for payload in PAYLOADS:
        if payload in INERT_HERE:
            continue
        pages = [context.format(payload) for context in UNESCAPED_CONTEXTS.values()]
        pages.append(UNESCAPED_CONTEXTS["element content"].format(
            markdown.markdown(payload, extensions=["extra", "attr_list", "abbr"])
        ))
        assert any(script_vectors(page) for page in pages), f"nothing caught in {payload!r}"


def test_the_blogs_own_pages_are_clean(client, logged_in, make_post):
    make_post(title="Plain", body="Text with a [link](https://example.org).", labels=("Energy",))

    for path in ("/", "/label/Energy", "/search?q=text", "/dashboard", "/dashboard/posts/new",
                 "/dashboard/comments"):
        assert_safe(client.get(path).text, path)


@pytest.fixture
def roomy_blog(app):
    """Open comments, no rate limit, and every post on one page."""
    app.config.update(COMMENT_MODE="open", COMMENT_RATE_LIMIT=10_000, POSTS_PER_PAGE=1_000)
    return app


def shown_stamp(page: str) -> str:
    return re.search(r'id="shown" name="shown" type="hidden" value="([^"]*)"', page).group(1)


def every_page(client, path: str):
    """``path`` and the pages after it, as long as there is an "Older" link."""
    page_number = 1
    while True:
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}page={page_number}")
        assert response.status_code == 200, path
        yield response.text
        if 'class="pager-older"' not in response.text:
            return
        page_number += 1
        assert page_number <= 100, f"{path}: an Older link on every page"


@pytest.mark.parametrize("field", ["name", "website", "body"])
def test_comment_fields_never_run_a_script(
    app, roomy_blog, client, auth, author, make_post, field
):
    post = make_post(title="Grid tariffs", body="Why fixed charges rise.")
    stamp = shown_stamp(client.get(post.path).text)

    for payload in PAYLOADS:
        fields = {"name": "Reader", "website": "", "body": "A thoughtful remark.", field: payload}
        response = client.post(
            f"/posts/{post.id}/comments", data={**fields, "homepage": "", "shown": stamp}
        )
        assert response.status_code in (302, 422), payload
        if response.status_code == 422:
            # Refused (too long, not a web address): the form shows it back.
            assert_safe(response.text, f"form sent back with {field}={payload!r}")

    with app.app_context():
        stored = db.session.scalar(sa.select(sa.func.count(Comment.id)))
    # Long names and addresses that are not http(s) are refused; the rest is kept.
    assert stored >= {"name": 60, "website": 8, "body": len(PAYLOADS)}[field]

    assert_safe(client.get(post.path).text, f"post page with hostile comment {field}s")
    auth.login()
    for tab in ("pending", "approved", "spam"):
        for page in every_page(client, f"/dashboard/comments?status={tab}"):
            assert_safe(page, f"moderation page ({tab}) with hostile comment {field}s")


def test_values_from_the_address_are_never_reflected_as_markup(client, author, make_post):
    post = make_post(title="Grid tariffs")

    for payload in PAYLOADS:
        # The reply target goes into the comment form; "next" into the log-in page.
        for path, args in ((post.path, {"replytocom": payload}), ("/login", {"next": payload})):
            response = client.get(path, query_string=args)
            assert response.status_code == 200, (path, payload)
            assert_safe(response.text, f"{path} with {args!r}")


def editor_form(title: str, body: str, labels: str, slug: str = "", button="publish") -> dict:
    return {"title": title, "body": body, "labels": labels, "slug": slug,
            "comment_mode": "", "publish_at": "", button: "1"}


def save_posts(client, forms: list[dict]) -> None:
    for form in forms:
        saved = client.post("/dashboard/posts/new", data=form)
        assert saved.status_code == 302, form


def test_post_titles_bodies_and_search_queries_never_run_a_script(
    app, roomy_blog, client, logged_in, make_comment
):
    preview = client.post("/dashboard/posts/new", data=editor_form(
        title=BREAK_OUTS[0], body="\n\n".join(PAYLOADS), labels="", button="preview"
    ))
    assert preview.status_code == 200
    assert_safe(preview.text, "editor preview of every payload")
    save_posts(client, [editor_form(title=p, body=p, labels="") for p in PAYLOADS])

    with app.test_request_context():
        posts = db.session.scalars(sa.select(Post)).all()
        addresses = [post_url(post) for post in posts]
        editors = [url_for("dashboard.edit", post_id=post.id) for post in posts]
    assert len(addresses) == len(PAYLOADS)
    make_comment(posts[0].id, body="Shown in the moderation list beside its post's title.")

    for path in addresses + editors:
        assert_safe(client.get(path).text, path)
    for path in ("/", "/dashboard", "/dashboard/comments?status=approved", "/search?q=alert"):
        for page in every_page(client, path):
            assert_safe(page, path)
    # The query is shown in the title, the heading, the search box and the pager.
    app.config["POSTS_PER_PAGE"] = 2
    for payload in PAYLOADS:
        response = client.get("/search", query_string={"q": payload})
        assert_safe(response.text, f"search for {payload!r}")


def test_page_titles_and_bodies_never_run_a_script(app, roomy_blog, client, logged_in):
    preview = client.post("/dashboard/pages/new", data={
        "title": BREAK_OUTS[0], "body": "\n\n".join(PAYLOADS), "preview": "1"})
    assert preview.status_code == 200
    assert_safe(preview.text, "page preview of every payload")
    for payload in PAYLOADS:
        saved = client.post("/dashboard/pages/new", data={
            "title": payload, "body": payload, "in_navigation": "y", "comments": "y",
            "publish": "1"})
        assert saved.status_code == 302, payload

    with app.test_request_context():
        pages = db.session.scalars(sa.select(Post)).all()
        addresses = [post_url(page) for page in pages]
    assert len(addresses) == len(PAYLOADS) and all(a.startswith("/p/") for a in addresses)
    for path in [*addresses, "/", "/dashboard/pages", "/search?q=alert"]:
        assert_safe(client.get(path).text, path)
    client.post("/logout")
    for path in [*addresses[:3], "/"]:  # readers: the navigation bar holds every title
        assert_safe(client.get(path).text, f"{path} as a reader")


def test_labels_never_run_a_script(app, roomy_blog, client, logged_in):
    # Ten labels a post; every page's sidebar lists them all, each has a page of its own.
    batches = [PAYLOADS[start:start + 10] for start in range(0, len(PAYLOADS), 10)]
    save_posts(client, [
        editor_form(title=f"Essay {number}", body="Text.", labels=", ".join(batch))
        for number, batch in enumerate(batches)
    ])

    with app.test_request_context():
        names = db.session.scalars(sa.select(Label.name)).all()
        label_pages = [url_for("labels.detail", name=name) for name in names]
        editor = url_for("dashboard.edit", post_id=db.session.scalar(sa.select(Post.id)))
    assert len(label_pages) > len(PAYLOADS)  # payloads with commas make several labels

    for path in ["/", editor, *label_pages]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_safe(response.text, path)


def test_hostile_slugs_become_plain_addresses(app, roomy_blog, client, logged_in):
    for number, payload in enumerate(PAYLOADS):
        form = editor_form(title=f"Essay {number}", body="Text.", labels="", slug=payload)
        response = client.post("/dashboard/posts/new", data=form)
        # Saved, or shown back with a message (no letters or digits, or too long).
        assert response.status_code in (200, 302), payload
        if response.status_code == 200:
            assert_safe(response.text, f"editor with slug {payload!r}")

    with app.test_request_context():
        addresses = [post_url(post) for post in db.session.scalars(sa.select(Post))]
    assert len(addresses) > len(PAYLOADS) // 2
    for address in addresses:
        assert re.fullmatch(r"/\d{4}/\d{2}/[\w-]+", urlsplit(address).path), address
    for path in ("/", "/dashboard"):
        for page in every_page(client, path):
            assert_safe(page, path)


ATOM = "{http://www.w3.org/2005/Atom}"


def html_in_feed(xml: bytes) -> list[str]:
    """The parts of an Atom or RSS feed that readers show as HTML."""
    root = ElementTree.fromstring(xml)
    atom_html = [
        element.text or "" for element in root.iter()
        if element.tag.startswith(ATOM) and element.get("type") == "html"
    ]
    rss_html = [element.text or "" for element in root.iter("description")]
    return atom_html + rss_html


def test_feeds_carry_hostile_posts_and_comments_as_inert_html(client, make_post, make_comment):
    quoting = make_post(title="On escaping", body="Never write `<script>alert(1)</script>`.")
    hostile = make_post(title=BREAK_OUTS[0], body="\n\n".join(PAYLOADS), labels=("x",))
    for payload in PAYLOADS[:40]:
        make_comment(hostile.id, name=payload[:80], website=payload, body=payload)
    make_comment(quoting.id, body="<script>alert(1)</script>")

    for path in ("/feeds/posts.atom", "/feeds/posts.rss", "/feeds/label/x.atom",
                 "/feeds/comments.atom", f"/feeds/posts/{hostile.id}/comments.atom"):
        parts = html_in_feed(client.get(path).data)
        assert parts, path
        for part in parts:
            assert_safe(f"<body>{part}</body>", f"{path}: {part[:80]!r}")

    rss = ElementTree.fromstring(client.get("/feeds/posts.rss").data)
    descriptions = [element.text for element in rss.iter("description")]
    assert "Never write &lt;script&gt;alert(1)&lt;/script&gt;." in descriptions
