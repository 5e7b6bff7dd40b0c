"""Which language a request is answered in, and which languages the interface speaks."""

from functools import cache
from pathlib import Path

from babel import Locale
from flask import has_request_context
from flask_babel import get_locale
from flask_login import current_user

from blog.settings import setting
from blog.web.author_pages import is_authors_page

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# The language the templates and the code are written in: no catalogue needed.
SOURCE_LANGUAGE = "en"


def babel_name(tag: str) -> str:
    """Babel's name for a language tag as the settings keep it: "de-CH" is "de_CH"."""
    return tag.replace("-", "_")


def language_tag(locale: Locale | None = None) -> str:
    """The language of this page as HTML's lang attribute takes it ("ar", "de-CH")."""
    locale = locale or get_locale()
    return "-".join(part for part in (locale.language, locale.script, locale.territory)
                    if part)


def select_locale() -> str:
    """Readers always get the blog's language, so a page kept for one reader is right for
    all of them; the author's own pages follow the language saved with their account."""
    if has_request_context() and is_authors_page() and current_user.is_authenticated:
        chosen = current_user.language
        if chosen:
            return babel_name(chosen)
    return babel_name(setting("LANGUAGE"))


def select_timezone() -> str:
    return setting("TIMEZONE")


def text_direction(locale: Locale | None = None) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian...), else
    "ltr": the page's ``dir``."""
    locale = locale or get_locale()
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


@cache
def interface_languages() -> tuple[tuple[str, str], ...]:
    """The languages the interface is translated into, English first, each with its
    name in itself ("العربية", "Deutsch"), for the author's choice of dashboard language.
    A language counts once its catalogue is in ``blog/translations/``."""
    shipped = sorted(path.parent.parent.name for path in
                     TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    return tuple(
        (name.replace("_", "-"), Locale.parse(name).get_display_name(name))
        for name in [SOURCE_LANGUAGE, *shipped]
    )
