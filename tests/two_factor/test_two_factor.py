"""Two-factor log-in: a code from the author's app after the password, or a recovery code."""

import re
import time
from types import SimpleNamespace

import pyotp
import pytest
import sqlalchemy as sa

from blog.auth.recent import SESSION_KEY
from blog.extensions import db
from blog.models import Author, LoginFailure, RecoveryCode
from blog.two_factor import recovery
from blog.two_factor.totp import provisioning_uri
from tests.helpers import AUTHOR_PASSWORD, AuthActions


@pytest.fixture
def two_factor(app, author):
    """Two-factor log-in switched on for the author: its secret, app and recovery codes."""
    secret = pyotp.random_base32()
    with app.app_context():
        saved = db.session.get(Author, author)
        saved.totp_secret = secret
        codes = recovery.replace_codes(saved)
        db.session.commit()
    return SimpleNamespace(secret=secret, app=pyotp.TOTP(secret), recovery_codes=codes)


def stored_author(app, author_id) -> Author:
    with app.app_context():
        saved = db.session.get(Author, author_id)
        db.session.expunge(saved)
        return saved


def offered_secret(page: str) -> str:
    """The secret the set-up page shows (in groups of four) for typing into an app."""
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', page)[1].replace(" ", "")


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", page)


def test_turning_it_on_takes_a_correct_code_and_shows_recovery_codes_once(
    app, client, logged_in, author
):
    page = client.get("/dashboard").text
    assert 'href="/dashboard/two-factor">Two-factor log-in</a>' in page
    setup = client.get("/dashboard/two-factor")
    assert setup.headers["Cache-Control"] == "no-store"
    secret = offered_secret(setup.text)
    assert 'name="secret"' not in setup.text  # the server keeps it; the form never carries it
    assert '<svg viewBox="0 0' in setup.text and "<title>QR code" in setup.text

    wrong = client.post("/dashboard/two-factor/enable", data={"code": "000000"})
    assert wrong.status_code == 422
    assert "not the code for this set-up" in wrong.text
    assert offered_secret(wrong.text) == secret  # the same QR code can be tried again
    assert not stored_author(app, author).two_factor_enabled

    code = pyotp.TOTP(secret).now()
    done = client.post(
        "/dashboard/two-factor/enable", data={"code": f"{code[:3]} {code[3:]}"}
    )
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    assert "Save these codes now" in done.text
    codes = recovery_codes_on(done.text)
    assert len(set(codes)) == 10
    assert stored_author(app, author).totp_secret == secret
    with app.app_context():
        digests = set(db.session.scalars(sa.select(RecoveryCode.digest)))
    assert len(digests) == 10 and not digests & set(codes)  # kept only as digests

    status = client.get("/dashboard/two-factor").text
    assert "is <strong>on</strong>" in status and "10 unused recovery codes" in status
    assert not recovery_codes_on(status) and secret not in status


def test_the_otpauth_address_names_the_blog_and_the_author():
    uri = provisioning_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "ana", "Notes on Things")

    assert uri.startswith("otpauth://totp/Notes%20on%20Things:ana?")
    assert "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in uri and "issuer=Notes%20on%20Things" in uri


def test_the_password_alone_does_not_log_in(client, auth, two_factor):
    response = auth.login()

    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert client.get("/dashboard").headers["Location"].startswith("/login")
    assert client.get("/dashboard/two-factor").headers["Location"].startswith("/login")
    page = client.get("/login/code").text
    assert "Enter your code" in page and 'href="/login/recovery"' in page


def test_the_code_logs_in_keeping_remember_me_and_next(client, auth, two_factor):
    response = client.post("/login?next=/dashboard/trash", data={
        "username": "ana", "password": AUTHOR_PASSWORD, "remember": "y",
    })
    assert response.headers["Location"] == "/login/code"
    code = two_factor.app.now()

    response = client.post("/login/code", data={"code": f" {code[:3]} {code[3:]} "})

    assert response.status_code == 302 and response.headers["Location"] == "/dashboard/trash"
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("remember_token=") for cookie in cookies)
    assert client.get("/dashboard").status_code == 200


