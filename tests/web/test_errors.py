"""Error pages: in the blog's layout, helpful, never a traceback."""

import re

import pytest

from blog import create_app
from blog.extensions import db
from blog.web.inputs import size_in_words


def test_404_page_is_friendly(client, author):
    response = client.get("/no/such/page/here")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Go to the home page" in response.text
    assert "Traceback" not in response.text


def test_405_is_a_page_too(client, author):
    response = client.delete("/")

    assert response.status_code == 405
    assert "This address does not take that kind of request" in response.text
    assert 'class="site-title"' in response.text
    assert "GET" in response.headers["Allow"]


def test_a_request_too_large_says_how_large_is_allowed(app, client, author):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024

    response = client.post("/login", data={"username": "ana", "password": "x" * 3_000_000})

    assert response.status_code == 413
    assert "Too large to accept" in response.text
    assert "at most 2 MB" in response.text
    assert 'class="site-title"' in response.text and "<main" in response.text


@pytest.mark.parametrize(
    ("size", "words"),
    [(1, "1 byte"), (900, "900 bytes"), (500 * 1024, "500 KB"), (2 * 1024 * 1024, "2 MB"),
     (8 * 1024 * 1024 + 64 * 1024, "8.1 MB")],
)
def test_sizes_are_said_in_plain_words(size, words):
    assert size_in_words(size) == words


def test_a_stale_form_token_gets_a_plain_explanation(app, client, logged_in):
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post("/logout", data={"csrf_token": "stale"})

    assert response.status_code == 400
    assert "This form had expired" in response.text
    assert "CSRF" not in response.text
    assert 'class="site-title"' in response.text


def test_a_views_own_reason_is_shown(client, logged_in):
    response = client.post("/dashboard/comments", data={"action": "dance"})

    assert response.status_code == 400
    assert "Choose Approve, Spam or Delete." in response.text


@pytest.fixture
def broken_app(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/broken")
    def broken():
        raise RuntimeError("secret internals")

    return app


def test_500_page_hides_the_error(broken_app):
    response = broken_app.test_client().get("/broken")

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_every_request_is_logged_without_secrets(client, author, caplog):
    caplog.set_level("INFO", logger="blog.requests")

    response = client.post("/login?next=/dashboard", data={
        "username": "ana", "password": "correct horse battery staple", "csrf_token": "tok"})

    [line] = [r.getMessage() for r in caplog.records if r.name == "blog.requests"]
    assert re.fullmatch(r"POST /login 302 \d+\.\dms from=127\.0\.0\.1 id=[0-9a-f]{16}", line)
    assert response.headers["X-Request-ID"] in line
    assert "correct horse" not in caplog.text and "tok" not in caplog.text


def logged_addresses(caplog) -> list[str]:
    lines = [r.getMessage() for r in caplog.records if r.name == "blog.requests"]
    return [re.search(r" from=(\S+) ", line).group(1) for line in lines]


def test_behind_a_trusted_proxy_the_log_has_the_readers_address(app, caplog):
    caplog.set_level("INFO", logger="blog.requests")
    proxied = create_app({**app.config, "INSTANCE_PATH": app.instance_path,
                          "TRUSTED_PROXIES": 1})
    forwarded = {"X-Forwarded-For": "203.0.113.9"}

    proxied.test_client().get("/login", headers=forwarded)
    app.test_client().get("/login", headers=forwarded)  # no proxy: the header is a forgery

    assert logged_addresses(caplog) == ["203.0.113.9", "127.0.0.1"]
    with proxied.app_context():
        db.engine.dispose()


def test_a_request_id_from_a_trusted_proxy_is_kept_if_it_looks_like_one(app, author):
    proxied = create_app({**app.config, "INSTANCE_PATH": app.instance_path,
                          "TRUSTED_PROXIES": 1})
    nginx_id = "4f1c2a9be07d4c35a1b0e6f2d8c39a71"
    for kept in (nginx_id, "5b0e4c2e-8f7a-4d1b-9c3e-2a6f1d0b7e94", "req_2026.12.05-0001"):
        assert proxied.test_client().get(
            "/", headers={"X-Request-ID": kept}).headers["X-Request-ID"] == kept
    for forged in ("<script>alert(1)</script>", "x" * 200, "a b", "abc", "-starts-with-a-dash"):
        replaced = proxied.test_client().get(
            "/", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{16}", replaced)
    with proxied.app_context():
        db.engine.dispose()


def test_without_a_trusted_proxy_the_clients_request_id_is_not_taken(client, author, caplog):
    caplog.set_level("INFO", logger="blog.requests")

    response = client.get("/", headers={"X-Request-ID": "4f1c2a9be07d4c35a1b0e6f2d8c39a71"})

    made = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", made)
    assert "4f1c2a9be07d4c35a1b0e6f2d8c39a71" not in caplog.text
    assert f"id={made}" in caplog.text


def test_500_page_shows_the_request_id_that_the_log_has(broken_app, caplog):
    response = broken_app.test_client().get("/broken")

    reference = response.headers["X-Request-ID"]
    assert reference in response.text
    assert f"error id={reference}" in caplog.text
    assert "secret internals" in caplog.text  # the log keeps what the page hides


def test_an_address_cannot_write_its_own_log_line(client, author, caplog):
    caplog.set_level("INFO", logger="blog.requests")

    client.get("/x%0a2026-01-01 INFO GET /dashboard 200 1.0ms id=forged")

    [line] = [r.getMessage() for r in caplog.records if r.name == "blog.requests"]
    assert "\n" not in line
    assert line.startswith("GET /x\\n2026-01-01 INFO GET /dashboard 200")


def test_an_unknown_address_with_a_nul_in_it_is_a_404(client, author, nul_refused):
    # The 404 page looks for imported addresses; PostgreSQL refuses a NUL in that lookup.
    assert client.get("/2019/01/old%00.html").status_code == 404
    assert client.get("/?p=1&x=%00").status_code == 301
