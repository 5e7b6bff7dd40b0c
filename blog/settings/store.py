"""Which settings the author may change, how each is checked, and where a value comes
from (see the package's docstring for the precedence)."""

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from flask import Flask, current_app
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import Markup

from blog import cache
from blog.extensions import db
from blog.markup import short_markdown_to_html
from blog.models import Setting
from blog.utils.dates import blog_zone
from blog.web.urls import clean_blog_address

logger = logging.getLogger("blog.settings")

_SOURCES = "blog.settings.sources"
SOURCE_LANGUAGE = "en"  # the language the code and templates are written in


@dataclass(frozen=True)
class Editable:
    """A setting the author may change: where it sits on the settings page, its label and
    hint (lazy strings, written in the language of the page that shows them), how it is
    asked for (``kind``: "line", "text", "number", "choice", "switch" or "zone"), and
    ``clean(value)``, which returns the value to store or raises ValueError with a
    sentence for the person who typed it."""

    name: str
    section: str
    label: str | LazyString
    clean: Callable[[object], object]
    kind: str = "line"
    hint: str | LazyString = ""
    choices: tuple[tuple[str, str | LazyString], ...] = ()
    bounds: tuple[int, int] | None = None


def _problem(write: Callable[[], str]) -> ValueError:
    """A ValueError whose sentence is written when it is read, in the language of the page
    or command that reads it. Stored values are checked while the settings themselves are
    being read, before the page knows its language (which is a setting) or its digits."""
    return ValueError(LazyString(write))


def _number(value: int) -> str:
    # Grouped as the page's language groups digits. Not blog.i18n's number(): a shared
    # package imports no feature, and that one reads the DIGITS setting from here.
    return format_decimal(value)


def _text(max_length: int, required: LazyString | None = None, lines: bool = False):
    """Text up to ``max_length``; ``required`` is what to say when it is empty (lazy, so
    it is not written before it is needed)."""

    def clean(value) -> str:
        value = str(value).replace("\r\n", "\n").strip() if lines else " ".join(str(value).split())
        if required is not None and not value:
            raise ValueError(required)
        if len(value) > max_length:
            raise _problem(lambda: _("At most %(count)s characters, please.",
                                     count=_number(max_length)))
        return value

    return clean


def _whole_number(low: int, high: int):
    def clean(value) -> int:
        text = str(value).strip()
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or isinstance(value, bool) or not low <= number <= high:
            raise _problem(lambda: _("Give a whole number from %(low)s to %(high)s.",
                                     low=_number(low), high=_number(high)))
        return number

    return clean


def _one_of(choices: tuple[tuple[str, str | LazyString], ...]):
    allowed = [value for value, __ in choices]

    def clean(value) -> str:
        if str(value) not in allowed:
            raise _problem(lambda: _("Choose one of: %(choices)s.", choices=", ".join(
                str(label) for __, label in choices)))
        return str(value)

    return clean


