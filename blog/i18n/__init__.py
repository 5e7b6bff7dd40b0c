"""The blog in its readers' language (Flask-Babel).

Readers always get the blog's language (the LANGUAGE setting), so a kept page is the
same for every reader; the author's own pages follow the language saved with their
account, when they chose one (``blog.i18n.locale``). Dates, times and numbers are written
by Babel the way that language writes them (``blog.i18n.formatting``). Catalogues live in
``blog/translations/`` and are compiled by ``scripts/serve`` and ``scripts/test``
(``scripts/translations`` extracts, adds a language and compiles).
"""

from flask import Flask

from blog.extensions import babel
from blog.i18n.formatting import (
    list_separator,
    long_date,
    month_name,
    number,
    short_time,
)
from blog.i18n.locale import (
    interface_languages,
    language_tag,
    select_locale,
    select_timezone,
    text_direction,
)

__all__ = [
    "init_app", "interface_languages", "language_tag", "list_separator", "long_date",
    "month_name", "number", "short_time", "text_direction",
]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.add_template_global(language_tag)
    app.add_template_global(text_direction)
    app.add_template_filter(long_date)
    app.add_template_filter(short_time, "localtime")
    app.add_template_filter(number, "thousands")
    app.add_template_global(month_name)
    app.add_template_global(list_separator)
