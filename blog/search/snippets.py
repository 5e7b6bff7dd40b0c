"""The passage shown under each search result: the post's words as written, around the
first one the query found, with every found word marked.

Made here rather than by the database (FTS5's snippet(), PostgreSQL's ts_headline),
because the index holds folded text (blog.search.folding) and readers must see the words
as the author wrote them; and so that both databases show the same passage.
"""

import re

from markupsafe import Markup, escape

from blog.search.folding import MARK, fold

SNIPPET_WORDS = 24
WORDS_BEFORE = 8  # of the passage, before the first word found
# A written word: what comes before its first letter or digit, the word, what follows its
# last (punctuation and brackets stay outside the mark; combining marks stay inside).
_WRITTEN = re.compile(rf"^(.*?)(\w(?:.*\w)?{MARK}*)(.*)$", re.S)


def snippet(text: str, words: list[str]) -> Markup:
    """A passage of ``text`` around the first of the folded query ``words`` in it, each
    written word that holds one of them marked; the opening words if none is in it (the
    post was found by its title or labels)."""
    written = text.split()
    if not written:
        return Markup("")
    # Folding keeps line breaks, so the folded words line up with the written ones.
    folded = fold("\n".join(written))
    first = _first_found(folded, words)
    start = max(0, folded.count("\n", 0, first) - WORDS_BEFORE) if first is not None else 0
    end = min(len(written), start + SNIPPET_WORDS)
    folded_words = folded.split("\n")
    wanted = set(words)
    shown = [
        _marked(written[at]) if wanted.intersection(re.findall(r"\w+", folded_words[at]))
        else escape(written[at])
        for at in range(start, end)
    ]
    return Markup(("… " if start else "") + " ".join(shown) + (" …" if end < len(written) else ""))


def _first_found(folded: str, words: list[str]) -> int | None:
    """Where the first whole word of ``words`` stands in ``folded``, or None."""
    if not words:
        return None
    pattern = r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)"
    found = re.search(pattern, folded)
    return found.start() if found else None


def _marked(word: str) -> Markup:
    parts = _WRITTEN.match(word)
    before, core, after = parts.groups() if parts else ("", word, "")
    return escape(before) + Markup("<mark>") + escape(core) + Markup("</mark>") + escape(after)
