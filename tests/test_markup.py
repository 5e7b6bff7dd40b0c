"""Markdown in, safe HTML out: what long-form writers need, and nothing dangerous."""

import pytest

from blog.markup import (
    comment_to_html,
    first_sentence,
    markdown_to_html,
    plain_excerpt,
    render_post,
    scope_ids,
)

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="x.png" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "![pic](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onmouseover="alert(1)">hover</p>',
    '<form action="https://evil.example"><input name="q"></form>',
    '<object data="x.swf"></object>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markup_is_neutralised(source):
    html = markdown_to_html(source).lower()

    for danger in ("<script", "onerror", "onload", "onmouseover", "javascript:", "data:",
                   "<iframe", "srcdoc", "<svg", "style=", "<form", "<object", "<style"):
        assert danger not in html, (source, html)


def test_long_form_features_survive():
    html = markdown_to_html(
        "## Section\n\n"
        "Some *emphasis* and **strength** and a [link](https://example.org/a).\n\n"
        "> A quotation.\n\n"
        "1. one\n2. two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "A claim.[^1]\n\n"
        "```python\nprint('hi')\n```\n\n"
        "![A chart](https://example.org/chart.png)\n\n"
        "[^1]: Author, *Title* (2020). <https://example.org/source>\n"
    )

    assert '<h2 id="section">Section</h2>' in html
    assert "<em>emphasis</em>" in html and "<strong>strength</strong>" in html
    assert '<a href="https://example.org/a"' in html
    assert "<blockquote>" in html and "<ol>" in html and "<table>" in html
    assert 'class="footnote"' in html and 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert '<div class="highlight">' in html and '<span class="nb">print</span>' in html
    assert '<img alt="A chart" src="https://example.org/chart.png">' in html


def test_body_headings_sit_below_the_post_title():
    assert "<h2" in markdown_to_html("# Top section")
    assert "<h1" not in markdown_to_html("# Top section\n\n## Sub")
    assert "<h3" in markdown_to_html("# Top section\n\n## Sub")
    assert "<h2" in markdown_to_html("## Already second level")


def test_read_more_break_splits_the_opening_from_the_rest():
    rendered = render_post("Opening[^1] words.\n\n<!--more-->\n\nThe rest.\n\n[^1]: A source.")

    assert "The rest." in rendered.body_html
    assert "Opening" in rendered.summary_html
    assert "The rest." not in rendered.summary_html
    assert "[^1]" not in rendered.summary_html
    assert rendered.excerpt == "Opening words."


def test_post_without_a_break_has_no_summary():
    assert render_post("Just one part.").summary_html is None


def test_excerpt_is_plain_text_cut_at_a_word():
    html = "<h2>Heading</h2><p>" + "word " * 100 + "</p><p>More &amp; more.</p>"

    excerpt = plain_excerpt(html, length=50)

    assert excerpt.endswith("…")
    assert len(excerpt) <= 51
    assert "Heading" not in excerpt
    assert plain_excerpt("<p>Fish &amp; chips<sup>1</sup>.</p>") == "Fish & chips."


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("One. Two.", "One."),
        ("Why? Because.", "Why?"),
        ("لماذا؟ لأن.", "لماذا؟"),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_first_sentence(text, sentence):
    assert first_sentence(text) == sentence


def test_comment_links_show_percent_encoded_addresses_in_their_own_script():
    html = comment_to_html("See https://ar.example.org/%D9%85%D9%82%D8%A7%D9%84%D8%A9 now")

    assert 'href="https://ar.example.org/%D9%85%D9%82%D8%A7%D9%84%D8%A9"' in html
    assert ">https://ar.example.org/مقالة</a>" in html


def test_comment_links_keep_hidden_characters_encoded():
    html = comment_to_html("https://example.org/a%20b%00c")

    assert ">https://example.org/a%20b%00c</a>" in html


@pytest.mark.parametrize(
    ("text", "link_text"),
    [
        ("(see https://example.org/x).", "https://example.org/x"),
        ("https://en.example.org/wiki/Tariff_(economics)", "https://en.example.org/wiki/Tariff_(economics)"),
        ("www.example.org, then", "www.example.org"),
    ],
)
def test_comment_links_leave_sentence_punctuation_outside(text, link_text):
    assert f">{link_text}</a>" in comment_to_html(text)


def test_comment_html_is_escaped_not_interpreted():
    html = comment_to_html('<img src=x onerror=alert(1)> "quoted" & more\nnext line')

    assert html == (
        "<p>&lt;img src=x onerror=alert(1)&gt; \"quoted\" &amp; more<br>next line</p>"
    )


def test_scoped_ids_keep_footnote_links_working_within_one_post():
    html = str(scope_ids('<sup id="fnref:1"><a href="#fn:1">1</a></sup><li id="fn:1">', "p7-"))

    assert html == '<sup id="p7-fnref:1"><a href="#p7-fn:1">1</a></sup><li id="p7-fn:1">'
