"""Markdown to safe HTML: the only place in the blog that renders or sanitises markup.

Posts are rendered once, when they are saved, and the sanitised HTML is stored beside
the Markdown, so readers never pay for Markdown. When the extensions or the allow-list
below change, ``flask --app app rerender`` renders every stored post and comment again.

Rendering is two steps: Python-Markdown with a fixed list of extensions, then nh3 (an
allow-list sanitiser) so that nothing the list does not name reaches a page, whoever
wrote the source: the author, an imported export, or a pasted snippet.

A post's images are then given what the caller knows about them (``describe_image``: the
uploads give their own images' width, height and smaller copies), after sanitising, so
only attributes this code writes are added. Every image but the post's first also gets
``loading="lazy"``: the first is the likeliest to be on the first screen (and to be the
page's largest paint), and posts are long reads whose later images are screens below.
"""

import html
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

import markdown
import nh3
from markupsafe import Markup, escape

# The author's "Read more" break, as Blogger and WordPress write it.
READ_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)

_FOOTNOTE_MARKER = re.compile(r"\[\^[^\]\s]+\](?!:)")

_POST_EXTENSIONS = ["extra", "codehilite", "sane_lists", "smarty", "toc"]
_POST_EXTENSION_CONFIGS = {
    # Pygments marks tokens with classes; static/css/pygments.css colours them.
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    # Gives headings ids, so a section can be linked to.
    "toc": {"permalink": False},
}

