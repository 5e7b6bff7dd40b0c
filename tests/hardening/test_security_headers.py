"""The security headers (docs/security.md, "Headers") on every kind of answer the blog
gives: pages Flask makes and pages the page cache serves before Flask, 304s from both,
feeds, redirects, error pages, static files, uploaded images and the counting
stylesheet, over HTTP and over HTTPS.

The values are written out here, not imported from blog/web/security.py, so that a
change to the policy fails this test until someone changes it here too, on purpose.
"""

import flask
import pytest

from tests.helpers import AuthActions, blog_app, create_author, upload_image, write_post

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    "img-src 'self' https: data:; "
    "script-src 'self'; "
    "style-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)
EVERY_ANSWER = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture(params=["http", "https"])
def blog(request, tmp_path):
    """A blog with a post, served over HTTP, or over HTTPS with SESSION_COOKIE_SECURE on;
    with a route that fails, and a note of the addresses Flask itself answered."""
    secure = request.param == "https"
    with blog_app(tmp_path, SESSION_COOKIE_SECURE=secure, PROPAGATE_EXCEPTIONS=False) as app:
        author = create_author(app)
        post = write_post(app, author, title="Headers everywhere")
        seen_by_flask = []

        @app.before_request
        def _note():
            seen_by_flask.append(flask.request.path)

        @app.get("/broken")
        def broken():
            raise RuntimeError("a bug")

        yield app, post, seen_by_flask, f"{request.param}://localhost"


def answers_of_every_kind(app, post, seen_by_flask, base_url) -> dict:
    reader = app.test_client(use_cookies=False)
    get = reader.get
    author = app.test_client()
    AuthActions(author).login()
    image = upload_image(author)

    made = get(post.path, base_url=base_url)
    etag = made.headers["ETag"]
    answers = {
        "a page Flask made": made,
        "a page from the page cache": get(post.path, base_url=base_url),
        "a 304 from the page cache": get(
            post.path, base_url=base_url, headers={"If-None-Match": etag}),
        "a 304 Flask made": get("/", base_url=base_url, headers={"If-None-Match": etag}),
        "a feed": get("/feeds/posts.atom", base_url=base_url),
        "a redirect": get("/dashboard", base_url=base_url),
        "a 404 page": get("/no/such/page", base_url=base_url),
        "a 405 page": reader.delete("/", base_url=base_url),
        "a 500 page": get("/broken", base_url=base_url),
        "a static file": get("/static/css/blog.css", base_url=base_url),
        "an uploaded image": get(f"/uploads/{image}", base_url=base_url),
        "the counting stylesheet from Flask": get("/stats/seen.css", base_url=base_url),
        "the counting stylesheet from the front": get("/stats/seen.css", base_url=base_url),
    }
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 1
    reader.post("/login", base_url=base_url, data={"username": "ana", "password": "wrong"})
    answers["a 429 page"] = reader.post(
        "/login", base_url=base_url, data={"username": "ana", "password": "wrong"})
    for answer in answers.values():
        answer.close()  # static files and images are streamed from open files

    statuses = {kind: answer.status_code for kind, answer in answers.items()}
    assert statuses == {
        "a page Flask made": 200, "a page from the page cache": 200,
        "a 304 from the page cache": 304, "a 304 Flask made": 304, "a feed": 200,
        "a redirect": 302, "a 404 page": 404, "a 405 page": 405, "a 500 page": 500,
        "a static file": 200, "an uploaded image": 200,
        "the counting stylesheet from Flask": 200, "the counting stylesheet from the front": 200,
        "a 429 page": 429,
    }
    # The page cache's page and 304, and the second counting stylesheet, never entered
    # Flask: their headers are the copies the front keeps.
    assert seen_by_flask.count(post.path) == 1
    assert seen_by_flask.count("/stats/seen.css") == 1
    assert "/" in seen_by_flask
    return answers


def test_every_kind_of_answer_carries_every_security_header(blog):
    app, post, seen_by_flask, base_url = blog
    expected = EVERY_ANSWER | {
        "Strict-Transport-Security": HSTS if base_url.startswith("https") else None
    }

    answers = answers_of_every_kind(app, post, seen_by_flask, base_url)

    sent = {kind: {name: answer.headers.get(name) for name in expected}
            for kind, answer in answers.items()}
    assert {kind: headers for kind, headers in sent.items() if headers != expected} == {}
