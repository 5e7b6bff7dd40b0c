"""Input from outside, made safe for both databases before any query sees it.

PostgreSQL refuses text with a NUL in it, and a number past the range of its INTEGER
columns is an error there and an OverflowError in SQLite: either would end in a 500.
So form fields lose their control characters (``blog.web.forms.BlogForm``), an address whose
variables hold any is not found, and numbers from outside are read within range here.
"""

import ipaddress
import re

from babel.numbers import format_decimal
from flask import Flask, has_app_context
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from werkzeug.routing import (
    IntegerConverter,
    Map,
    PathConverter,
    UnicodeConverter,
    ValidationError,
)

from blog.i18n.formatting import numbering_system, with_digits

# The largest PostgreSQL INTEGER: every id column, and far past any page number.
MAX_ID = 2**31 - 1

# Invisible characters nobody types on purpose; tab, newline and carriage return stay.
# U+FFFE and U+FFFF go too: they are not characters, and XML (the feeds) refuses them.
_TYPED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def without_control_characters(value):
    """``value`` without NULs, other control characters and the non-characters U+FFFE and
    U+FFFF; anything not text as it is."""
    return _TYPED_CONTROL.sub("", value) if isinstance(value, str) else value


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control character (a NUL, a newline, an escape...)."""
    return _ANY_CONTROL.search(text) is not None


def client_address(remote_addr: str | None) -> str:
    """The reader's address as the blog stores it (rate limits, log-in throttling): an
    IP address written the standard way, or "unknown". Behind more trusted proxies than
    there really are, X-Forwarded-For is the client's to write, and could be anything
    of any length."""
    try:
        return str(ipaddress.ip_address((remote_addr or "").strip()))
    except ValueError:
        return "unknown"


def whole_number(text: str | None, maximum: int = MAX_ID) -> int | None:
    """``text`` as a number from 1 to ``maximum``, or None for anything else.

    Only ASCII digits count ("²" and "١" pass ``str.isdigit``), and the length is checked
    before converting, since Python refuses to convert thousands of digits.
    """
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that stops at MAX_ID: a larger number in an address is not found.
    A rule may still name its own bounds (``<int(max=12):month>``)."""

    def __init__(self, map: Map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class _RefusesControlCharacters:
    def to_python(self, value: str):
        if has_control_characters(value):
            raise ValidationError()  # the rule does not match: a 404
        return super().to_python(value)


class TextConverter(_RefusesControlCharacters, UnicodeConverter):
    """``<name>`` and ``<string:name>``, never holding a control character."""


class TextPathConverter(_RefusesControlCharacters, PathConverter):
    """``<path:name>``, never holding a control character."""


def register_input_guards(app: Flask) -> None:
    """Bound ``<int:...>``, and keep control characters out of every text variable.

    Call before the blueprints are registered: a rule takes its converters when it is added.
    """
    app.url_map.converters.update(
        int=BoundedIntegerConverter,
        default=TextConverter,
        string=TextConverter,
        path=TextPathConverter,
    )


def size_in_words(size: int) -> str:
    """A number of bytes as people say it: '2 MB', '500 KB', '900 bytes' (in the page's
    language and digits: '2,5 MB', '٩٠٠ بايت')."""
    if size >= 1024 * 1024:
        return _("%(size)s MB", size=_written(round(size / (1024 * 1024), 1), "0.#"))
    if size >= 1024:
        return _("%(size)s KB", size=_written(round(size / 1024, 1), "0.#"))
    return ngettext("%(count)s byte", "%(count)s bytes", size, count=_written(size, "#,##0"))


def _written(value: float, pattern: str) -> str:
    """``value`` as the page's language writes it; as Python does outside a request or
    command (a size said with no blog around)."""
    if not has_app_context():
        return f"{value:,}" if pattern == "#,##0" else f"{value:g}"
    system = numbering_system()
    return with_digits(format_decimal(value, pattern, locale=get_locale(),
                                      numbering_system=system), system)
