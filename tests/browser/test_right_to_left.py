"""An Arabic blog mirrors (right to left) and a German one wraps its long words, at phone
and desktop widths, with no sideways scrolling; left-to-right things inside an Arabic page
(code, addresses, an English comment) stay left to right. Screenshots of every page go to
test-artifacts/rtl/, named language-page-width (ar-home-390.png).
"""

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "rtl"
WIDTHS = (390, 1280)
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"

# Each blog's content in its own language; the Arabic one has an English comment inside.
BLOGS = {
    "ar": {
        "titles": ("الطاقة والمدن في القرن العشرين", "سياسة الرسوم الجمركية",
                   "الإيجار والسكن: قصة سعر"),
        "labels": ("الطاقة", "اقتصاد", "Energy"),
        "paragraph": "المدينة سوق قبل أن تكون مكانا، والإيجار سعر يحكي قصتها.",
        "quote": "الاقتباس هنا طويل بعض الشيء، لنرى أين يقع الخط الذي يميزه.",
        "items": ("البند الأول", "البند الثاني", "البند الثالث"),
        "note": "نص فيه حاشية",
        "source": "المصدر: كتاب عن الطاقة (2020)",
        "comments": ("مقال ممتاز، شكرا لك.", "أوافق، لكن الأرقام قديمة.",
                     "I agree with both of you: the numbers are from 2019, see the table.",
                     "شكرا على التوضيح."),
        "names": ("سارة", "أحمد", "Henrik", "ليلى"),
    },
    "de": {
        "titles": (f"Die {LONG_WORD} und andere Geschichten",
                   "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz",
                   "Miete und Wohnen: die Geschichte eines Preises"),
        "labels": ("Kraftfahrzeughaftpflichtversicherung", "Wirtschaft", "Energie"),
        "paragraph": f"Die Stadt ist ein Markt, bevor sie ein Ort ist: {LONG_WORD}.",
        "quote": "Ein Zitat von einiger Länge, um zu sehen, wo seine Linie steht.",
        "items": ("Erster Punkt", "Zweiter Punkt", "Dritter Punkt"),
        "note": "Ein Text mit Fußnote",
        "source": "Quelle: Ein Buch über Energie (2020)",
        "comments": ("Ein ausgezeichneter Artikel, danke.", "Einverstanden, aber alt.",
                     "I agree with both of you: the numbers are from 2019.",
                     "Danke für die Erklärung."),
        "names": ("Sarah", "Ahmed", "Henrik", "Lena"),
    },
}


def _body(text: dict) -> str:
    items = "\n".join(f"- {item}" for item in text["items"])
    return (
        f"{text['paragraph']}\n\n> {text['quote']}\n\n{items}\n\n"
        "```\ndef salam(name):\n    return 'Salam, ' + name  # https://example.org/a/b\n```\n\n"
        f"{text['note']} `print()`.[^1]\n\n"
        f"[^1]: {text['source']} <https://example.org/source>"
    )


@pytest.fixture(params=BLOGS)
def blog(request, app, author, make_post, make_comment) -> dict:
    """A blog in Arabic or German: three posts (two a page, so there is a pager), the
    middle one with a block quote, a list, code, a footnote and a nested comment thread
    with an English comment inside."""
    language = request.param
    text = BLOGS[language]
    app.config.update(LANGUAGE=language, POSTS_PER_PAGE=2, COMMENT_MODE="open")
    posts = [
        make_post(title=title, body=_body(text) if number == 1 else text["paragraph"],
                  labels=text["labels"][: number + 1],
                  published=datetime(2020, 2, 1 + 10 * number, 9, 30, tzinfo=UTC))
        for number, title in enumerate(text["titles"])
    ]
    middle = posts[1]
    parent = None
    for body, name in zip(text["comments"], text["names"], strict=True):
        parent = make_comment(middle.id, body=body, name=name, parent_id=parent)
    year, month = middle.path.split("/")[1:3]
    return {
        "language": language,
        "rtl": language == "ar",
        "pages": {
            "home": "/",
            "post": middle.path,
            "archive": f"/{year}/{month}/",
            "label": "/label/" + quote(text["labels"][0]),
            "login": "/login",
            # Logged in from here on.
            "editor": f"/dashboard/posts/{middle.id}/edit",
            "settings": "/dashboard/settings",
            "dashboard": "/dashboard",
        },
    }


def _log_in(page, live_server):
    """Log in by the fields' ids, whatever language the labels are in."""
    page.goto(live_server + "/login")
    page.locator("#username").fill(AUTHOR_USERNAME)
    page.locator("#password").fill(AUTHOR_PASSWORD)
    page.locator("form [type=submit]").click()
    expect(page).to_have_url(live_server + "/dashboard")


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return {**box, "right": box["x"] + box["width"]}


def _style(page, selector: str, name: str) -> str:
    return page.locator(selector).first.evaluate(
        "(element, name) => getComputedStyle(element)[name]", name)


