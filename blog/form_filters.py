"""Filters for form fields that take text typed (or sent) by anyone."""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value: str | None) -> str | None:
    """Drop NULs and other invisible control characters; keep tabs and newlines.

    Nobody types them on purpose, and PostgreSQL refuses a NUL in any text.
    """
    return _CONTROL.sub("", value) if isinstance(value, str) else value
