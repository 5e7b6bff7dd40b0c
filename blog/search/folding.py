"""Spellings that readers take for the same word, folded to one form for searching.

The index holds folded text and every query is folded the same way, so a search finds
a word however it was written:

- Arabic, as Arabic search engines fold it: the forms of alef (أ إ آ ٱ) are alef (ا),
  taa marbuta (ة) is haa (ه), alef maqsura (ى) is yaa (ي), and the diacritics (harakat,
  shadda, sukun, superscript alef) and the tatweel that stretches a word (ـ) are dropped.
  So "الأمن" finds "الامن", "أمن" finds "آمن" and "مدرسة" finds "مدرسه".
- Any script: compatibility forms (Arabic presentation forms, ligatures such as "ﬁ"),
  accents and case, so "Café" finds "cafe" on PostgreSQL as on SQLite.

Only searching sees folded text: pages and snippets show the words as written.
"""

import re
import unicodedata

# After NFKD has split hamza and madda from their alef (أ is ا + U+0654), the letters
# that are still other letters.
_LETTERS = str.maketrans({
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0629": "\u0647",  # ة taa marbuta
    "\u0649": "\u064a",  # ى alef maqsura
    "\u0640": None,  # ـ tatweel
})
# Combining marks: Latin accents, Hebrew points, Arabic harakat, shadda, sukun,
# hamza and madda above or below, superscript alef, Quranic marks, and the rest of
# Unicode's combining blocks.
MARK = (
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_MARKS = re.compile(MARK + "+")


def fold(text: str) -> str:
    """``text`` as the index holds it: compatibility forms, marks and case folded, the
    Arabic letters above made one. Line breaks stay where they were."""
    decomposed = unicodedata.normalize("NFKD", text)
    return _MARKS.sub("", decomposed).translate(_LETTERS).casefold()
