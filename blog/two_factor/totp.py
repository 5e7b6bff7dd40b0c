"""Time-based one-time codes (RFC 6238): 6 digits, a new one every 30 seconds.

A code is accepted for the current step and one step either side (clocks drift), and
never twice: the step it belongs to is stored, and only a later step is accepted after it.
"""

import hmac
import re
from datetime import datetime

import pyotp
import segno
import sqlalchemy as sa
from markupsafe import Markup

from blog.extensions import db
from blog.models import Author
from blog.utils.database import utcnow

DRIFT_STEPS = 1
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


def new_secret() -> str:
    """A random 160-bit secret, in base32 as authenticator apps expect it."""
    return pyotp.random_base32()


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise(code: str) -> str:
    """The code without the spaces people type into it ("123 456")."""
    return "".join((code or "").split())


def looks_like_code(code: str) -> bool:
    return bool(_SIX_DIGITS.match(normalise(code)))


def provisioning_uri(secret: str, username: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_code_svg(uri: str, title: str) -> Markup:
    """The address as a QR code in inline SVG (dark on white, so it scans in dark mode).

    segno draws it from our own address and escapes the title, so the markup is safe.
    """
    svg = segno.make(uri, error="m").svg_inline(
        omitsize=True, dark="#000", light="#fff", title=title, svgclass="qr-code", lineclass=None
    )
    return Markup(svg)


def matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step (within the allowed drift) whose code this is, or None."""
    code = normalise(code)
    if not _SIX_DIGITS.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_code(author: Author, code: str, now: datetime | None = None) -> bool:
    """Whether the code is the author's current one and unused; if so, it is used up.

    The step is stored with a conditional UPDATE, so two requests racing with the same
    code (in two server processes) cannot both succeed.
    """
    if not author.two_factor_enabled:
        return False
    step = matching_step(author.totp_secret, code, now)
    if step is None:
        return False
    result = db.session.execute(
        sa.update(Author)
        .where(
            Author.id == author.id,
            sa.or_(Author.totp_last_step.is_(None), Author.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return result.rowcount == 1
