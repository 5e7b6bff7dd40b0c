"""Which addresses the blog follows or links: a `next` only inside the blog, a visitor's
website only when it is an http(s) address."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read "\" as "/", and control characters can smuggle in a host.
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target



def is_web_address(address: str | None) -> bool:
    """Whether ``address`` is an http(s) address with a host name.

    Read as browsers read it (urlsplit drops the same leading spaces, control characters,
    tabs and newlines), so a ``javascript:`` hidden behind any of them is refused.
    """
    if not address:
        return False
    try:
        parts = urlsplit(address)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an unbalanced "[" in the host, as in "http://[x](y)"
        return False