def test_a_wrong_code_is_refused_and_counted_with_failed_log_ins(app, client, auth, two_factor):
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 3
    auth.login()

    wrong = client.post("/login/code", data={"code": "000000"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.text
    assert 'value="000000"' not in wrong.text
    client.post("/login/code", data={"code": "999999"})
    # Giving the password again does not wipe the count of wrong codes.
    assert auth.login().headers["Location"] == "/login/code"
    client.post("/login/code", data={"code": "123456"})

    refused = client.post("/login/code", data={"code": two_factor.app.now()})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert client.get("/dashboard").status_code == 302


def test_a_code_works_only_once(client, auth, two_factor):
    code = two_factor.app.now()
    auth.login()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    auth.logout()

    auth.login()
    replayed = client.post("/login/code", data={"code": code})

    assert replayed.status_code == 200 and "used already" in replayed.text
    assert client.get("/dashboard").status_code == 302


def test_a_recovery_code_logs_in_once_and_says_how_many_are_left(client, auth, two_factor):
    code = two_factor.recovery_codes[0]
    auth.login()
    typed = code.upper().replace("-", " ")

    response = client.post("/login/recovery", data={"code": typed}, follow_redirects=True)

    assert response.request.path == "/dashboard"
    assert "You used a recovery code" in response.text and "9 are left" in response.text
    auth.logout()
    auth.login()
    again = client.post("/login/recovery", data={"code": code})
    assert again.status_code == 200 and "not right" in again.text
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize(("unused", "said", "status"), [
    (3, "2 are left", "You have 2 unused recovery codes."),
    (2, "1 is left", "You have 1 unused recovery code."),
    (1, "none is left", "You have 0 unused recovery codes."),
])
def test_what_is_left_is_counted_in_words(app, client, auth, two_factor, unused, said, status):
    codes = two_factor.recovery_codes
    with app.app_context():
        for code in codes[unused:]:
            recovery.use_code(db.session.get(Author, 1), code)
        db.session.commit()
    auth.login()

    response = client.post("/login/recovery", data={"code": codes[0]}, follow_redirects=True)

    assert f"it will not work again: {said}." in response.text
    assert status in client.get("/dashboard/two-factor").text


def test_the_half_done_log_in_expires(app, client, auth, two_factor):
    auth.login()
    with client.session_transaction() as session:  # as if five minutes and a second passed
        marker = session["two_factor_pending"]
        marker["since"] -= app.config["TWO_FACTOR_PENDING_SECONDS"] + 1
        session["two_factor_pending"] = marker

    response = client.post("/login/code", data={"code": two_factor.app.now()})

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/dashboard").status_code == 302
    assert "Log in with your username and password first" in client.get("/login").text


def test_a_password_change_ends_a_half_done_log_in(app, client, auth, two_factor, author):
    auth.login()
    with app.app_context():
        db.session.get(Author, author).set_password("a brand new password")
        db.session.commit()

    response = client.post("/login/code", data={"code": two_factor.app.now()})

    assert response.headers["Location"] == "/login"


def test_turning_it_off_needs_the_password_and_a_code(app, client, auth, two_factor, author):
    auth.login()
    client.post("/login/code", data={"code": two_factor.app.now()})

    no_password = client.post("/dashboard/two-factor/disable", data={
        "disable-password": "not my password", "disable-code": two_factor.recovery_codes[0],
    })
    assert no_password.status_code == 422 and "That is not your password." in no_password.text
    no_code = client.post("/dashboard/two-factor/disable", data={
        "disable-password": AUTHOR_PASSWORD, "disable-code": "000000",
    })
    assert no_code.status_code == 422 and "That code is not right" in no_code.text
    assert stored_author(app, author).two_factor_enabled

    done = client.post("/dashboard/two-factor/disable", data={
        "disable-password": AUTHOR_PASSWORD, "disable-code": two_factor.recovery_codes[0],
    })

    assert done.headers["Location"] == "/dashboard/two-factor"
    assert stored_author(app, author).totp_secret is None
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    auth.logout()
    assert auth.login().headers["Location"] == "/dashboard"


def test_new_recovery_codes_replace_the_old_ones(client, auth, two_factor):
    auth.login()
    client.post("/login/code", data={"code": two_factor.app.now()})

    page = client.post("/dashboard/two-factor/recovery-codes", data={
        "regenerate-password": AUTHOR_PASSWORD,
    }).text

    new_codes = recovery_codes_on(page)
    assert len(new_codes) == 10 and not set(new_codes) & set(two_factor.recovery_codes)
    auth.logout()
    auth.login()
    old = client.post("/login/recovery", data={"code": two_factor.recovery_codes[1]})
    assert old.status_code == 200 and "not right" in old.text
    assert client.post("/login/recovery", data={"code": new_codes[0]}).status_code == 302


def test_the_command_line_turns_it_off_for_a_locked_out_author(app, runner, auth, two_factor):
    result = runner.invoke(args=["disable-two-factor", "ana"])

    assert result.exit_code == 0 and "Turned off two-factor log-in" in result.output
    assert auth.login().headers["Location"] == "/dashboard"
    assert runner.invoke(args=["disable-two-factor", "nobody"]).exit_code != 0


def test_codes_and_secrets_stay_out_of_the_log(client, auth, two_factor, caplog):
    caplog.set_level("INFO", logger="blog.requests")
    code = two_factor.app.now()
    auth.login()
    client.post("/login/code", data={"code": code})
    client.get("/dashboard/two-factor")

    assert "/login/code" in caplog.text
    assert code not in caplog.text and two_factor.secret not in caplog.text


def test_the_export_carries_no_secret_and_no_recovery_code(runner, two_factor, tmp_path):
    path = tmp_path / "blog.json"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0

    exported = path.read_text()
    assert two_factor.secret not in exported
    assert not any(code in exported for code in two_factor.recovery_codes)


def test_turning_it_on_ends_every_other_log_in_but_this_one(app, client, logged_in, author):
    elsewhere = app.test_client()  # a session someone else may hold
    assert AuthActions(elsewhere).login().status_code == 302
    setup = client.get("/dashboard/two-factor").text
    secret = offered_secret(setup)

    done = client.post("/dashboard/two-factor/enable",
                       data={"code": pyotp.TOTP(secret).now()})

    assert done.status_code == 200 and "every other log-in has ended" in done.text
    assert client.get("/dashboard").status_code == 200
    assert elsewhere.get("/dashboard").status_code == 302  # sent to log in again


@pytest.mark.parametrize("remember, after_restart", [("y", 200), ("", 302)])
def test_turning_it_on_keeps_this_log_in_remembered_or_not(
        app, client, auth, author, remember, after_restart):
    auth.login(remember=remember)
    setup = client.get("/dashboard/two-factor").text
    secret = offered_secret(setup)
    client.post("/dashboard/two-factor/enable",
                data={"code": pyotp.TOTP(secret).now()})

    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])  # the browser closed and opened

    assert client.get("/dashboard").status_code == after_restart


