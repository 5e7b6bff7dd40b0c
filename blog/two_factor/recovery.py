"""Recovery codes: ten single-use codes that let the author in without the phone.

They are stored as plain SHA-256 digests, not with the password hasher: each code is 80
random bits, so no one can guess one from its digest, and checking a code stays cheap.
"""

import hashlib
import secrets
from base64 import b32encode

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Author, RecoveryCode

HOW_MANY = 10


def _digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code: str) -> str:
    """The code as stored: lower case, without the spaces and dashes people type."""
    return "".join(char for char in (code or "").lower() if char.isalnum())


def _new_code() -> str:
    letters = b32encode(secrets.token_bytes(10)).decode().lower()  # 16 characters
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def replace_codes(author: Author) -> list[str]:
    """Make a fresh set of codes (the old ones stop working) and return them, once."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.author_id == author.id))
    codes = [_new_code() for _ in range(HOW_MANY)]
    db.session.add_all(RecoveryCode(author_id=author.id, digest=_digest(code)) for code in codes)
    return codes


def use_code(author: Author, code: str) -> bool:
    """Whether the code is one of the author's unused ones; if so, it is used up.

    Deleting it is the check, so the same code sent twice at once works only once.
    """
    if not normalise(code):
        return False
    result = db.session.execute(
        sa.delete(RecoveryCode).where(
            RecoveryCode.author_id == author.id, RecoveryCode.digest == _digest(code)
        )
    )
    return result.rowcount == 1


def remaining(author: Author) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.author_id == author.id)
    )


def forget_codes(author: Author) -> None:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.author_id == author.id))
