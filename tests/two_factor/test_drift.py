"""Clock drift in two-factor log-in: the code of the current 30-second step is taken,
and so is the code of the step before or after it (a phone's clock a little off), but
nothing further away (docs/security.md, "Two-factor log-in")."""

from datetime import UTC, datetime

import pyotp
import pytest

from blog.extensions import db
from blog.models import Author

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
MOMENT = datetime(2030, 6, 3, 9, 0, 15, tzinfo=UTC)


@pytest.fixture
def authenticator(app, author) -> pyotp.TOTP:
    """Two-factor log-in switched on for the author; the app on the author's phone."""
    with app.app_context():
        db.session.get(Author, author).totp_secret = SECRET
        db.session.commit()
    return pyotp.TOTP(SECRET)


@pytest.fixture
def now(time_machine) -> datetime:
    """A moment in a step's middle, with the clock stopped at it: no step ends during
    the test, and with a fixed secret the codes are the same on every run (none of the
    refused ones happens to equal an accepted one)."""
    time_machine.move_to(MOMENT, tick=False)
    return MOMENT


@pytest.mark.parametrize("steps", [-1, 0, 1])
def test_the_code_of_this_step_or_the_next_or_last_logs_in(
    client, auth, authenticator, now, steps
):
    code = authenticator.at(now, counter_offset=steps)
    auth.login()

    response = client.post("/login/code", data={"code": code})

    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize("steps", [-100, -3, -2, 2, 3, 100])
def test_a_code_two_steps_or_more_away_is_refused(client, auth, authenticator, now, steps):
    code = authenticator.at(now, counter_offset=steps)
    auth.login()

    response = client.post("/login/code", data={"code": code})

    assert response.status_code == 200 and "That code is not right" in response.text
    assert client.get("/dashboard").status_code == 302
