"""English left on a translated page: the words of the interface's English messages that
the language's own catalogue never uses, looked for in what a person reads on a page."""

import re
from functools import cache

import lxml.etree
import lxml.html

from tests.i18n import catalogues

WORD = re.compile(r"[A-Za-z]{3,}")
# What a page shows as it is, whatever its language: code, addresses, key names.
AS_WRITTEN = ("code", "pre", "kbd", "samp")
# What a person reads that is not an element's text.
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


# Names in code and addresses ("wp:post_id", "https://…", "scripts/serve"), not words.
TECHNICAL = re.compile(r"\S*(?:[_/=@]|\w:\w)\S*")


def _words(text: str) -> set[str]:
    text = catalogues.PLACEHOLDER.sub(" ", text)
    text = TECHNICAL.sub(" ", re.sub(r"<[^>]+>", " ", text))
    return {word.lower() for word in WORD.findall(text)}


@cache
def interface_words(language: str) -> frozenset[str]:
    """Words of the English messages that no translation into ``language`` keeps (so
    "Markdown" or "RSS", kept by the translators, are not counted as English)."""
    english, kept = set(), set()
    for message in catalogues.template():
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            english |= _words(text)
    for message in catalogues.load(catalogues.catalogue_path(language)):
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            kept |= _words(text)
    return frozenset(english - kept)


def read_text(html: str) -> str:
    """What a person reads on a page: its title, the text of its body outside code, and
    the titles, alternative texts, labels and placeholders of its elements, and the
    words on its buttons."""
    root = lxml.html.document_fromstring(html)
    for element in list(root.iter("script", "style", *AS_WRITTEN)):
        element.drop_tree()
    parts = [root.findtext(".//title") or "", root.body.text_content()]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        parts.extend(element.get(name, "") for name in READ_ATTRIBUTES)
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            parts.append(element.get("value", ""))
    return "\n".join(parts)


def feed_text(xml: bytes) -> str:
    """The text of a feed a person reads, without its identifiers and addresses."""
    root = lxml.etree.fromstring(xml)
    return "\n".join(element.text or "" for element in root.iter()
                     if isinstance(element.tag, str)
                     and lxml.etree.QName(element).localname not in ("id", "uri", "guid"))


def english_on(text: str, language: str) -> list[str]:
    """The interface's English words found in ``text``, in order."""
    words = interface_words(language)
    return [word for word in WORD.findall(text) if word.lower() in words]
