"""Readable, unique URL slugs made from titles, in any script."""

import re
from collections.abc import Callable

from slugify import slugify

MAX_SLUG_LENGTH = 80

# Straight, curly and modifier-letter apostrophes: "Iraq’s" reads as one word, so its
# slug is "iraqs", not "iraq-s".
_APOSTROPHES = re.compile("['\u2019\u02bc]")


def slug_from_title(title: str) -> str:
    """A lower-case, hyphenated slug that keeps non-Latin letters (Arabic stays Arabic).

    Browsers show such addresses in their own script, so an Arabic title gets an Arabic
    address rather than a transliteration nobody can read.
    """
    return slugify_text(title) or "post"


def slugify_text(text: str) -> str:
    """The slug spelling of ``text``; empty when it has no letters or digits."""
    return slugify(
        _APOSTROPHES.sub("", text),
        allow_unicode=True,
        max_length=MAX_SLUG_LENGTH,
        word_boundary=True,
    )


def unique_slug(base: str, is_taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first one ``is_taken`` says is free."""
    candidate, number = base, 1
    while is_taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG_LENGTH - len(suffix)] + suffix
    return candidate
