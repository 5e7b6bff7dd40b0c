"""Switching two-factor log-in on and off, and checking a second factor of either kind."""

from blog.models import Author
from blog.two_factor import recovery, totp


def setup_secret(author: Author) -> str:
    """The secret this set-up offers: the one already offered (a reload shows the same QR
    code the app may have scanned), else a new one. The caller commits."""
    if author.totp_pending_secret is None:
        author.totp_pending_secret = totp.new_secret()
    return author.totp_pending_secret


def turn_on(author: Author, code: str) -> list[str] | None:
    """Switch it on if ``code`` is the current one for the secret the set-up offered; the
    new recovery codes.

    None, and nothing changed, when the code is wrong (the app was not set up right) or
    no set-up was started.
    """
    secret = author.totp_pending_secret
    step = None if secret is None else totp.matching_step(secret, code)
    if step is None:
        return None
    author.totp_secret = secret
    author.totp_pending_secret = None
    author.totp_last_step = step  # the confirming code cannot be used to log in again
    # A session someone else got before now must not outlive the second factor (the
    # view logs this browser in again).
    author.end_sessions()
    return recovery.replace_codes(author)


def turn_off(author: Author) -> None:
    author.totp_secret = None
    author.totp_last_step = None
    recovery.forget_codes(author)


def use_either(author: Author, code: str) -> bool:
    """Accept a current authenticator code or an unused recovery code (used up either way)."""
    if totp.looks_like_code(code):
        return totp.use_code(author, code)
    return recovery.use_code(author, code)
