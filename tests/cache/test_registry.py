"""Features tell the page cache which cookies and session keys make a page personal; one
they forgot fails loudly in tests and is taken as personal in production, so a reader's
own page is never served to everyone."""

import itertools

import pytest
from flask import Blueprint, make_response

from blog import cache
from blog.cache.registry import UnregisteredCookie, registry_for

COMMENT = {"body": "Remember me.", "name": "Rana", "website": "", "homepage": "",
           "parent_id": "", "remember": "y"}


@pytest.fixture
def post(make_post):
    return make_post(title="Registered essay", labels=("Energy",))


def cookies_set(response) -> set[str]:
    return {value.partition("=")[0] for value in response.headers.getlist("Set-Cookie")}


def test_every_cookie_the_blog_sets_is_registered(app, client, post, auth):
    app.config["COMMENT_MODE"] = "moderated"  # the commenter hears "awaits approval"
    seen = set()
    seen |= cookies_set(client.get("/comments/form-token"))
    seen |= cookies_set(client.post(f"/posts/{post.id}/comments", data=COMMENT))
    seen |= cookies_set(client.get(post.path))
    seen |= cookies_set(auth.login(remember="y"))
    seen |= cookies_set(client.get("/dashboard"))
    seen |= cookies_set(auth.logout())

    rules = registry_for(app)
    assert {"session", "commenter", "remember_token"} <= seen
    assert seen <= rules.personal_cookies | rules.harmless_cookies


def font_size_blueprint(register_as_personal: bool) -> Blueprint:
    """A feature that remembers a reader's font size in a cookie of its own."""
    bp = Blueprint("font_size", __name__)

    if register_as_personal:
        @bp.record_once
        def _tell_the_page_cache(state):
            cache.personal_cookie(state.app, "font_size")

    @bp.post("/font-size")
    def choose():
        response = make_response("", 204)
        response.set_cookie("font_size", "large")
        return response

    return bp


def test_a_cookie_nobody_registered_fails_the_request_in_tests(app):
    app.register_blueprint(font_size_blueprint(register_as_personal=False))
    app.config["WTF_CSRF_ENABLED"] = False

    with pytest.raises(UnregisteredCookie, match="'font_size'.*personal_cookie"):
        app.test_client().post("/font-size")


def test_a_session_key_nobody_registered_fails_the_request_in_tests(app):
    bp = Blueprint("preferences", __name__)

    @bp.get("/prefer-dark")
    def prefer_dark():
        from flask import session

        session["theme"] = "dark"
        return "ok"

    app.register_blueprint(bp)

    with pytest.raises(UnregisteredCookie, match="session key 'theme'"):
        app.test_client().get("/prefer-dark")


def test_a_registered_personal_cookie_gets_a_page_of_its_own(app, post):
    app.register_blueprint(font_size_blueprint(register_as_personal=True))
    reader = app.test_client()
    reader.get(post.path)  # the shared page, now cached

    assert reader.post("/font-size").status_code == 204
    page = reader.get(post.path)

    assert "ETag" not in page.headers
    assert "private" in page.headers["Cache-Control"]


def test_in_production_a_forgotten_cookie_is_taken_as_personal(app, post, caplog):
    app.register_blueprint(font_size_blueprint(register_as_personal=False))
    registry_for(app).strict = False  # as with TESTING and DEBUG off
    reader = app.test_client()
    reader.get(post.path)

    assert reader.post("/font-size").status_code == 204
    page = reader.get(post.path)

    assert "ETag" not in page.headers
    assert "Treated as personal" in caplog.text


def test_a_slot_is_filled_afresh_each_time_a_cached_page_goes_out(app):
    fills = itertools.count(1)
    bp = Blueprint("visits", __name__)

    @bp.record_once
    def _tell_the_page_cache(state):
        cache.page_slot(state.app, "visit", lambda key: f"{key}-{next(fills)}")

    @bp.get("/visits")
    @cache.cached_page
    def visits():
        return f"<p>Visit {cache.fill_slot('visit', 'page', 'page-0')}</p>"

    app.register_blueprint(bp)
    reader = app.test_client(use_cookies=False)

    pages = [reader.get("/visits").text for _ in range(3)]

    assert pages == ["<p>Visit page-0</p>", "<p>Visit page-1</p>", "<p>Visit page-2</p>"]
