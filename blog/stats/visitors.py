"""Telling visitors apart without following them: the day's mark of a visitor is a keyed
hash (HMAC-SHA256, cut to 128 bits) of their address and User-Agent, under a key made
for that day alone from the app's secret key. The key is derived when it is needed and
never stored; the marks are kept only while their day can still get views (that day and
the next) and then deleted, so nothing is left that could link one day's visitor to
another's. The address and User-Agent themselves are never written anywhere."""

import hashlib
import hmac
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=8)
def _day_key(secret: bytes, day: date) -> bytes:
    return hmac.new(secret, b"blog.stats visitors " + day.isoformat().encode(),
                    hashlib.sha256).digest()


def visitor_mark(secret: str | bytes, day: date, address: str, agent: str) -> str:
    """The visitor's mark for ``day``: the same all day in every process and on every
    host sharing the secret key, and unrelated to their mark on any other day."""
    if isinstance(secret, str):
        secret = secret.encode()
    message = f"{address}\n{agent}".encode("utf-8", "replace")
    return hmac.new(_day_key(secret, day), message, hashlib.sha256).hexdigest()[:32]
