"""Spam signals that need no outside service; each adds to a score, with its reason.

The signals: a filled honeypot, a form posted too soon after it was shown (or without
the signed stamp the form carries), too many links (the Website field counts: it is
where generic-praise spam carries its link), and the stock praise of comment spam
("first time visit at here, truly impressed") said about nothing in the post.
"""

import re
import time
from dataclasses import dataclass, field
from functools import lru_cache

from flask import has_app_context
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from blog.i18n import number
from blog.markup import count_links
from blog.utils.database import utcnow

HONEYPOT_SCORE = 10
STAMP_SCORE = 5
TOO_FAST_SCORE = 5
EXTRA_LINK_SCORE = 2
PRAISE_SCORE = 2
UNRELATED_SCORE = 2

_STOCK_PRAISE = [
    r"first time (?:visit|here|i visit|reading)",
    r"truly impressed",
    r"(?:great|nice|awesome|amazing|informative|wonderful|excellent) "
    r"(?:post|article|blog|information|content|share|read)",
    r"keep (?:it up|up the (?:good|great) work)",
    r"thanks? (?:you )?for (?:sharing|this (?:post|article|information))",
    r"i (?:really )?(?:like|love|enjoyed) (?:your|this) (?:blog|post|article|site)",
    r"bookmark(?:ed|ing)? (?:your|this)",
    r"very (?:informative|helpful|useful|nice)",
    r"(?:visit|check out|look at) my (?:site|blog|website|page)",
    r"\b(?:casino|viagra|cialis|payday loans?|replica watches|seo services)\b",
]
_STOCK_PRAISE_RE = [re.compile(pattern, re.IGNORECASE) for pattern in _STOCK_PRAISE]
_WORD = re.compile(r"\w{5,}")


@dataclass
class SpamVerdict:
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(f"{reason} (+{points})")


def form_stamp(secret_key: str, post_id: int) -> str:
    """A signed note of when the comment form for ``post_id`` was shown."""
    return _stamp_in_second(secret_key, post_id, int(time.time()))


@lru_cache(maxsize=64)
def _stamp_in_second(secret_key: str, post_id: int, _second: int) -> str:
    # The stamp tells the time to the second, so within one second every reader of a
    # post gets the same one: signed once, not once per page served.
    return _stamps(secret_key).dumps(post_id)


def seconds_since_stamp(secret_key: str, stamp: str, post_id: int) -> float | None:
    """How long ago the form was shown; None for a missing, forged or foreign stamp."""
    try:
        stamped_post, shown_at = _stamps(secret_key).loads(
            stamp, max_age=7 * 24 * 3600, return_timestamp=True
        )
    except (BadSignature, TypeError, ValueError):
        return None
    if stamped_post != post_id:
        return None
    return (utcnow() - shown_at).total_seconds()


@lru_cache(maxsize=4)  # one key in use; making a serializer costs more than signing
def _stamps(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="comment-form-shown")


def score_comment(
    *,
    body: str,
    website: str,
    honeypot: str,
    seconds_to_post: float | None,
    post_text: str,
    min_seconds: float,
    max_links: int,
) -> SpamVerdict:
    """Score a visitor's comment; the reasons say which signals fired."""
    # The reasons are kept with the comment, in the blog's language, for the author to read.
    verdict = SpamVerdict()
    if honeypot.strip():
        verdict.add(HONEYPOT_SCORE, _("filled in the hidden field only bots see"))
    if seconds_to_post is None:
        verdict.add(STAMP_SCORE, _("the form's signed timestamp was missing or forged"))
    elif seconds_to_post < min_seconds:
        verdict.add(TOO_FAST_SCORE, _(
            "posted %(seconds)s s after the form was shown (people take at least %(least)s s)",
            seconds=_decimal(round(seconds_to_post, 1)), least=_decimal(min_seconds),
        ))
    links = count_links(body) + (1 if website else 0)
    if links > max_links:
        verdict.add(EXTRA_LINK_SCORE * (links - max_links), ngettext(
            "%(count)s link, counting the website (at most %(most)s)",
            "%(count)s links, counting the website (at most %(most)s)",
            links, count=_decimal(links), most=_decimal(max_links),
        ))
    praise = [match.group() for regex in _STOCK_PRAISE_RE if (match := regex.search(body))]
    for phrase in praise[:3]:
        verdict.add(PRAISE_SCORE, _("stock praise: “%(phrase)s”", phrase=phrase))
    if praise and links and not _shares_words(body, post_text):
        verdict.add(UNRELATED_SCORE, _("praise with a link, about nothing in the post"))
    return verdict


def _decimal(value: float) -> str:
    """A number in a reason, as the blog's language writes it ("1.2", "1,2"); as Python
    writes it where no blog is around (scoring called on its own)."""
    return number(value) if has_app_context() else f"{value:g}"


def _shares_words(comment: str, post_text: str) -> bool:
    words = {word.casefold() for word in _WORD.findall(comment)}
    return bool(words & {word.casefold() for word in _WORD.findall(post_text)})
