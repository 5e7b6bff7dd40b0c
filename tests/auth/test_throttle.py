"""The log-in throttle's arithmetic: which failures count, how long a pause lasts, and
what a successful log-in forgets (the journeys are in test_auth.py and test_devices.py)."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from blog.auth.throttle import forget_failures, record_failure, retry_after, too_many_attempts
from blog.extensions import db
from blog.models import LoginFailure
from blog.utils.database import utcnow

WINDOW = timedelta(minutes=15)


def failures(*rows) -> None:
    """Failed log-ins as (address, username, device, minutes ago)."""
    now = utcnow()
    db.session.add_all(
        LoginFailure(address=address, username=username, device=device,
                     at=now - timedelta(minutes=ago))
        for address, username, device, ago in rows
    )
    db.session.commit()


def remaining() -> set[tuple]:
    return set(db.session.execute(
        sa.select(LoginFailure.address, LoginFailure.username, LoginFailure.device)).all())


def test_the_pause_lasts_until_the_oldest_counted_failure_leaves_the_window(app):
    with app.app_context():
        now = utcnow()
        # Six from unknown browsers: the five newest count, the oldest of them 10 min ago.
        failures(*[(f"198.51.100.{n}", "ana", None, ago)
                   for n, ago in enumerate([12, 10, 8, 6, 4, 2])])

        wait = retry_after("203.0.113.1", "ana", now=now)

        assert abs(wait - (WINDOW - timedelta(minutes=10))) < timedelta(seconds=2)
        assert retry_after("203.0.113.1", "ben", now=now) is None  # another account
        assert retry_after("203.0.113.1", "ana", device="mine", now=now) is None


def test_ten_failures_from_one_address_pause_it_for_any_account(app):
    with app.app_context():
        failures(*[("203.0.113.7", f"user{n}", None, 1) for n in range(9)])
        assert retry_after("203.0.113.7", "ana") is None  # nine are allowed

        failures(("203.0.113.7", "user9", None, 1))

        assert retry_after("203.0.113.7", "ana", device="mine") is not None
        assert retry_after("203.0.113.8", "zed") is None


def test_a_known_browser_is_paused_by_its_own_five_failures_alone(app):
    with app.app_context():
        failures(*[(f"198.51.100.{n}", "ana", "mine", 1) for n in range(4)],
                 *[(f"192.0.2.{n}", "ana", "theirs", 1) for n in range(5)])
        assert retry_after("203.0.113.1", "ana", device="mine") is None

        failures(("198.51.100.9", "ana", "mine", 1))

        assert retry_after("203.0.113.1", "ana", device="mine") is not None
        assert retry_after("203.0.113.1", "ana") is None  # unknown browsers: none of theirs


def test_recording_a_failure_forgets_only_those_past_the_window(app):
    with app.app_context():
        failures(("192.0.2.1", "ana", None, 16), ("192.0.2.2", "ana", None, 14))

        record_failure("192.0.2.3", "x" * 100, device="mine")
        db.session.commit()

        assert remaining() == {("192.0.2.2", "ana", None), ("192.0.2.3", "x" * 64, "mine")}
        newest = db.session.scalar(sa.select(sa.func.max(LoginFailure.at)))
        assert utcnow() - newest.replace(tzinfo=utcnow().tzinfo) < timedelta(seconds=5)


def test_a_log_in_forgets_its_address_and_its_browser_only(app):
    with app.app_context():
        failures(("192.0.2.1", "ana", None, 1), ("192.0.2.2", "ana", "mine", 1),
                 ("192.0.2.3", "ana", None, 1), ("192.0.2.4", "ana", "theirs", 1))

        forget_failures("192.0.2.1", device="mine")
        db.session.commit()

        assert remaining() == {("192.0.2.3", "ana", None), ("192.0.2.4", "ana", "theirs")}
        forget_failures("192.0.2.3")
        db.session.commit()
        assert remaining() == {("192.0.2.4", "ana", "theirs")}


def test_the_pause_page_says_the_minutes_and_retry_after_the_seconds(app):
    with app.test_request_context():
        for wait, minutes, seconds in ((timedelta(seconds=10), "1 minute.", "11"),
                                       (timedelta(seconds=91), "2 minutes.", "92"),
                                       (timedelta(seconds=170), "3 minutes.", "171"),
                                       (timedelta(minutes=14, seconds=20), "14 minutes.", "861")):
            page, status, headers = too_many_attempts(wait)
            assert status == 429 and headers == {"Retry-After": seconds}
            assert f"try again in about {minutes}" in " ".join(page.split())


def test_a_failure_exactly_one_window_old_has_left_it(app):
    """The window is half-open: a failure from exactly fifteen minutes ago neither counts
    towards a pause nor survives the next clean-up (the clock is frozen to the microsecond)."""
    with app.app_context(), time_machine.travel(utcnow(), tick=False):
        now = utcnow()
        failures(*[(f"198.51.100.{n}", "ana", None, 1) for n in range(4)],
                 ("198.51.100.9", "ana", None, 15))

        assert retry_after("203.0.113.1", "ana", now=now) is None

        record_failure("192.0.2.3", "ben")
        db.session.commit()

        assert ("198.51.100.9", "ana", None) not in remaining()
        assert len(remaining()) == 5
