"""The shipped catalogues, Arabic and German: complete, faithful to each message's
placeholders and markup, with every plural form, one word for one thing, and compiled."""

import pytest
from babel.messages.catalog import Catalog
from flask_babel import force_locale, gettext, ngettext

from blog.i18n.locale import interface_languages
from tests.i18n import catalogues

SHIPPED = ["ar", "de"]


def test_arabic_and_german_are_shipped_and_offered():
    assert catalogues.shipped() == SHIPPED
    assert [tag for tag, _name in interface_languages()] == ["en", "ar", "de"]
    assert dict(interface_languages())["ar"] == "العربية"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated(language):
    catalogue = catalogues.load(catalogues.catalogue_path(language))

    assert catalogues.missing(catalogue, catalogues.template()) == []
    assert catalogues.stale(catalogue, catalogues.template()) == []


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_placeholders_and_markup(language):
    assert catalogues.broken(catalogues.load(catalogues.catalogue_path(language))) == []


@pytest.mark.parametrize("language", SHIPPED)
def test_one_word_for_one_thing(language):
    catalogue = catalogues.load(catalogues.catalogue_path(language))

    assert catalogues.off_glossary(catalogue, language) == []


def test_the_glossary_check_catches_a_synonym():
    catalogue = Catalog(locale="de")
    catalogue.add("Older posts", "Ältere Artikel")
    catalogue.add("Leave a comment", "Schreiben Sie eine Anmerkung")

    found = catalogues.off_glossary(catalogue, "de")

    assert any("Artikel" in line for line in found)
    assert any("Anmerkung" in line for line in found)


def test_the_placeholder_check_catches_a_lost_name():
    catalogue = Catalog(locale="de")
    catalogue.add("Edit “%(title)s”", "„%(titel)s“ bearbeiten", flags=["python-format"])

    first = catalogues.broken(catalogue)[0]

    assert first.startswith("'Edit “%(title)s”' [0]: placeholders ['titel']")


@pytest.mark.parametrize(("language", "forms"), [("ar", 6), ("de", 2)])
def test_each_language_has_its_plural_forms(language, forms):
    catalogue = catalogues.load(catalogues.catalogue_path(language))

    assert catalogue.num_plurals == forms
    assert all(len(message.string) == forms for message in catalogue if message.pluralizable)


def test_arabic_counts_comments_the_arabic_way(app):
    said = {}
    with app.test_request_context(), force_locale("ar"):
        for count in (0, 1, 2, 3, 11, 100):
            said[count] = ngettext("%(shown)s comment", "%(shown)s comments", count,
                                   shown=count)

    assert said[1] == "تعليق واحد"
    assert said[2] == "تعليقان"
    assert said[3] == "3 تعليقات"
    assert said[11] == "11 تعليقًا"
    assert len(set(said.values())) == 6


@pytest.mark.parametrize(
    ("language", "said"), [("ar", "اترك تعليقًا"), ("de", "Kommentar schreiben")]
)
def test_the_compiled_catalogue_is_the_one_in_the_repository(app, language, said):
    """scripts/serve and scripts/test compile the .po files; a stale .mo would show."""
    with app.test_request_context(), force_locale(language):
        assert gettext("Leave a comment") == said
