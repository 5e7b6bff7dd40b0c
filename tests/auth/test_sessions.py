"""Logging out ends the log-in everywhere its cookies went: each log-in is a row, and a
browser is let in only while its row lives."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from blog.auth.sessions import describe_device
from blog.extensions import db
from blog.models import LoginSession
from blog.utils.database import utcnow
from tests.helpers import AuthActions

REMEMBER = "remember_token"
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def copy_cookie(name: str, source, target) -> None:
    """Put ``source``'s cookie into ``target``, as someone who copied it would."""
    target.set_cookie(name, source.get_cookie(name).value)


def log_ins(app) -> list[LoginSession]:
    with app.app_context():
        rows = db.session.scalars(sa.select(LoginSession).order_by(LoginSession.id)).all()
        db.session.expunge_all()
        return rows


def test_a_copied_session_cookie_stops_working_after_log_out(app, client, logged_in):
    thief = app.test_client()
    copy_cookie("session", client, thief)
    assert thief.get("/dashboard").status_code == 200

    logged_in.logout()

    assert thief.get("/dashboard").headers["Location"].startswith("/login")


def test_a_copied_remember_me_cookie_stops_working_after_log_out(app, client, auth, author):
    auth.login(remember="y")
    thief = app.test_client()
    copy_cookie(REMEMBER, client, thief)
    assert thief.get("/dashboard").status_code == 200
    late_thief = app.test_client()
    copy_cookie(REMEMBER, client, late_thief)

    auth.logout()

    assert thief.get("/dashboard").headers["Location"].startswith("/login")
    assert late_thief.get("/dashboard").headers["Location"].startswith("/login")


def test_logging_out_ends_only_that_log_in(app, client, logged_in):
    other = app.test_client()
    AuthActions(other).login()

    logged_in.logout()

    assert other.get("/dashboard").status_code == 200
    assert len(log_ins(app)) == 1


def test_each_log_in_is_recorded_with_its_browser_address_and_remember_me(app, client, author):
    client.post("/login", data={"username": "ana", "password": "correct horse battery staple",
                                "remember": "y"},
                headers={"User-Agent": FIREFOX_ON_LINUX},
                environ_base={"REMOTE_ADDR": "198.51.100.7"})

    [login] = log_ins(app)

    assert (login.device, login.address, login.remember) == (
        "Firefox on Linux", "198.51.100.7", True
    )
    assert login.expires_at - login.created_at == timedelta(
        seconds=app.config["REMEMBER_COOKIE_DURATION"]
    )


def test_the_database_holds_no_cookie_that_logs_in(app, client, auth, author):
    auth.login(remember="y")

    [login] = log_ins(app)

    for name in ("session", REMEMBER):
        assert login.digest not in client.get_cookie(name).value
    with client.session_transaction() as session:
        assert LoginSession.digest_of(session["_user_id"]) == login.digest


def test_a_log_in_from_before_the_upgrade_is_refused(app, client, author):
    """Sessions used to name the author and a token; they log in again now."""
    with client.session_transaction() as session:
        session["_user_id"] = f"{author}:an-old-session-token"

    assert client.get("/dashboard").status_code == 302


def test_an_expired_log_in_is_refused_and_then_cleared_away(app, client, logged_in):
    with app.app_context():
        db.session.execute(sa.update(LoginSession).values(expires_at=utcnow()))
        db.session.commit()

    assert client.get("/dashboard").status_code == 302
    AuthActions(app.test_client()).login()

    assert len(log_ins(app)) == 1


def test_last_seen_is_written_at_most_once_a_minute(app, client, logged_in, statements):
    long_ago = utcnow() - timedelta(minutes=5)
    with app.app_context():
        db.session.execute(sa.update(LoginSession).values(last_seen=long_ago, address="x"))
        db.session.commit()
    statements.clear()

    client.get("/dashboard", environ_base={"REMOTE_ADDR": "192.0.2.8"})
    client.get("/dashboard")
    client.get("/dashboard/account")

    [login] = log_ins(app)
    assert utcnow() - login.last_seen < timedelta(minutes=1)
    assert login.address == "192.0.2.8"
    assert len([sql for sql in statements if sql.startswith("UPDATE login_session")]) == 1


def test_a_reader_costs_the_log_ins_nothing(client, author, statements):
    client.get("/")

    assert not any("login_session" in sql for sql in statements)


@pytest.mark.parametrize(("agent", "described"), [
    (FIREFOX_ON_LINUX, "Firefox on Linux"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
     "like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iOS"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 OPR/114.0.0.0", "Opera on Linux"),
    ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS"),
    ("curl/8.5.0", "Unknown browser"),
    ("", "Unknown browser"),
    ("<script>alert(1)</script> (Windows)", "A browser on Windows"),
    ("x" * 100_000 + " Firefox/133.0", "Unknown browser"),
])
def test_the_browser_is_named_briefly_from_its_user_agent(agent, described):
    assert describe_device(agent) == described
