"""How long "Remember me" lasts: 30 days from the log-in (README, "Settings",
REMEMBER_COOKIE_DURATION), not a year, not for ever; with the password alone, or with
two-factor log-in."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pyotp
import pytest

from blog.extensions import db
from blog.models import Author
from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME

MOMENT = datetime(2030, 6, 3, 9, 0, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def clock(time_machine):
    """The clock, stopped at MOMENT."""
    time_machine.move_to(MOMENT, tick=False)
    return time_machine


def remember_cookie(response) -> dict[str, str]:
    """The attributes of the "remember me" cookie a response sets, by lower-case name."""
    [cookie] = [value for value in response.headers.getlist("Set-Cookie")
                if value.startswith("remember_token=")]
    attributes = [part.strip().partition("=") for part in cookie.split(";")[1:]]
    return {name.lower(): value for name, _, value in attributes}


def assert_lasts_30_days(cookie: dict[str, str]) -> None:
    expires = parsedate_to_datetime(cookie["expires"])
    assert abs(expires - (MOMENT + timedelta(days=30))) <= timedelta(minutes=1)
    if "max-age" in cookie:
        assert abs(int(cookie["max-age"]) - 30 * 24 * 3600) <= 60


def log_in_remembered(client):
    return client.post("/login", data={
        "username": AUTHOR_USERNAME, "password": AUTHOR_PASSWORD, "remember": "y"})


def test_remember_me_lasts_30_days(client, author, clock):
    response = log_in_remembered(client)

    assert response.status_code == 302
    assert_lasts_30_days(remember_cookie(response))


def test_remember_me_lasts_30_days_after_a_two_factor_log_in(app, client, author, clock):
    with app.app_context():
        db.session.get(Author, author).totp_secret = SECRET
        db.session.commit()
    log_in_remembered(client)

    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).at(MOMENT)})

    assert response.status_code == 302
    assert_lasts_30_days(remember_cookie(response))
