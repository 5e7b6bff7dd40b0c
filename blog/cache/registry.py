"""What the features have told the page cache: which cookies and session keys make a
page personal, which are harmless, and which slots to fill as a cached page goes out.

A page is served from the cache, and may be kept there, only when it is the same for
every reader who asks for it. The cache cannot know on its own what makes a page
personal, so each feature registers its cookies and session keys when its blueprint is
registered (``Blueprint.record_once``). A cookie or session key that nobody registered
is a mistake the cache refuses to guess about: under ``TESTING`` or ``DEBUG`` the response
that sets it fails loudly; in production it is taken as personal from then on (and
logged), so the worst a forgotten registration costs is speed, never one reader's page
served to another.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import Flask

logger = logging.getLogger("blog.cache")

_EXTENSION = "blog.cache.registry"


class UnregisteredCookie(RuntimeError):
    """A response set a cookie or session key the page cache was never told about."""


@dataclass(frozen=True)
class Slot:
    """A place in a cached page whose text is made afresh each time the page goes out.

    ``fill(key)`` makes the text; ``key`` is what the page noted beside the slot (the
    post's id, say), so one function serves every page."""

    name: str
    fill: Callable[[str], str]


@dataclass
class CacheRegistry:
    personal_cookies: set[str] = field(default_factory=set)
    harmless_cookies: set[str] = field(default_factory=set)
    personal_session_keys: set[str] = field(default_factory=set)
    harmless_session_keys: set[str] = field(default_factory=set)
    slots: dict[str, Slot] = field(default_factory=dict)
    strict: bool = True  # refuse unknown cookies loudly (tests, debugging)

    def same_for_every_reader(self, session: Mapping, cookies: Mapping) -> bool:
        """No personal session key and no personal cookie: judged from the session's
        contents and the cookies' names, without loading a user."""
        return (self.personal_session_keys.isdisjoint(session)
                and self.personal_cookies.isdisjoint(cookies))

    def check_cookie(self, name: str) -> None:
        """Make sure a cookie the app is setting has been registered (see the module)."""
        if name not in self.personal_cookies and name not in self.harmless_cookies:
            self._unknown("cookie", name, self.personal_cookies)

    def check_session_keys(self, keys) -> None:
        """Make sure every key of a session the app is saving has been registered."""
        for key in keys:
            if key not in self.personal_session_keys and key not in self.harmless_session_keys:
                self._unknown("session key", key, self.personal_session_keys)

    def _unknown(self, kind: str, name: str, personal: set[str]) -> None:
        message = (
            f"The {kind} {name!r} is not registered with the page cache: say whether it "
            f"makes a page personal (blog.cache.personal_cookie / personal_session_key) "
            f"or is harmless (blog.cache.harmless_cookie / harmless_session_key), where "
            f"the feature that sets it registers its blueprint."
        )
        if self.strict:
            raise UnregisteredCookie(message)
        logger.warning("%s Treated as personal from now on.", message)
        personal.add(name)


def registry_for(app: Flask) -> CacheRegistry:
    """The app's registry, made on first use (blueprints may register before the cache
    is set up)."""
    found = app.extensions.get(_EXTENSION)
    if found is None:
        found = app.extensions[_EXTENSION] = CacheRegistry()
    return found


def personal_cookie(app: Flask, *names: str) -> None:
    """A request carrying any of these cookies gets a page made for it alone."""
    registry_for(app).personal_cookies.update(names)


def harmless_cookie(app: Flask, *names: str) -> None:
    """These cookies change nothing on a reader's page (the cache ignores them)."""
    registry_for(app).harmless_cookies.update(names)


def personal_session_key(app: Flask, *keys: str) -> None:
    """A session holding any of these keys gets a page made for it alone."""
    registry_for(app).personal_session_keys.update(keys)


def harmless_session_key(app: Flask, *keys: str) -> None:
    """These session keys change nothing on a reader's page."""
    registry_for(app).harmless_session_keys.update(keys)


def page_slot(app: Flask, name: str, fill: Callable[[str], str]) -> None:
    """Register a slot: text a page holds that ``fill(key)`` makes afresh each time the
    cached page goes out (the page notes it with ``blog.cache.fill_slot``)."""
    registry_for(app).slots[name] = Slot(name, fill)
