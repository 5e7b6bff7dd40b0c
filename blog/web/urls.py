"""Which addresses the blog follows or links: a `next` only inside the blog, a visitor's
website only when it is an http(s) address; and the blog's own address, as it is kept."""

import ipaddress
import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

# The refusals below are lazy: the settings check the stored address with
# clean_blog_address while the page's language (a setting too) is still being read.


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


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_blog_address(value) -> str:
    """The blog's address as it is kept: ``scheme://host[:port]``, in lower case, the host
    in its ASCII form (IDNA: ``bücher.example`` is ``xn--bcher-kva.example``), without the
    scheme's default port or a trailing slash; "" for none (the blog answers to any host).

    :raise ValueError: with a sentence for the person who typed it.
    """
    text = str(value).strip()
    if not text:
        return ""
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in text):
        raise ValueError(_l("An address has no spaces in it."))
    if not re.match(r"https?://", text, re.IGNORECASE):
        raise ValueError(_l("Start the address with https:// (or http://), as in "
                           "https://blog.example.org."))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(
            _l("That is not an address: check the host name and the port.")
        ) from None
    if "@" in parts.netloc:
        raise ValueError(_l("Leave out the user name and password (the part before @)."))
    if parts.path not in ("", "/") or parts.query or parts.fragment or text[-1] in "?#":
        raise ValueError(_l("Give only the scheme and the host name (and a port if the blog "
                           "needs one), with nothing after them, as in "
                           "https://blog.example.org."))
    host = _ascii_host(parts.hostname or "")
    scheme = parts.scheme.lower()
    if port == 0:
        raise ValueError(_l("A port is a number from 1 to 65535."))
    shown_port = "" if port in (None, _DEFAULT_PORTS[scheme]) else f":{port}"
    return f"{scheme}://{host}{shown_port}"


def _ascii_host(host: str) -> str:
    """A host name in ASCII, or an IP address (IPv6 in brackets).

    :raise ValueError: for anything else.
    """
    problem = ValueError(_l("That host name will not do: use letters, digits, hyphens and "
                           "dots, as in blog.example.org."))
    if ":" in host:
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            raise problem from None
    try:
        name = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise problem from None
    labels = name.split(".")
    if not name or len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise problem
    if labels[-1].isdigit():  # a dotted number is an IPv4 address, or nothing
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            raise problem from None
    return name
