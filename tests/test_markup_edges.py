"""The sanitiser and the renderers at their edges: exactly what reaches a page, for posts
written in HTML, the author's bio, the footer and comments (docs/mutation.md)."""

import pytest

from blog.markup import (
    as_markup,
    bio_to_html,
    comment_to_html,
    count_links,
    html_to_safe_html,
    markdown_to_html,
    plain_excerpt,
    render_post,
    scope_ids,
    short_markdown_to_html,
)


def test_a_post_in_html_keeps_only_the_elements_a_post_may_carry():
    html = html_to_safe_html(
        "<h1>Title</h1><center>centred</center><font color=red>red</font>"
        "<nav>menu</nav><article>piece</article><p title=t>kept</p>"
    )

    assert html == "<h2>Title</h2>centredredmenupiece<p title=\"t\">kept</p>"


def test_links_in_a_post_go_to_web_pages_and_mail_only_and_open_nothing():
    html = html_to_safe_html(
        '<a href="ftp://files.example/a">ftp</a><a href="sms:123">sms</a>'
        '<a href="tel:123">tel</a><a href="mailto:ana@example.org">mail</a>'
        '<a href="https://example.org/a">web</a>'
    )

    assert html == (
        '<a rel="noopener">ftp</a><a rel="noopener">sms</a><a rel="noopener">tel</a>'
        '<a href="mailto:ana@example.org" rel="noopener">mail</a>'
        '<a href="https://example.org/a" rel="noopener">web</a>'
    )


def test_html_comments_in_a_post_never_reach_the_page():
    html = html_to_safe_html("<p>Shown</p><!-- draft: call the editor -->")

    assert html == "<p>Shown</p>"


def test_a_post_in_html_is_not_read_as_markdown():
    rendered = render_post("Two *stars* and a [bracket](here).", body_format="html")

    assert rendered.body_html == "Two *stars* and a [bracket](here)."


def test_the_deepest_heading_stays_a_heading():
    html = markdown_to_html("# Top\n\n###### Deepest")

    assert '<h6 id="deepest">Deepest</h6>' in html


def test_a_post_is_cut_at_its_first_read_more_break():
    rendered = render_post("Opening.\n\n<!--more-->\n\nMiddle.\n\n<!-- more -->\n\nEnd.")

    assert rendered.summary_html == "<p>Opening.</p>"
    assert "Middle." in rendered.body_html and "End." in rendered.body_html


def test_the_excerpt_is_at_most_300_characters_unless_asked_otherwise():
    # 305 characters, with a space at the 301st: the excerpt ends one whole word earlier.
    text = "abcde" + " word" * 59 + " more"
    expected = "abcde" + " word" * 58 + "…"

    assert render_post(text).excerpt == expected
    assert plain_excerpt(f"<p>{text}</p>") == expected
    assert render_post(text, excerpt_length=20).excerpt == "abcde word word…"


def test_the_excerpt_is_cut_at_the_last_whole_word_without_its_punctuation():
    html = "<p>Alpha beta gamma, delta epsilon</p>"

    assert plain_excerpt(html, length=12) == "Alpha beta…"
    assert plain_excerpt(html, length=19) == "Alpha beta gamma…"
    assert plain_excerpt("<p>Alpha beta — gamma</p>", length=13) == "Alpha beta…"
    assert plain_excerpt("<p>Malcolm X, then more</p>", length=14) == "Malcolm X…"


def test_an_opening_exactly_as_long_as_the_excerpt_is_kept_whole():
    # 17 characters
    html = "<p>Eighteen letters.</p><p>Then more text.</p>"

    assert plain_excerpt(html, length=17) == "Eighteen letters."
    assert plain_excerpt(html, length=16) == "Eighteen…"


def test_the_excerpt_is_text_without_any_tags():
    html = "<p>Some <em>emphasis</em> and <a href='https://example.org'>a link</a>.</p>"

    assert plain_excerpt(html) == "Some emphasis and a link."


def test_the_bio_is_markdown_below_the_sidebar_heading_and_sanitised():
    html = bio_to_html(
        '# Me\n\n## Work\n\nI write -- "mostly" -- about *energy*.\n\n'
        "```python\nprint(1)\n```\n\n<script>alert(1)</script>"
    )

    assert html.startswith('<h3 id="me">Me</h3>\n<h4 id="work">Work</h4>\n')
    assert "<p>I write – “mostly” – about <em>energy</em>.</p>" in html
    assert '<div class="highlight"><pre><span></span><code><span class="nb">print</span>' in html
    assert "<script" not in html and "alert" not in html


def test_the_footer_allows_links_and_emphasis_and_nothing_else():
    html = short_markdown_to_html(
        '[Me](https://example.org "My site") *em* **strong** `code` '
        "[f](ftp://example.org/a) [j](javascript:alert(1))\n\n# Heading\n\n"
        '<script>alert(1)</script>\n\n<a href="https://example.org" hreflang="en">raw</a>'
    )

    assert html.startswith(
        '<p><a href="https://example.org" title="My site" rel="noopener">Me</a> '
        "<em>em</em> <strong>strong</strong> <code>code</code> "
        '<a rel="noopener">f</a> <a rel="noopener">j</a></p>'
    )
    assert "Heading" in html and "<h1" not in html
    assert '<a href="https://example.org" rel="noopener">raw</a>' in html
    assert "<script" not in html and "alert" not in html


def test_comment_paragraphs_and_lines_whatever_the_line_endings():
    html = comment_to_html("one\r\n\r\ntwo\rthree\r\nfour\n  \nfive")

    assert html == "<p>one</p><p>two<br>three<br>four</p><p>five</p>"


def test_comment_links_are_exact_and_marked_as_readers_links():
    html = comment_to_html("see http://example.org/a, or www.example.net now")

    assert html == (
        '<p>see <a href="http://example.org/a" rel="nofollow ugc noopener">'
        "http://example.org/a</a>, or "
        '<a href="http://www.example.net" rel="nofollow ugc noopener">www.example.net</a>'
        " now</p>"
    )


@pytest.mark.parametrize("address", [
    "https://example.org/a%E2%80%8Bb",  # a zero-width space: invisible, a spoofer's tool
    "https://example.org/a%07b",  # a control character
    "https://example.org/a%FFb",  # not UTF-8 at all
])
def test_comment_links_show_what_would_be_invisible_or_garbled_as_codes(address):
    assert f">{address}</a>" in comment_to_html(address)


def test_counting_links_counts_web_addresses_only():
    assert count_links("http://a.example and https://b.example and www.c.example") == 3
    assert count_links("mail ana@example.org or ftp://d.example") == 0


def test_nothing_stored_shows_nothing():
    assert str(as_markup(None)) == "" and str(scope_ids(None, "p7-")) == ""
    assert str(as_markup("<p>kept</p>")) == "<p>kept</p>"
