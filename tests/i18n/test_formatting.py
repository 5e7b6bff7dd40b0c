"""Dates, times and counts are written the way the blog's language writes them."""

from datetime import UTC, date, datetime

import pytest

from blog.i18n import long_date, month_name, number, short_time, text_direction


def _in(app, language, digits="default"):
    app.config.update(LANGUAGE=language, DIGITS=digits)
    return app.test_request_context("/")


@pytest.mark.parametrize(("language", "header"), [
    ("en", "Saturday, February 1, 2020"),
    ("de", "Samstag, 1. Februar 2020"),
    ("ar", "السبت، 1 فبراير 2020"),
    ("ar-EG", "السبت، ١ فبراير ٢٠٢٠"),
])
def test_date_headers_read_as_the_language_writes_them(app, language, header):
    with _in(app, language):
        assert long_date(date(2020, 2, 1)) == header


def test_times_follow_the_language_and_the_blogs_zone(app):
    moment = datetime(2020, 2, 2, 3, 5, tzinfo=UTC)
    app.config["TIMEZONE"] = "Europe/Berlin"
    with _in(app, "en"):
        assert short_time(moment) == "4:05\u202fAM"
    with _in(app, "de"):
        assert short_time(moment) == "04:05"
    with _in(app, "ar"):
        assert short_time(moment).startswith("4:05")


def test_archive_months_are_named_in_the_language(app):
    with _in(app, "de"):
        assert month_name(2020, 3) == "März 2020"
    with _in(app, "ar"):
        assert month_name(2020, 3) == "مارس 2020"


def test_counts_group_thousands_as_the_language_does(app):
    with _in(app, "en"):
        assert number(12345) == "12,345"
    with _in(app, "de"):
        assert number(12345) == "12.345"
    with _in(app, "ar", digits="native"):
        assert number(12345) == "١٢٬٣٤٥"


def test_the_digits_setting_overrides_the_languages_default(app):
    with _in(app, "ar", digits="native"):
        assert long_date(date(2020, 2, 1)) == "السبت، ١ فبراير ٢٠٢٠"
    with _in(app, "ar-EG", digits="latin"):
        assert long_date(date(2020, 2, 1)) == "السبت، 1 فبراير 2020"
    # German has no digits of its own: "native" keeps 0-9.
    with _in(app, "de", digits="native"):
        assert number(2020) == "2.020"


def test_pages_say_their_language_and_direction(app, client, make_post):
    post = make_post(title="Richtung")
    app.config["LANGUAGE"] = "ar"
    assert '<html lang="ar" dir="rtl">' in client.get("/").text
    # (Another page: the home page is kept until the site changes, and the configuration
    # was changed behind the blog's back.)
    app.config["LANGUAGE"] = "de-CH"
    assert '<html lang="de-CH" dir="ltr">' in client.get(post.path).text
    with _in(app, "fa"):
        assert text_direction() == "rtl"


@pytest.mark.parametrize(("language", "between"), [("en", ", "), ("ar", "، "), ("de", ", ")])
def test_a_posts_labels_are_listed_as_the_language_lists(
    app, client, logged_in, make_post, language, between
):
    app.config["LANGUAGE"] = language
    post = make_post(labels=("طاقة", "اقتصاد"))

    page = client.get(post.path).text
    editor = client.get(f"/dashboard/posts/{post.id}/edit").text

    assert f'rel="tag">اقتصاد</a>{between}<a' in page
    assert f'value="اقتصاد{between}طاقة"' in editor
