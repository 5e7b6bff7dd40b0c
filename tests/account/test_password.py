"""Changing the password: the current one first, the new one checked, every other
session logged out, this one kept."""

import pytest

from blog.auth.recent import SESSION_KEY
from blog.extensions import db
from blog.models import Author
from tests.helpers import AUTHOR_PASSWORD, AuthActions

PASSWORD = "/dashboard/account/password"
NEW_PASSWORD = "a brand new passphrase"


def change(client, current=AUTHOR_PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(PASSWORD, data={
        "current_password": current, "new_password": new,
        "new_password_again": new if again is None else again,
    })


def can_log_in(app, password) -> bool:
    return AuthActions(app.test_client()).login(password=password).status_code == 302


def test_the_page_asks_for_the_current_and_the_new_password(client, logged_in):
    response = client.get(PASSWORD)

    assert response.status_code == 200
    for label in ("Current password", "New password", "New password again"):
        assert f">{label}</label>" in response.text


def test_a_wrong_current_password_is_refused(app, client, logged_in):
    response = change(client, current="not my password")

    assert response.status_code == 422
    assert ('<p class="error" id="current_password-error">That is not your password.'
            in response.text)
    assert NEW_PASSWORD not in response.text  # password fields are never sent back
    assert can_log_in(app, AUTHOR_PASSWORD) and not can_log_in(app, NEW_PASSWORD)


@pytest.mark.parametrize(("new", "again", "field", "message"), [
    ("short", "short", "new_password", "The password must be at least 10 characters long."),
    (NEW_PASSWORD, "a different passphrase", "new_password_again",
     "The two new passwords are not the same."),
    ("", "", "new_password", "Choose a new password."),
])
def test_a_weak_or_mistyped_new_password_is_refused(
    app, client, logged_in, new, again, field, message
):
    response = change(client, new=new, again=again)

    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">{message}' in response.text
    assert can_log_in(app, AUTHOR_PASSWORD)


def test_the_change_keeps_this_browser_and_logs_out_every_other(app, client, logged_in):
    other = app.test_client()
    assert AuthActions(other).login().status_code == 302
    assert other.get("/dashboard").status_code == 200

    response = change(client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard/account"
    page = client.get("/dashboard/account")
    assert page.status_code == 200
    assert "Password changed; every other session has been logged out." in page.text
    assert other.get("/dashboard").headers["Location"].startswith("/login")
    assert not can_log_in(app, AUTHOR_PASSWORD)
    assert can_log_in(app, NEW_PASSWORD)


def test_a_remembered_browser_stays_remembered(app, client, auth, author):
    auth.login(remember="y")

    assert change(client).status_code == 302

    # The session gone (the browser closed), its "remember me" cookie still logs it in.
    client.delete_cookie("session")
    assert client.get("/dashboard").status_code == 200


def test_the_change_counts_as_a_fresh_log_in(app, client, logged_in):
    with client.session_transaction() as session:
        session[SESSION_KEY] = 0

    change(client)

    with client.session_transaction() as session:
        assert session[SESSION_KEY] > 0


def test_wrong_current_passwords_count_toward_the_log_in_throttle(app, client, logged_in):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert change(client, current="a wrong guess").status_code == 422

    response = change(client)

    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert client.get("/dashboard").status_code == 200  # still logged in, unchanged
    with app.app_context():
        assert db.session.get(Author, 1).check_password(AUTHOR_PASSWORD)
