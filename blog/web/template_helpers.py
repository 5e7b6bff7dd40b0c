"""Filters and globals every template may use to show dates, addresses and stored HTML
(features add their own when their blueprint is registered; blog.i18n adds the ones that
write dates, times and numbers in the page's language)."""

from flask import Flask, request, url_for

from blog.markup import as_markup, first_sentence, scope_ids
from blog.settings import SettingsView, footer_html
from blog.utils.dates import current_zone
from blog.web.address import absolute_urls
from blog.web.inputs import size_in_words, whole_number
from blog.web.pagination import MAX_PAGE
from blog.web.urls import is_web_address


def local_iso(moment) -> str:
    """A machine-readable time for <time datetime=...>, with the blog's offset."""
    return moment.astimezone(current_zone()).isoformat(timespec="seconds")


def local_date(moment):
    return moment.astimezone(current_zone()).date()


def canonical_url() -> str | None:
    """This page's address without stray query arguments (``page`` and a post's comment
    page ``cpage`` kept past page 1)."""
    if request.url_rule is None or request.endpoint is None:
        return None
    args = dict(request.view_args or {})
    for name in ("page", "cpage"):
        number = whole_number(request.args.get(name), maximum=MAX_PAGE)
        if number and number > 1:
            args[name] = number
    return url_for(request.endpoint, **args, _external=True)


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(local_iso)
    app.add_template_filter(local_date)
    app.add_template_filter(first_sentence)
    app.add_template_filter(size_in_words)
    # Only HTML that blog.markup produced and sanitised goes through this filter.
    app.add_template_filter(as_markup, "stored_html")
    app.add_template_filter(scope_ids, "stored_html_scoped")
    # Stored HTML read away from the blog (mail): its own links made absolute.
    app.add_template_filter(absolute_urls)
    # A commenter's website is linked only if it is one (restored exports are not checked).
    app.add_template_test(is_web_address, "web_address")
    app.add_template_global(canonical_url)
    # settings.TITLE and the like: the value in force (blog.settings).
    app.add_template_global(SettingsView(), "settings")
    app.add_template_global(footer_html)
