"""Which settings the author may change, how each is checked, and where a value comes
from (see the package's docstring for the precedence)."""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app

from blog import cache
from blog.extensions import db
from blog.models import Setting
from blog.utils.dates import blog_zone

logger = logging.getLogger("blog.settings")

_SOURCES = "blog.settings.sources"


@dataclass(frozen=True)
class Editable:
    """A setting the author may change: its label, and ``clean(value)``, which returns the
    value to store or raises ValueError with a sentence for the person who typed it."""

    name: str
    label: str
    clean: Callable[[str], str]


def _text(max_length: int, required: bool) -> Callable[[str], str]:
    def clean(value: str) -> str:
        value = " ".join(str(value).split())
        if required and not value:
            raise ValueError("This cannot be empty.")
        if len(value) > max_length:
            raise ValueError(f"At most {max_length} characters, please.")
        return value

    return clean


def _time_zone(value: str) -> str:
    value = str(value).strip()
    try:
        blog_zone(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a time zone name; choose one such as Europe/Berlin."
        ) from None
    return value


EDITABLE = {
    editable.name: editable
    for editable in (
        Editable("TITLE", "Blog title", _text(200, required=True)),
        Editable("DESCRIPTION", "Description", _text(300, required=False)),
        Editable("TIMEZONE", "Time zone", _time_zone),
    )
}


def record_sources(app: Flask, sources: dict[str, str]) -> None:
    """Note which settings the configuration fixed, and where (called by the factory)."""
    app.extensions[_SOURCES] = dict(sources)


def fixed_source(name: str) -> str | None:
    """Where the configuration fixed ``name`` (a file, an environment variable), or None
    when the blog's stored value or the default applies."""
    return current_app.extensions.get(_SOURCES, {}).get(name)


def _stored() -> dict[str, object]:
    rows = db.session.execute(sa.select(Setting.name, Setting.value)).all()
    values = {}
    for name, raw in rows:
        try:
            values[name] = json.loads(raw)
        except ValueError:
            logger.warning("setting %s holds %r, which is not JSON; using the default", name, raw)
    return values


def _valid_stored() -> tuple[dict[str, object], dict[str, str]]:
    """The stored values that are still valid, and for the others why not (a time zone
    that tzdata no longer has, say)."""
    valid, invalid = {}, {}
    for name, value in _stored().items():
        editable = EDITABLE.get(name)
        if editable is None:
            continue
        try:
            valid[name] = editable.clean(value)
        except ValueError as error:
            invalid[name] = str(error)
    return valid, invalid


def _current() -> tuple[dict[str, object], dict[str, str]]:
    return cache.per_site_version("settings", _valid_stored)


def setting(name: str):
    """The value in force for ``name``."""
    if name in EDITABLE and fixed_source(name) is None:
        stored = _current()[0]
        if name in stored:
            return stored[name]
    return current_app.config[name]


def invalid_stored() -> dict[str, str]:
    """Stored values that no longer pass their check (they fall back to the default)."""
    return _current()[1]


def save_setting(name: str, value: str) -> str:
    """Check ``value`` and store it (uncommitted); return what was stored.

    :raise ValueError: with a sentence for the person, for a value that does not pass,
        a setting that is not editable, or one the configuration fixes.
    """
    editable = EDITABLE.get(name)
    if editable is None:
        raise ValueError(f"{name} is not a setting that can be changed in the blog.")
    source = fixed_source(name)
    if source is not None:
        raise ValueError(f"{name} is fixed by {source}; change it there.")
    cleaned = editable.clean(value)
    db.session.merge(Setting(name=name, value=json.dumps(cleaned)))
    return cleaned


def describe() -> list[tuple[str, object, str]]:
    """Every editable setting: its value in force and where that comes from."""
    stored = _current()[0]
    rows = []
    for name in EDITABLE:
        source = fixed_source(name)
        if source is None:
            source = "stored in the blog" if name in stored else "the default"
        rows.append((name, setting(name), source))
    return rows


class SettingsView:
    """``settings.TITLE`` in templates: the value in force, as ``setting`` gives it."""

    def __getattr__(self, name: str):
        if not name.isupper():
            raise AttributeError(name)
        return setting(name)
