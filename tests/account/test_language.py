"""The author's choice of language for their own pages: the blog's, or one the interface
is translated into, each offered in its own name; anything else is refused."""

import pytest

from blog.account import forms
from blog.extensions import db
from blog.models import Author

ACCOUNT = "/dashboard/account"
LANGUAGES = (("en", "English"), ("ar", "العربية"), ("de", "Deutsch"))


@pytest.fixture(autouse=True)
def translated(monkeypatch):
    """The interface as if German and Arabic were shipped (catalogues come later)."""
    monkeypatch.setattr(forms, "interface_languages", lambda: LANGUAGES)


def profile_form(**changes) -> dict:
    return {"display_name": "Ana Analyst", "bio": "", "photo": "", "email": "",
            "language": ""} | changes


def stored_language(app) -> str | None:
    with app.app_context():
        return db.session.get(Author, 1).language


def test_the_choice_offers_the_blogs_language_and_each_language_in_its_own_name(
        client, logged_in):
    page = client.get(ACCOUNT).text

    assert "Language of your dashboard" in page
    assert '<option selected value="">Same as the blog</option>' in page
    assert '<option lang="de" value="de">Deutsch</option>' in page
    assert '<option lang="ar" value="ar">العربية</option>' in page


def test_choosing_german_makes_the_dashboard_german_and_leaves_reader_pages_alone(
        app, client, logged_in):
    response = client.post(ACCOUNT, data=profile_form(language="de"))

    assert response.status_code == 302
    assert stored_language(app) == "de"
    for page in ("/dashboard", ACCOUNT, "/dashboard/account/sessions"):
        assert '<html lang="de" dir="ltr">' in client.get(page).text, page
    assert '<html lang="en" dir="ltr">' in client.get("/").text
    assert '<option lang="de" selected value="de">Deutsch</option>' in client.get(ACCOUNT).text


def test_the_blogs_language_again_clears_the_choice(app, client, logged_in):
    app.config["LANGUAGE"] = "ar"
    client.post(ACCOUNT, data=profile_form(language="de"))

    client.post(ACCOUNT, data=profile_form(language=""))

    assert stored_language(app) is None
    assert '<html lang="ar" dir="rtl">' in client.get("/dashboard").text


def test_a_profile_saved_without_the_field_keeps_the_language(app, client, logged_in):
    client.post(ACCOUNT, data=profile_form(language="de"))
    form = profile_form(display_name="Ana Q. Analyst")
    del form["language"]

    assert client.post(ACCOUNT, data=form).status_code == 302
    assert stored_language(app) == "de"


@pytest.mark.parametrize("language", ["fr", "de-CH", "<script>", "x" * 40])
def test_a_language_not_offered_is_refused_next_to_the_field(app, client, logged_in, language):
    response = client.post(ACCOUNT, data=profile_form(display_name="Kept Name",
                                                      language=language))

    assert response.status_code == 422
    assert ('<p class="error" id="language-error">Choose one of the languages in the list.</p>'
            in response.text)
    assert 'value="Kept Name"' in response.text  # the rest of the form is kept
    assert stored_language(app) is None
