"""Which addresses a visitor gave may become links: http and https ones, with a host."""

from urllib.parse import urlsplit


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