# Where the first visible character of an element's text sits, from its box's left edge.
_FIRST_CHARACTER_OFFSET = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.data.trim()) {}
  const at = node.data.search(/\\S/);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  return range.getBoundingClientRect().left - element.getBoundingClientRect().left;
}"""

# The middle of the arrow (« or ») in a link's text, and of the link, in page pixels.
_ARROW_AND_LINK_CENTRES = """element => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.search(/[«»]/);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const arrow = range.getBoundingClientRect(), link = element.getBoundingClientRect();
      return [arrow.left + arrow.width / 2, link.left + link.width / 2];
    }
  }
  return null;
}"""


def test_every_page_fits_both_widths_with_the_sidebar_on_the_far_side(
    live_server, browser, blog
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    language, rtl = blog["language"], blog["rtl"]
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in blog["pages"].items():
            if name == "editor":
                _log_in(page, live_server)
            page.goto(live_server + path)
            expect(page.locator("html")).to_have_attribute("dir", "rtl" if rtl else "ltr")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{language} {name} at {width} px: {scroll_width} px"
            for heading in page.locator("h1, .post-title").all():
                overflow = heading.evaluate("h => h.scrollWidth - h.clientWidth")
                assert overflow <= 0, f"{language} {name} at {width} px: a heading overflows"
            if name in ("home", "post", "archive", "label"):
                main, sidebar = _box(page, "main"), _box(page, ".sidebar")
                if width < 800:
                    assert sidebar["y"] >= main["y"] + main["height"], name
                elif rtl:
                    assert sidebar["right"] <= main["x"], f"{name}: sidebar not on the left"
                else:
                    assert sidebar["x"] >= main["right"], f"{name}: sidebar not on the right"
            page.screenshot(path=SCREENSHOTS / f"{language}-{name}-{width}.png",
                            full_page=True)
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_post_mirrors_its_parts_and_keeps_code_and_addresses_left_to_right(
    live_server, browser, blog, width
):
    rtl = blog["rtl"]
    # The side things start from (rules, indents, list markers): right in Arabic.
    start, end = ("right", "left") if rtl else ("left", "right")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server + blog["pages"]["post"])

    quote_ = ".post-body blockquote"
    assert _style(page, quote_, f"border-{start}-width") == "3px"
    assert _style(page, quote_, f"border-{end}-width") == "0px"

    # A reply is indented from the start side, with its rule there; the other edge stays.
    parent, reply = _box(page, ".comment > article"), _box(page, ".comment-replies article")
    start_key = "right" if rtl else "x"
    end_key = "x" if rtl else "right"
    assert abs(parent[start_key] - reply[start_key]) >= 8
    assert abs(parent[end_key] - reply[end_key]) < 1
    assert _style(page, ".comment-replies", f"border-{start}-width") == "2px"
    assert _style(page, ".comment-replies", f"border-{end}-width") == "0px"

    items, item = _box(page, ".post-body ul"), _box(page, ".post-body ul li")
    assert abs(items[start_key] - item[start_key]) >= 20, "list markers on the wrong side"

    # Code reads left to right: a block starts at its left, inline code is isolated.
    code_block = page.locator(".post-body pre").first
    assert _style(page, ".post-body pre", "direction") == "ltr"
    assert code_block.evaluate(_FIRST_CHARACTER_OFFSET) < 24
    assert _style(page, ".post-body p code", "direction") == "ltr"
    assert _style(page, ".post-body p code", "unicodeBidi") == "isolate"

    # The English comment under an Arabic post reads left to right, from its left edge.
    english = page.locator(".comment-body", has_text="I agree with both of you")
    assert english.evaluate("element => element.matches(':dir(ltr)')")
    assert english.evaluate(_FIRST_CHARACTER_OFFSET) < 2

    # Web and e-mail addresses are typed left to right, lined up with the page's labels.
    for field in ("#website", "#email"):
        assert _style(page, field, "direction") == "ltr"
        assert _style(page, field, "textAlign") == ("right" if rtl else "start")

    # The way back from a footnote points back into the text, whichever side that is.
    transform = _style(page, ".footnote-backref", "transform")
    assert transform == ("matrix(-1, 0, 0, 1, 0, 0)" if rtl else "none")

    # Newer posts lie towards the start side and older ones towards the end, the arrows
    # pointing outwards (Unicode mirrors « and » on a right-to-left line).
    newer, older = _box(page, ".post-nav-newer"), _box(page, ".post-nav-older")
    assert (newer["x"] > older["x"]) == rtl
    for link, outwards in ((".post-nav-newer", start), (".post-nav-older", end)):
        arrow, middle = page.locator(link).evaluate(_ARROW_AND_LINK_CENTRES)
        assert (arrow > middle) == (outwards == "right"), f"{link}: arrow on the wrong side"

    # On paper too: the sidebar and forms go, the rest keeps its sides, and code wraps.
    page.emulate_media(media="print")
    expect(page.locator(".sidebar")).to_be_hidden()
    assert _style(page, quote_, f"border-{start}-width") == "3px"
    assert _style(page, ".comment-replies", f"border-{start}-width") == "2px"
    assert _style(page, ".post-body pre", "whiteSpace") == "pre-wrap"
    assert _style(page, ".post-body pre", "direction") == "ltr"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{blog['language']}-post-print-{width}.png",
                    full_page=True)
    page.emulate_media(media="screen")

    _log_in(page, live_server)
    page.goto(live_server + blog["pages"]["settings"])
    assert _style(page, "#address", "direction") == "ltr"
    page.goto(live_server + blog["pages"]["dashboard"])
    # The dashboard's table starts with the title on the start side, its text from there.
    table, first = _box(page, ".post-table"), _box(page, ".post-table th")
    assert abs(table[start_key] - first[start_key]) < 2
    assert _style(page, ".post-table td", "textAlign") == "start"
    context.close()
