"""Logging in and out: the author gets in, nobody else does, guessing is throttled."""

import pytest
import sqlalchemy as sa

from blog import create_app
from blog.auth.passwords import authenticate
from blog.extensions import db
from blog.models import Author, LoginFailure
from tests.helpers import (
    AUTHOR_PASSWORD,
    AUTHOR_USERNAME,
    AuthActions,
    blog_app,
    create_author,
)


def test_login_page_has_the_expected_fields(client):
    html = client.get("/login").text

    for text in ('>Username</label>', '>Password</label>', '>Remember me</label>',
                 'value="Log in"'):
        assert text in html


def test_author_logs_in_and_reaches_the_dashboard(client, auth, author):
    response = auth.login()

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200


def test_dashboard_needs_a_login(client, author):
    response = client.get("/dashboard")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("username", "password"),
    [(AUTHOR_USERNAME, "wrong password"), ("nobody", AUTHOR_PASSWORD), ("", "")],
)
def test_bad_credentials_give_one_message_and_keep_the_username(
    client, auth, author, username, password
):
    response = auth.login(username=username, password=password)

    assert response.status_code == 200
    assert client.get("/dashboard").status_code == 302
    if username:
        assert "Wrong username or password." in response.text
        assert f'value="{username}"' in response.text
    else:
        assert "This field is required." in response.text
    assert password not in response.text or not password


def test_wrong_user_and_wrong_password_read_the_same(auth, author):
    wrong_user = auth.login(username="nobody", password=AUTHOR_PASSWORD).text
    wrong_password = auth.login(username=AUTHOR_USERNAME, password="nope nope").text

    def message(html):
        return html[html.index('<p class="error"'):].split("</p>")[0].split(">", 1)[1]

    assert message(wrong_user) == message(wrong_password) == "Wrong username or password."


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/dashboard/posts/new", "/dashboard/posts/new"),
        ("/2020/01/some-post?x=1", "/2020/01/some-post?x=1"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("\\\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("/%0d%0aSet-Cookie:x=1", "/%0d%0aSet-Cookie:x=1"),
        ("/\r\nSet-Cookie: x=1", "/dashboard"),
        ("///evil.example", "/dashboard"),
        ("/\t/evil.example", "/dashboard"),
        ("/\\/evil.example", "/dashboard"),
        ("https:evil.example", "/dashboard"),
        (" //evil.example", "/dashboard"),
        ("JavaScript:alert(1)", "/dashboard"),
        ("data:text/html,<script>alert(1)</script>", "/dashboard"),
        # Sent percent-encoded once more, it is a path on this blog, not a host.
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
    ],
)
def test_next_is_followed_only_inside_the_blog(client, author, next_url, lands_on):
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"username": AUTHOR_USERNAME, "password": AUTHOR_PASSWORD},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


@pytest.mark.parametrize(
    "next_url", ["//evil.example/", "/\\evil.example", "https://evil.example/", "\r\nX: y"]
)
def test_a_logged_in_author_sent_to_login_is_not_sent_off_site(client, logged_in, next_url):
    response = client.get("/login", query_string={"next": next_url})

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_logout_ends_the_session(client, logged_in):
    response = logged_in.logout()

    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_logout_is_post_only(client, logged_in):
    assert client.get("/logout").status_code == 405
    assert client.get("/dashboard").status_code == 200


def test_changing_the_password_ends_other_sessions(app, client, logged_in):
    other_browser = app.test_client()
    AuthActions(other_browser).login()
    assert other_browser.get("/dashboard").status_code == 200

    runner = app.test_cli_runner()
    runner.invoke(args=["set-password", AUTHOR_USERNAME, "--password", "a brand new password"])

    assert other_browser.get("/dashboard").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_remember_me_sets_a_lasting_httponly_cookie(client, auth, author):
    response = auth.login(remember="y")

    cookies = response.headers.getlist("Set-Cookie")
    remember = next(cookie for cookie in cookies if cookie.startswith("remember_token="))
    assert "HttpOnly" in remember
    assert "SameSite=Lax" in remember
    assert "Expires=" in remember
    session = next(cookie for cookie in cookies if cookie.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session


def test_secure_cookies_when_configured(app, auth, author):
    app.config["SESSION_COOKIE_SECURE"] = True

    cookies = auth.login().headers.getlist("Set-Cookie")

    assert all("Secure" in cookie for cookie in cookies if cookie.startswith("session="))


def test_repeated_failures_for_an_account_are_refused_for_a_while(app, client, auth, author):
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 3
    for _ in range(3):
        assert auth.login(password="guess guess").status_code == 200

    refused = auth.login()  # even the right password waits

    assert refused.status_code == 429
    assert "Too many log-in attempts" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert client.get("/dashboard").status_code == 302


def test_repeated_failures_from_one_address_are_refused(app, client, author):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for number in range(3):
        client.post(
            "/login",
            data={"username": f"guess{number}", "password": "x"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        )

    from_there = client.post(
        "/login",
        data={"username": AUTHOR_USERNAME, "password": AUTHOR_PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    from_elsewhere = client.post(
        "/login",
        data={"username": AUTHOR_USERNAME, "password": AUTHOR_PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_failures_are_shared_by_every_server_process(app, author):
    """Two app instances on one database stand for two gunicorn workers."""
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 2
    other_worker = create_app({**app.config, "INSTANCE_PATH": app.instance_path})
    AuthActions(app.test_client()).login(password="guess one!")
    AuthActions(other_worker.test_client()).login(password="guess two!")

    assert AuthActions(app.test_client()).login().status_code == 429
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(LoginFailure.id))) == 2
    with other_worker.app_context():
        db.engine.dispose()


def test_success_clears_earlier_failures(app, auth, author):
    auth.login(password="one wrong guess")

    auth.login()

    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(LoginFailure.id))) == 0


def test_passwords_are_stored_hashed_with_scrypt(tmp_path):
    # The tests hash with a fast method; a blog that sets nothing gets scrypt.
    with blog_app(tmp_path, unfixed=("PASSWORD_HASH_METHOD",)) as app:
        author = create_author(app)
        with app.app_context():
            stored = db.session.get(Author, author).password_hash
            unknown = authenticate("someone", AUTHOR_PASSWORD)

    assert stored.startswith("scrypt:")
    assert AUTHOR_PASSWORD not in stored
    assert unknown is None


def test_login_without_a_csrf_token_is_refused_but_keeps_the_username(app, client, author):
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(
        "/login", data={"username": AUTHOR_USERNAME, "password": AUTHOR_PASSWORD}
    )

    assert response.status_code == 200
    assert "This form had expired" in response.text
    assert f'value="{AUTHOR_USERNAME}"' in response.text
    assert client.get("/dashboard").status_code == 302


def test_logout_without_a_csrf_token_is_refused(app, client, logged_in):
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post("/logout")

    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_control_characters_in_the_username_never_reach_the_database(
    app, client, author, nul_refused
):
    response = client.post("/login", data={"username": "no\x00body\x1b", "password": "x"})

    assert response.status_code == 200
    assert "Wrong username or password." in response.text
    with app.app_context():
        assert db.session.scalars(sa.select(LoginFailure.username)).all() == ["nobody"]


def test_a_reader_sent_to_log_in_is_told_why(client):
    answer = client.get("/dashboard", follow_redirects=True)

    assert answer.request.path == "/login"
    assert "Please log in to access this page." in answer.text
