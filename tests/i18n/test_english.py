"""The check that finds English left on a translated page finds it, and only it."""

from tests.i18n.english import english_on, interface_words, read_text


def test_it_finds_the_interfaces_english_on_an_arabic_page():
    html = ('<html><head><title>Older posts</title></head><body><p>التدوينات الأقدم</p>'
            '<button aria-label="Search">بحث</button><input type="submit" value="Post comment">'
            "</body></html>")

    assert english_on(read_text(html), "ar") == ["Older", "posts", "Search", "Post", "comment"]


def test_names_the_translations_keep_and_code_are_not_english():
    html = ('<html><body><p>خلاصة RSS وAtom بصيغة Markdown</p>'
            "<pre><code>print('Older posts')</code></pre></body></html>")

    assert english_on(read_text(html), "ar") == []


def test_words_german_shares_with_english_are_german():
    words = interface_words("de")

    assert {"blog", "label", "dashboard", "feed"}.isdisjoint(words)
    assert {"older", "comment", "reply"} <= words
