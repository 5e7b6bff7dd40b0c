"""Limits that count within a window of time: failed log-ins (15 minutes: 5 for one
account, 10 from one address) and comments from one address (5 a minute). What happened
before the window stops counting; what happened inside it still counts.

The clock is stopped and moved on by hand (time-machine), so no test waits and none
depends on how fast the machine is. The numbers are the blog's defaults, written out.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import AUTHOR_PASSWORD

JUST_INSIDE = timedelta(minutes=15) - timedelta(seconds=1)
JUST_OUTSIDE = timedelta(minutes=15) + timedelta(seconds=1)


@pytest.fixture
def clock(time_machine):
    """The clock, stopped at this moment; a test moves it on with ``clock.shift``."""
    time_machine.move_to(datetime.now(UTC), tick=False)
    return time_machine


def fail_to_log_in(auth, usernames):
    for username in usernames:
        assert auth.login(username=username, password="wrong").status_code == 200


FAILURES = {
    "for one account": ["ana"] * 5,
    "from one address": [f"guess{number}" for number in range(10)],
}


@pytest.mark.parametrize("usernames", FAILURES.values(), ids=FAILURES.keys())
def test_failed_log_ins_inside_the_window_still_pause_logging_in(
    client, auth, author, clock, usernames
):
    fail_to_log_in(auth, usernames)
    clock.shift(JUST_INSIDE)

    refused = auth.login()

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] in ("1", "2")
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize("usernames", FAILURES.values(), ids=FAILURES.keys())
def test_failed_log_ins_older_than_the_window_stop_counting(
    client, auth, author, clock, usernames
):
    fail_to_log_in(auth, usernames)
    assert auth.login().status_code == 429
    clock.shift(JUST_OUTSIDE)

    response = auth.login(password=AUTHOR_PASSWORD)

    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_one_failure_inside_the_window_with_four_older_ones_does_not_pause(
    client, auth, author, clock
):
    fail_to_log_in(auth, ["ana"] * 4)
    clock.shift(timedelta(minutes=10))
    fail_to_log_in(auth, ["ana"])  # five in all, four of them soon outside the window
    clock.shift(timedelta(minutes=5, seconds=1))

    assert auth.login().status_code == 302


@pytest.fixture
def post(app, make_post):
    app.config["COMMENT_MODE"] = "open"
    return make_post(title="Grid Tariffs", body="Why fixed charges on the electricity grid rise.")


def send_comment(client, post, body: str):
    """Fill in the comment form under ``post`` the way a reader does."""
    page = client.get(post.path).text
    shown = re.search(r'name="shown" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(f"/posts/{post.id}/comments", data={
        "name": "", "website": "", "homepage": "", "parent_id": "", "shown": shown,
        "body": body})


def send_five_comments(client, post):
    for number in range(5):
        assert send_comment(client, post, f"Remark {number}.").status_code == 302


def test_comments_inside_the_minute_still_count(client, post, clock):
    send_five_comments(client, post)
    clock.shift(timedelta(seconds=59))

    assert send_comment(client, post, "One too many.").status_code == 429


def test_comments_older_than_a_minute_stop_counting(client, post, clock):
    send_five_comments(client, post)
    clock.shift(timedelta(seconds=61))

    assert send_comment(client, post, "A minute later.").status_code == 302
