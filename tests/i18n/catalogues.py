"""What a translator must keep, checked on each shipped catalogue: every message of
messages.pot translated, its placeholders and HTML tags kept, the language's plural forms
all filled, and one word for one thing (docs/translating.md's glossary).

``python -m tests.i18n.catalogues`` prints what is wrong, message by message."""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "blog" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")
# The number a plural message counts; Arabic says "تعليق واحد" and "تعليقان" without it.
COUNTS = {"count", "shown"}


@dataclass(frozen=True)
class Term:
    """A thing of the blog's, how English names it, the word each language uses for it,
    and the words the language might use instead that the glossary rules out."""
    english: re.Pattern
    words: dict[str, tuple[str, ...]]
    avoided: dict[str, tuple[str, ...]]


# docs/translating.md, "One word for one thing": stems, so that plurals and the Arabic
# article and attached pronouns still match.
TERMS = (
    Term(re.compile(r"\bcomments?\b", re.I),
         {"ar": ("تعليق", "علّق", "يعلق"), "de": ("Kommentar", "kommentier")},
         {"ar": (), "de": ("Anmerkung",)}),
    Term(re.compile(r"\blabels?\b", re.I),
         {"ar": ("تصنيف",), "de": ("Label",)},
         {"ar": ("وسم", "فئة", "فئات"), "de": ("Schlagwort", "Kategorie")}),
    Term(re.compile(r"\b(?:(?:blog|newer|older|scheduled|published|draft|new|this|"
                    r"a|the|each|every|no|your) posts?|posts (?:and|or|with|by)|drafts?)\b",
                    re.I),
         {"ar": ("تدوين", "مسود"), "de": ("Beitr", "Entw")},
         {"ar": ("مقالة", "مقالات", "مشاركة", "مشاركات"),
          "de": ("Artikel", "Eintrag", "Einträge", "Posting")}),
)


def catalogue_path(language: str) -> Path:
    return CATALOGUES / language / "LC_MESSAGES" / "messages.po"


def shipped() -> list[str]:
    return sorted(path.parent.parent.name
                  for path in CATALOGUES.glob("*/LC_MESSAGES/messages.po"))


def load(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def template() -> Catalog:
    return load(CATALOGUES / "messages.pot")


def _forms(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _translations(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def _tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def missing(catalogue: Catalog, pot: Catalog) -> list[str]:
    """Messages of messages.pot with no translation, or only a fuzzy one."""
    left = []
    for wanted in pot:
        if not wanted.id:
            continue
        found = catalogue.get(wanted.id, wanted.context)
        if found is None or found.fuzzy or not all(_translations(found)):
            left.append(_forms(wanted)[0])
    return left


def stale(catalogue: Catalog, pot: Catalog) -> list[str]:
    """Messages the catalogue holds that the code no longer asks for."""
    return [_forms(message)[0] for message in catalogue
            if message.id and pot.get(message.id, message.context) is None]


def broken(catalogue: Catalog) -> list[str]:
    """Translations that lose or invent a placeholder or an HTML tag, or that Babel's own
    checks refuse (a wrong number of plural forms, a bad format)."""
    found = []
    for message in catalogue:
        if not message.id or not all(_translations(message)):
            continue
        english = _forms(message)
        wanted = set().union(*map(_placeholders, english))
        for index, text in enumerate(_translations(message)):
            have = _placeholders(text)
            # A plural form may drop the number it counts (Arabic "one" and "two").
            lost = wanted - have - (COUNTS if isinstance(message.id, tuple) else set())
            if lost or have - wanted:
                found.append(f"{english[0]!r} [{index}]: placeholders {sorted(have)}, "
                             f"wanted {sorted(wanted)}")
            if _tags(text) != _tags(english[0]):
                found.append(f"{english[0]!r} [{index}]: tags {_tags(text)}, "
                             f"wanted {_tags(english[0])}")
        found.extend(f"{english[0]!r}: {error}"
                     for error in message.check(catalogue) if error)
    return found


def off_glossary(catalogue: Catalog, language: str) -> list[str]:
    """Translations that name one of the blog's things by another word than the
    glossary's, or use a word it rules out."""
    found = []
    for message in catalogue:
        if not message.id:
            continue
        english = " ".join(_forms(message))
        # "%(comments)s" is a number and its word, filled in elsewhere.
        words = PLACEHOLDER.sub("", english)
        for text in _translations(message):
            for term in TERMS:
                avoided = [word for word in term.avoided[language] if word in text]
                if avoided:
                    found.append(f"{english!r}: {text!r} uses {avoided}")
                if term.english.search(words) and not any(
                    word in text for word in term.words[language]
                ):
                    found.append(f"{english!r}: {text!r} lacks {term.words[language]}")
    return found


def problems(language: str) -> dict[str, list[str]]:
    catalogue, pot = load(catalogue_path(language)), template()
    return {"missing": missing(catalogue, pot), "stale": stale(catalogue, pot),
            "broken": broken(catalogue), "off the glossary": off_glossary(catalogue, language)}


if __name__ == "__main__":
    for language in sys.argv[1:] or shipped():
        for kind, found in problems(language).items():
            for line in found:
                print(f"{language} {kind}: {line}")
