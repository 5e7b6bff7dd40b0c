"""One-time codes at their edges: how much clock drift is forgiven, which steps count after
a used one, whose codes they are, and a QR code that scans in any theme (docs/mutation.md)."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import segno

from blog.extensions import db
from blog.models import Author
from blog.two_factor import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# A fixed moment, far from the test's own clock, at the start of a 30-second step.
NOW = datetime(2021, 3, 4, 5, 6, 0, tzinfo=UTC)


def code_at(moment: datetime, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


@pytest.fixture
def protected(app, author):
    """The author, with two-factor log-in on, inside an app context."""
    with app.app_context():
        saved = db.session.get(Author, author)
        saved.totp_secret = SECRET
        db.session.commit()
        yield saved


@pytest.mark.parametrize(("offset", "accepted"), [
    (-60, False), (-30, True), (0, True), (30, True), (60, False), (90, False),
])
def test_one_step_of_clock_drift_is_forgiven_either_way_and_no_more(offset, accepted):
    step = totp.matching_step(SECRET, code_at(NOW + timedelta(seconds=offset)), NOW)

    assert (step is not None) is accepted


def test_a_code_is_checked_at_the_moment_given_not_the_servers_clock(protected):
    assert totp.use_code(protected, code_at(NOW), now=NOW)


def test_a_later_code_still_works_after_one_is_used_but_an_earlier_one_does_not(protected):
    assert totp.use_code(protected, code_at(NOW), now=NOW)
    later = NOW + timedelta(seconds=30)

    assert totp.use_code(protected, code_at(later), now=later)
    assert not totp.use_code(protected, code_at(NOW), now=later)


def test_without_two_factor_no_code_is_accepted(app, author):
    with app.app_context():
        saved = db.session.get(Author, author)

        assert not totp.use_code(saved, code_at(NOW), now=NOW)


def test_a_code_used_by_one_account_leaves_another_untouched(protected):
    other = Author(username="someone-else", display_name="Someone Else",
                   totp_secret=pyotp.random_base32())
    other.set_password("another long password")
    db.session.add(other)
    db.session.flush()

    assert totp.use_code(protected, code_at(NOW), now=NOW)
    db.session.refresh(other)
    assert other.totp_last_step is None
    assert totp.use_code(other, code_at(NOW, other.totp_secret), now=NOW)


def test_the_qr_code_is_dark_on_white_with_medium_error_correction():
    uri = totp.provisioning_uri(SECRET, "ana", "Notes on Things")
    width = segno.make(uri, error="m").symbol_size(scale=1)[0]

    svg = str(totp.qr_code_svg(uri, "QR code for Notes on Things"))

    assert svg.startswith(f'<svg viewBox="0 0 {width} {width}" class="qr-code">'
                          "<title>QR code for Notes on Things</title>")
    assert f'<path fill="#fff" d="M0 0h{width}v{width}h-{width}z"/>' in svg
    assert re.search(r'<path stroke="#000" d="M', svg)
    assert "width=" not in svg and "qrline" not in svg
