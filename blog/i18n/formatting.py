"""Dates, times and numbers written the way the page's language writes them (Babel),
in the blog's time zone, with the digits the DIGITS setting asks for."""

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from blog.settings import setting
from blog.utils.dates import current_zone

# The digit zero of the numbering systems a language may call its own (CLDR's names);
# the other nine follow it in Unicode. A system not listed here is written in 0-9.
_ZEROS = {
    "arab": "\u0660",  # Arabic-Indic: ٠١٢٣٤٥٦٧٨٩
    "arabext": "\u06f0",  # Extended Arabic-Indic (Persian, Urdu): ۰۱۲۳۴۵۶۷۸۹
    "beng": "\u09e6",  # Bengali
    "deva": "\u0966",  # Devanagari
    "mymr": "\u1040",  # Myanmar
    "thai": "\u0e50",  # Thai
}


def numbering_system(locale: Locale | None = None) -> str:
    """The digits pages use: the language's own default (CLDR's: Latin for "ar",
    Arabic-Indic for "ar-EG"), or what the DIGITS setting chose instead."""
    locale = locale or get_locale()
    chosen = setting("DIGITS")
    if chosen == "latin":
        return "latn"
    if chosen == "native":
        return locale.other_numbering_systems.get("native", "latn")
    return locale.default_numbering_system


def with_digits(text: str, system: str) -> str:
    """``text`` with its 0-9 written in ``system``'s digits."""
    zero = _ZEROS.get(system)
    if zero is None:
        return text
    return text.translate({ord("0") + n: chr(ord(zero) + n) for n in range(10)})


def long_date(day: date) -> str:
    """A date header: "Saturday, February 1, 2020", "Samstag, 1. Februar 2020",
    "السبت، 1 فبراير 2020"."""
    locale = get_locale()
    return _date_in(day, "full", locale, numbering_system(locale))


def short_time(moment: datetime) -> str:
    """A stored UTC time as the blog's clock reads it: "9:05 AM", "09:05", "9:05 ص"."""
    clock = moment.astimezone(current_zone()).time().replace(second=0, microsecond=0)
    locale = get_locale()
    return _time_in(clock, locale, numbering_system(locale))


# Babel spends about 25 µs on a date or a time, and a page of 200 comments writes 400 of
# them, mostly the same few days and minutes: each is written once per process, for each
# pattern, language and digits.
@lru_cache(maxsize=4096)
def _date_in(day: date, pattern: str, locale: Locale, system: str) -> str:
    return with_digits(format_date(day, format=pattern, locale=locale), system)


@lru_cache(maxsize=4096)
def _time_in(clock: time, locale: Locale, system: str) -> str:
    return with_digits(format_time(clock, format="short", locale=locale), system)


def month_name(year: int, month: int) -> str:
    """An archive month: "February 2020", "Februar 2020", "فبراير 2020"."""
    locale = get_locale()
    return _date_in(date(year, month, 1), "LLLL y", locale, numbering_system(locale))


def number(value: int) -> str:
    """A count with its thousands grouped as the language groups them: "12,345",
    "12.345", "١٢٬٣٤٥"."""
    locale = get_locale()
    system = numbering_system(locale)
    # Every system numbering_system() names is one the locale has symbols for.
    text = format_decimal(value, locale=locale, numbering_system=system)
    return with_digits(text, system)


def list_separator() -> str:
    """What stands between the items of a list such as a post's labels: ", " in English,
    "، " in Arabic (CLDR's list patterns join with "and", "و", which labels are not)."""
    # Translators: what separates the items of a list, such as a post's labels
    # ("Energy, Economics"); in Arabic "، ".
    return _(", ")
