"""Titles for imported posts that came without one (Blogger allows untitled posts)."""

import html
import re

_TAGS = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
TITLE_WORDS = 8
MAX_TITLE_LENGTH = 80


def title_from_body(body_html: str, words: int = TITLE_WORDS) -> str:
    """The body's first ``words`` words as plain text, with "…" when there are more;
    empty when the body has no text."""
    text = html.unescape(_TAGS.sub(" ", _HIDDEN.sub(" ", body_html)))
    found = text.split()
    title = " ".join(found[:words])
    if len(title) > MAX_TITLE_LENGTH:
        title = title[:MAX_TITLE_LENGTH].rsplit(" ", 1)[0] or title[:MAX_TITLE_LENGTH]
        return title + "…"
    return title + ("…" if len(found) > words else "")
