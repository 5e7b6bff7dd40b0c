"""Arabic search finds a word however it is spelled: the forms of alef, taa marbuta and
haa, alef maqsura and yaa, with or without diacritics and tatweel. Snippets show the words
as the author wrote them."""

import re

import pytest

from blog.search.folding import fold


def result_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="post-title"><a href="[^"]+">([^<]+)</a>', html)


def snippet_of(html: str) -> str:
    return re.search(r'<p class="snippet"[^>]*>(.*?)</p>', html, re.S)[1]


@pytest.mark.parametrize("written, typed", [
    ("الأمن", "الامن"),  # hamza on alef
    ("الامن", "الأمن"),
    ("آمن", "أمن"),  # madda, hamza
    ("إدارة", "ادارة"),  # hamza below
    ("ٱلرحمن", "الرحمن"),  # alef wasla
    ("مدرسة", "مدرسه"),  # taa marbuta and haa
    ("مدرسه", "مدرسة"),
    ("مستشفى", "مستشفي"),  # alef maqsura and yaa
    ("الأَمْنُ", "الامن"),  # harakat in the post
    ("كتب", "كَتَبَ"),  # harakat in the query
    ("مُحَمَّد", "محمد"),  # shadda
    ("العـــربية", "العربية"),  # tatweel
    ("ﻻ", "لا"),  # a presentation form, as pasted from old documents
])
def test_an_arabic_word_is_found_in_another_spelling(client, make_post, written, typed):
    make_post(title="مقالة", body=f"نص فيه كلمة {written} وحدها.")
    make_post(title="أخرى", body="شيء آخر عن موضوع بعيد.")

    html = client.get("/search", query_string={"q": typed}).text

    assert result_titles(html) == ["مقالة"]
    assert f"<mark>{written}</mark>" in snippet_of(html)  # shown as written


def test_titles_and_labels_are_folded_too(client, make_post):
    make_post(title="سياسة المياه", body="نص.", labels=("الأمن المائي",))

    assert result_titles(client.get("/search?q=سياسه").text) == ["سياسة المياه"]
    assert result_titles(client.get("/search?q=الامن").text) == ["سياسة المياه"]


def test_different_words_stay_different(client, make_post):
    """Folding joins spellings of one word, not words: "علم" (knowledge) is not "عالم"
    (world), and a Latin word is not found inside an Arabic one."""
    make_post(title="عالم", body="عن العالم.")

    assert result_titles(client.get("/search?q=علم").text) == []


def test_accents_and_case_are_folded_on_every_database(client, make_post):
    make_post(title="Notes from a Café", body="Über die Straße, and a naïve résumé.")

    for typed in ("cafe", "CAFÉ", "uber", "naive", "resume", "strasse"):
        assert result_titles(client.get("/search", query_string={"q": typed}).text) == [
            "Notes from a Café"], typed


def test_a_snippet_keeps_punctuation_outside_the_mark(client, make_post):
    make_post(title="نقاش", body="قال الكاتب: «الأَمْنُ»، ثم سكت.")

    snippet = snippet_of(client.get("/search?q=الامن").text)

    assert "«<mark>الأَمْنُ</mark>»،" in snippet


def test_folding_keeps_the_words_apart_and_in_place():
    assert fold("الأَمْنُ\nآمن\nمدرسة\nمستشفى\nالعـــربية") == "الامن\nامن\nمدرسه\nمستشفي\nالعربيه"
    assert fold("Ⅻ ﬁne Straße") == "xii fine strasse"