def _switch(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on", "y"}:
        return True
    if text in {"", "0", "false", "no", "off", "n"}:
        return False
    # Translators: yes, no, true and false are typed as they are, in English.
    raise _problem(lambda: _("Say yes or no (true or false)."))


def _time_zone(value) -> str:
    value = str(value).strip()
    try:
        blog_zone(value)
    except ValueError:
        raise _problem(lambda: _(
            "%(value)s is not a time zone name; choose one such as Europe/Berlin.",
            value=repr(value))) from None
    return value


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?", re.IGNORECASE)


def _language(value) -> str:
    """A language as HTML's lang attribute takes it ("en", "ar", "de-CH", "zh-Hant"),
    known to Babel's locale data."""
    text = str(value).strip().replace("_", "-")
    problem = _problem(lambda: _(
        "%(value)s is not a language code; use one such as en, ar, de or pt-BR.",
        value=repr(text)))
    if not _LANGUAGE_TAG.fullmatch(text):
        raise problem
    try:
        locale = Locale.parse(text, sep="-")
    except (ValueError, UnknownLocaleError):
        raise problem from None
    parts = [locale.language, locale.script, locale.territory]
    return "-".join(part for part in parts if part)


COMMENT_MODES = (
    ("open", _l("Open: comments appear at once")),
    ("first_time", _l("First-time commenters wait for approval")),
    ("moderated", _l("Every comment waits for approval")),
    ("closed", _l("Closed: no new comments")),
)
DIGITS = (("default", _l("As the language usually writes them")),
          ("latin", _l("Western digits: 0123456789")),
          ("native", _l("The language's own digits, such as Arabic-Indic: ٠١٢٣٤٥٦٧٨٩")))
FEED_CONTENTS = (("full", _l("The whole post")),
                 ("summary", _l("A summary, linking to the post")))
POPULAR_PERIODS = (("off", _l("Not shown")), ("7", _l("Most read in the last 7 days")),
                   ("30", _l("Most read in the last 30 days")),
                   ("all", _l("Most read of all time")))

# The settings page's sections, in order, with their titles.
SECTIONS = {
    # Translators: the titles of the settings page's sections: the blog, reading it, comments.
    "blog": _l("Blog"), "reading": _l("Reading"), "comments": _l("Comments"),
}

EDITABLE = {
    editable.name: editable
    for editable in (
        Editable("TITLE", "blog", _l("Blog title"),
                 _text(200, required=_l("Give the blog a title."))),
        Editable("DESCRIPTION", "blog", _l("Description"), _text(300),
                 hint=_l("A line under the title, and what search engines show.")),
        Editable("ADDRESS", "blog", _l("The blog's address"), clean_blog_address,
                 hint=_l("Where readers find the blog: https:// and the host name (and a port "
                         "if it needs one). Links in pages, feeds, the sitemap and mail are "
                         "made from it, and a request for any other host name is refused. "
                         "Left empty, the blog answers to any host name and makes its links "
                         "from each request's: for trying it out on your own machine only.")),
        Editable("FOOTER", "blog", _l("Footer"), _text(1000, lines=True), kind="text",
                 hint=_l("Shown at the foot of every page: a copyright line, a licence, a "
                         "link. Markdown links and emphasis work.")),
        Editable("SIDEBAR_PAGES", "blog", _l("List the pages in the sidebar"), _switch,
                 kind="switch",
                 hint=_l("Every published page, under \"Pages\"; the navigation bar shows "
                         "those you placed in it either way.")),
        Editable("POPULAR_POSTS", "blog", _l("Popular posts in the sidebar"),
                 _one_of(POPULAR_PERIODS), kind="choice", choices=POPULAR_PERIODS,
                 hint=_l("The five posts readers viewed most, as the statistics count them.")),
        Editable("POSTS_PER_PAGE", "reading", _l("Posts per page"), _whole_number(1, 100),
                 kind="number", bounds=(1, 100),
                 hint=_l("On the home page, archive and label pages, and search results.")),
        Editable("TIMEZONE", "reading", _l("Time zone"), _time_zone, kind="zone",
                 hint=_l("Dates, times and the archive's months follow it.")),
        Editable("LANGUAGE", "reading", _l("Language of the blog"), _language,
                 hint=_l("A language code such as en, ar, de or pt-BR: browsers, screen "
                         "readers and search engines read the blog in it.")),
        Editable("DIGITS", "reading", _l("Digits"), _one_of(DIGITS), kind="choice",
                 choices=DIGITS,
                 hint=_l("How dates, times and counts write their numbers. Most languages "
                         "have only 0-9; Arabic can use 0-9 or ٠-٩.")),
        Editable("FEED_CONTENT", "reading", _l("In the feeds"), _one_of(FEED_CONTENTS),
                 kind="choice", choices=FEED_CONTENTS),
        Editable("MAIL_POST_CONTENT", "reading", _l("In the mail to followers"),
                 _one_of(FEED_CONTENTS), kind="choice", choices=FEED_CONTENTS,
                 hint=_l("What readers who follow the blog by e-mail get of each new post.")),
        Editable("NOINDEX", "reading", _l("Ask search engines not to index this blog"),
                 _switch, kind="switch",
                 hint=_l("Pages say noindex and robots.txt says Disallow: /. Whether a search "
                         "engine honours that is up to it.")),
        Editable("COMMENT_MODE", "comments", _l("Comments"), _one_of(COMMENT_MODES),
                 kind="choice", choices=COMMENT_MODES,
                 hint=_l("Each post can say otherwise in the editor.")),
        Editable("COMMENT_MAX_DEPTH", "comments", _l("Replies nest this deep"),
                 _whole_number(1, 10), kind="number", bounds=(1, 10),
                 hint=_l("Deeper replies join the last level.")),
        Editable("COMMENTS_PER_PAGE", "comments", _l("Comments per page"),
                 _whole_number(10, 1000), kind="number", bounds=(10, 1000),
                 hint=_l("Under a post, oldest first; a thread is never split, so a page "
                         "can run over by the rest of its last thread.")),
        Editable("COMMENT_MAX_LENGTH", "comments", _l("Longest comment (characters)"),
                 _whole_number(100, 100_000), kind="number", bounds=(100, 100_000)),
        Editable("COMMENT_MAX_LINKS", "comments", _l("Links allowed in a comment"),
                 _whole_number(0, 100), kind="number", bounds=(0, 100),
                 hint=_l("Counting the commenter's website; each link beyond these adds to "
                         "the spam score.")),
        Editable("COMMENT_SPAM_THRESHOLD", "comments", _l("Spam threshold"),
                 _whole_number(1, 100), kind="number", bounds=(1, 100),
                 hint=_l("A comment whose spam score reaches this goes to the spam folder; "
                         "lower catches more.")),
        Editable("COMMENT_MIN_SECONDS", "comments", _l("Fewest seconds to write a comment"),
                 _whole_number(0, 3600), kind="number", bounds=(0, 3600),
                 hint=_l("Sent faster than this after the form was shown looks like a bot.")),
        Editable("MAIL_EVERY_COMMENT", "comments", _l("Mail me every published comment too"),
                 _switch, kind="switch",
                 hint=_l("Comments that wait for approval are always mailed to you (when a "
                         "mail server is set and your account has an e-mail address); spam "
                         "never is.")),
        Editable("MAIL_COMMENT_DIGEST", "comments", _l("One mail a day instead of one a comment"),
                 _switch, kind="switch",
                 hint=_l("The day's comments that wait for approval (and the published ones, "
                         "if you asked for those) in one mail, the first time the blog sends "
                         "mail each day.")),
        Editable("COMMENT_RATE_LIMIT", "comments", _l("Most comments from one address at once"),
                 _whole_number(1, 1000), kind="number", bounds=(1, 1000),
                 hint=_l("Counted over the rate window (a minute unless the configuration "
                         "says otherwise); more are asked to wait.")),
    )
}


def record_sources(app: Flask, sources: dict[str, str]) -> None:
    """Note which settings the configuration fixed, and where (called by the factory)."""
    app.extensions[_SOURCES] = dict(sources)


def fixed_source(name: str) -> str | None:
    """Where the configuration fixed ``name`` (a file, an environment variable), or None
    when the blog's stored value or the default applies. A lazy string, written in the
    language of whoever reads it: ``str()`` it to show it. (Deciding a page's language
    asks this too, so it must not be written here.)"""
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


def _valid_stored() -> tuple[dict[str, object], dict[str, object]]:
    """The stored values that are still valid, and those that are not (a time zone that
    tzdata no longer has, say). Nobody reads why here, and the page's language is itself
    a setting: so the checks run in the source language, and the reasons are written
    when a page asks (``invalid_stored``)."""
    valid, invalid = {}, {}
    with force_locale(SOURCE_LANGUAGE):
        for name, value in _stored().items():
            editable = EDITABLE.get(name)
            if editable is None:
                continue
            try:
                valid[name] = editable.clean(value)
            except ValueError:
                invalid[name] = value
    return valid, invalid


def _current() -> tuple[dict[str, object], dict[str, object]]:
    return cache.per_site_version("settings", _valid_stored)


def setting(name: str):
    """The value in force for ``name``."""
    if name in EDITABLE and fixed_source(name) is None:
        stored = _current()[0]
        if name in stored:
            return stored[name]
    return current_app.config[name]


def given(name: str) -> bool:
    """Whether the configuration or the blog gives ``name`` a value, rather than the
    default applying."""
    return fixed_source(name) is not None or name in _current()[0]


def invalid_stored() -> dict[str, str]:
    """Stored values that no longer pass their check (they fall back to the default), each
    with why not, in the page's language."""
    reasons = {}
    for name, value in _current()[1].items():
        try:
            EDITABLE[name].clean(value)
        except ValueError as error:
            reasons[name] = str(error)
    return reasons


def save_setting(name: str, value):
    """Check ``value`` and store it (uncommitted); return what was stored.

    :raise ValueError: with a sentence for the person, for a value that does not pass,
        a setting that is not editable, or one the configuration fixes.
    """
    editable = EDITABLE.get(name)
    if editable is None:
        raise ValueError(_("%(name)s is not a setting that can be changed in the blog.",
                           name=name))
    source = fixed_source(name)
    if source is not None:
        raise ValueError(_("%(name)s is fixed by %(source)s; change it there.",
                           name=name, source=source))
    cleaned = editable.clean(value)
    db.session.merge(Setting(name=name, value=json.dumps(cleaned)))
    return cleaned


def stored_settings() -> dict[str, object]:
    """The values stored in the blog, as stored (for the export), by name."""
    return dict(sorted(_stored().items()))


def restore_settings(values: object) -> None:
    """Store the settings an export carried (uncommitted), each checked as the settings
    page checks it. Names this blog does not know (from a newer version) are skipped; a
    value fixed by the configuration is stored all the same, as it was in the export;
    the blog's address is restored only when this blog has none.

    :raise ValueError: naming the setting and why, for a value that will not do.
    """
    if not isinstance(values, dict):
        raise ValueError(_("\"settings\" should map names to values"))
    for name, value in values.items():
        editable = EDITABLE.get(name)
        if editable is None:
            logger.warning("the export's setting %r is not one this blog has; skipped", name)
            continue
        if name == "ADDRESS" and given(name):
            # The address belongs to where the blog runs now: one from a copy on another
            # host would make this blog refuse the name it answers to.
            logger.info("the export's ADDRESS %r is skipped: this blog has its own", value)
            continue
        if value is None or isinstance(value, (dict, list)):
            raise ValueError(_("the setting %(name)s holds %(value)s", name=name,
                               value=repr(value)))
        try:
            cleaned = editable.clean(value)
        except ValueError as error:
            raise ValueError(_("the setting %(name)s will not do: %(problem)s", name=name,
                               problem=str(error))) from None
        db.session.merge(Setting(name=name, value=json.dumps(cleaned)))


def settings_sections() -> list[tuple[str, str, list[Editable]]]:
    """The settings page's sections, each as (key, title, its settings in order)."""
    return [(key, title, [editable for editable in EDITABLE.values() if editable.section == key])
            for key, title in SECTIONS.items()]


def describe() -> list[tuple[str, object, str]]:
    """Every editable setting: its value in force and where that comes from."""
    stored = _current()[0]
    rows = []
    for name in EDITABLE:
        source = fixed_source(name)
        if source is None:
            source = _("stored in the blog") if name in stored else _("the default")
        rows.append((name, setting(name), source))
    return rows


def footer_html() -> Markup:
    """The footer text as HTML (rendered once per site version)."""
    return Markup(cache.per_site_version(
        "footer", lambda: short_markdown_to_html(str(setting("FOOTER")))))


class SettingsView:
    """``settings.TITLE`` in templates: the value in force, as ``setting`` gives it."""

    def __getattr__(self, name: str):
        if not name.isupper():
            raise AttributeError(name)
        return setting(name)