def test_a_secret_sent_with_the_form_is_ignored(app, client, logged_in, author):
    """Someone driving the author's session cannot tie the blog to a phone of their own
    by sending a secret they chose."""
    client.get("/dashboard/two-factor")
    theirs = pyotp.random_base32()

    response = client.post("/dashboard/two-factor/enable",
                           data={"secret": theirs, "code": pyotp.TOTP(theirs).now()})

    assert response.status_code == 422 and "not the code for this set-up" in response.text
    assert stored_author(app, author).totp_secret is None


def test_the_set_up_offers_one_secret_kept_by_the_server(app, client, logged_in, author):
    first = offered_secret(client.get("/dashboard/two-factor").text)
    # A reload, or another worker, offers the same secret the app may have scanned.
    assert offered_secret(client.get("/dashboard/two-factor").text) == first
    assert stored_author(app, author).totp_pending_secret == first

    client.post("/dashboard/two-factor/enable", data={"code": pyotp.TOTP(first).now()})

    saved = stored_author(app, author)
    assert (saved.totp_secret, saved.totp_pending_secret) == (first, None)


def test_turning_it_on_after_a_stale_log_in_needs_the_password(app, client, logged_in, author):
    with client.session_transaction() as session:
        session[SESSION_KEY] = int(time.time()) - app.config["RECENT_LOGIN_SECONDS"] - 60
    setup = client.get("/dashboard/two-factor").text
    assert "Your password" in setup
    app_code = pyotp.TOTP(offered_secret(setup))

    unasked = client.post("/dashboard/two-factor/enable", data={"code": app_code.now()})
    assert unasked.status_code == 422
    assert "Enter your password to turn two-factor log-in on" in unasked.text
    wrong = client.post("/dashboard/two-factor/enable",
                        data={"code": app_code.now(), "password": "not the password"})
    assert wrong.status_code == 422 and "That is not your password." in wrong.text
    assert not stored_author(app, author).two_factor_enabled
    with app.app_context():  # counted like a failed log-in
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 1

    done = client.post("/dashboard/two-factor/enable",
                       data={"code": app_code.now(), "password": AUTHOR_PASSWORD})

    assert done.status_code == 200 and "Save these codes now" in done.text
    assert stored_author(app, author).two_factor_enabled


def test_wrong_passwords_at_the_set_up_pause_it_like_log_ins(app, client, logged_in, author):
    with client.session_transaction() as session:
        del session[SESSION_KEY]  # a log-in restored by "remember me" never gave it
    app_code = pyotp.TOTP(offered_secret(client.get("/dashboard/two-factor").text))
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        client.post("/dashboard/two-factor/enable",
                    data={"code": app_code.now(), "password": "a guess"})

    response = client.post("/dashboard/two-factor/enable",
                           data={"code": app_code.now(), "password": AUTHOR_PASSWORD})

    assert response.status_code == 429 and "Retry-After" in response.headers
    assert not stored_author(app, author).two_factor_enabled


def test_a_code_sent_before_any_set_up_was_shown_starts_one(app, client, logged_in, author):
    response = client.post("/dashboard/two-factor/enable", data={"code": "123456"})

    assert response.status_code == 422
    assert "Add the account below to your app first" in response.text
    assert offered_secret(response.text) == stored_author(app, author).totp_pending_secret
    assert not stored_author(app, author).two_factor_enabled