_POST_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
_POST_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "class"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "pre": {"class"},
    # Heading, footnote and list ids make in-page links (footnotes, contents) work.
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "sup": {"id", "class"},
    "li": {"id"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class RenderedPost:
    body_html: str
    # The part above the "Read more" break, or None when the author placed none.
    summary_html: str | None
    excerpt: str


def sanitize_post_html(raw_html: str) -> str:
    """Keep only the elements and attributes a post may carry."""
    return nh3.clean(
        raw_html,
        tags=_POST_TAGS,
        attributes=_POST_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def markdown_to_html(source: str) -> str:
    """Render post Markdown and sanitise the result."""
    rendered = markdown.markdown(
        source,
        extensions=_POST_EXTENSIONS,
        extension_configs=_POST_EXTENSION_CONFIGS,
        output_format="html",
    )
    return sanitize_post_html(_headings_below_title(rendered))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _headings_below_title(rendered: str, top: int = 2) -> str:
    """Shift headings so the body's top level is <h2> (or ``top``): the post title is the
    <h1>.

    Writers use "#" or "##" for their sections; either way the outline stays unbroken.
    """
    levels = [int(level) for _, level in _HEADING_TAG.findall(rendered)]
    if not levels or min(levels) >= top:
        return rendered
    shift = top - min(levels)
    return _HEADING_TAG.sub(
        lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", rendered
    )


def bio_to_html(source: str) -> str:
    """Render the author's "About me" Markdown, sanitised as a post is; its headings sit
    below the sidebar's <h2>."""
    rendered = markdown.markdown(
        source,
        extensions=_POST_EXTENSIONS,
        extension_configs=_POST_EXTENSION_CONFIGS,
        output_format="html",
    )
    return sanitize_post_html(_headings_below_title(rendered, top=3))


def html_to_safe_html(source: str) -> str:
    """Sanitise a post written in HTML (imported from Blogger or WordPress)."""
    return sanitize_post_html(_headings_below_title(source))


# What a caller knows of an image, by its src: attributes to add (width, height, srcset…).
DescribeImage = Callable[[str], Mapping[str, str] | None]


def render_post(
    source: str,
    body_format: str = "markdown",
    excerpt_length: int = 300,
    describe_image: DescribeImage | None = None,
) -> RenderedPost:
    """Render a post body: full HTML, the opening above a "Read more" break, an excerpt."""
    convert = html_to_safe_html if body_format == "html" else markdown_to_html

    def render(text: str) -> str:
        rendered = convert(text)
        return describe_images(rendered, describe_image) if describe_image else rendered

    body_html = render(source)
    parts = READ_MORE.split(source, maxsplit=1)
    summary_html = None
    if len(parts) == 2:
        # The notes live below the break, so drop their markers from the opening.
        summary_html = render(_FOOTNOTE_MARKER.sub("", parts[0]))
    return RenderedPost(
        body_html=body_html,
        summary_html=summary_html,
        excerpt=plain_excerpt(summary_html or body_html, excerpt_length),
    )


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def describe_images(safe_html: str, describe: DescribeImage) -> str:
    """Sanitised HTML with what ``describe`` knows of each image added to its tag, and
    loading="lazy" on every described image but the first image of the fragment.

    The author's own width or height is kept (with them, the copies' sizes would lie)."""
    seen = 0

    def add(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        attributes = dict(_ATTRIBUTE.findall(match[1]))
        extra = describe(html.unescape(attributes.get("src", "")))
        if not extra or {"width", "height", "srcset"} & attributes.keys():
            return match[0]
        added = dict(extra, decoding="async") | ({"loading": "lazy"} if seen > 1 else {})
        attributes.update((name, str(escape(value))) for name, value in added.items()
                          if name not in attributes)
        return "<img " + " ".join(f'{name}="{value}"' for name, value in attributes.items()) + ">"

    return _IMG.sub(add, safe_html)


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_FOOTNOTE_REF = re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed and whitespace folded."""
    text = html.unescape(nh3.clean(fragment, tags=set()))
    return " ".join(text.split())


def plain_excerpt(body_html: str, length: int = 300) -> str:
    """The opening paragraphs as plain text, cut at a word boundary near ``length``."""
    text = ""
    for paragraph in _PARAGRAPH.findall(body_html):
        text = f"{text} {html_to_text(_FOOTNOTE_REF.sub('', paragraph))}".strip()
        if len(text) >= length:
            break
    if len(text) <= length:
        return text
    # A dash between words leaves a space before it: neither stays before the "…".
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:—- ")
    return cut + "…"


_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s")


def first_sentence(text: str) -> str:
    """The first sentence of plain text (Latin, Arabic and CJK full stops)."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def as_markup(stored_html: str | None) -> Markup:
    """Mark HTML that came out of this module (and so was sanitised) safe for Jinja."""
    return Markup(stored_html or "")


# Comments are plain text: these turn it into paragraphs, line breaks and links.
_COMMENT_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"»”’)]}"
_COMMENT_TAGS = {"p", "br", "a"}


def comment_to_html(text: str) -> str:
    """Plain comment text as HTML: everything escaped, paragraphs and line breaks kept,
    web addresses linked with rel="nofollow ugc noopener"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part.strip()]
    html_text = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in part.strip().split("\n")) + "</p>"
        for part in paragraphs
    )
    # The HTML above is built from escaped pieces; the allow-list is a second lock.
    return nh3.clean(
        html_text,
        tags=_COMMENT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )


def _linkify(line: str) -> str:
    pieces, last = [], 0
    for match in _COMMENT_URL.finditer(line):
        url = _trim_url(match.group())
        start, end = match.start(), match.start() + len(url)
        href = url if "://" in url else "http://" + url
        pieces.append(str(escape(line[last:start])))
        pieces.append(f'<a href="{escape(href)}">{escape(_readable_url(url))}</a>')
        last = end
    pieces.append(str(escape(line[last:])))
    return "".join(pieces)


def _readable_url(url: str) -> str:
    """Show a percent-encoded address in its own script, as browsers' address bars do
    (https://ar.example.org/%D9%85... reads as https://ar.example.org/م...)."""
    try:
        decoded = unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
    if any(char.isspace() or unicodedata.category(char)[0] == "C" for char in decoded):
        return url  # hidden characters stay visible as their %-codes
    return decoded


def _trim_url(url: str) -> str:
    """Leave sentence punctuation after an address out of the link, but keep a closing
    bracket that the address itself opened (as in Wikipedia links)."""
    while url and url[-1] in _URL_TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def count_links(text: str) -> int:
    """How many web addresses a plain text holds."""
    return len(_COMMENT_URL.findall(text))


_ID_OR_FRAGMENT = re.compile(r'\b(id="|href="#)([^"]+)"')


def scope_ids(stored_html: str | None, prefix: str) -> Markup:
    """Stored HTML with its ids (and links to them) prefixed, for pages that show several
    posts at once: two posts' footnote 1 must not share an id."""
    scoped = _ID_OR_FRAGMENT.sub(lambda m: f'{m[1]}{prefix}{m[2]}"', stored_html or "")
    return Markup(scoped)


_LINE_TAGS = {"p", "br", "a", "em", "strong", "code"}


def short_markdown_to_html(source: str) -> str:
    """A few lines of Markdown (a footer): paragraphs, links and emphasis, nothing else."""
    rendered = markdown.markdown(source, output_format="html")
    return nh3.clean(rendered, tags=_LINE_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes=_URL_SCHEMES, link_rel="noopener")
