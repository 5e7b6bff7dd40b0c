"""The catalogues: every string meant for people is marked, and messages.pot holds them
all (each language's own catalogue is checked in test_translations.py)."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.i18n.unmarked import ROOT, unmarked

CATALOGUES = ROOT / "blog" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
            "lazy_gettext": None, "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3)}


def _searched(folder: str) -> bool:
    """The folders scripts/translations extract reads (templates/_macros included)."""
    name = Path(folder).name
    return not name.startswith(".") and name not in {"node_modules", "test-artifacts"}


def _marked() -> set[str]:
    """Every message the code and templates mark, as pybabel extract finds them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_searched
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found



def test_no_text_for_people_is_left_unmarked():
    left = {str(path): [f"{line}: {text[:60]}" for line, text in found]
            for path, found in unmarked().items()}

    assert left == {}


def test_the_template_catalogue_is_up_to_date():
    with (CATALOGUES / "messages.pot").open("rb") as pot:
        template = {message.id if isinstance(message.id, str) else message.id[0]
                    for message in read_po(pot) if message.id}

    assert sorted(_marked() - template) == [], "run scripts/translations extract"
