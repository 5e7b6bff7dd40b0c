"""What the outside world tells about a request, reduced to what the statistics keep:
whether it is a crawler, which site sent the reader, which feed service fetched, what
was searched. Everything here comes from request headers and is hostile: capped, and
reduced to short plain text (the templates escape it again where it is shown)."""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from crawlerdetect import CrawlerDetect

MAX_AGENT = 512  # longer User-Agents are cut before anything reads them
MAX_HOST = 255
MAX_TERM = 100
DIRECT = "direct"

_detector = CrawlerDetect()

# Referrers from these hosts are counted under the engine's name, in every country's
# domain ("www.google.de", "google.com.iq").
_SEARCH_ENGINES = {
    "google": "Google", "bing": "Bing", "duckduckgo": "DuckDuckGo", "yandex": "Yandex",
    "baidu": "Baidu", "ecosia": "Ecosia", "qwant": "Qwant", "yahoo": "Yahoo",
    "startpage": "Startpage", "search.brave": "Brave Search", "kagi": "Kagi",
    "naver": "Naver", "seznam": "Seznam",
}
_ENGINE = re.compile(
    r"(?:^|\.)(" + "|".join(re.escape(name) for name in _SEARCH_ENGINES) + r")\.[a-z.]{2,12}$"
)
_HOST = re.compile(r"^[a-z0-9.-]{1,255}$")
# "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; ...)",
# "NewsBlur Feed Fetcher - 42 subscribers - https://...", "Inoreader/1.0 (... 7 subscribers)"
_REPORTED = re.compile(r"(\d{1,9})\s+(?:subscribers?|readers?)\b", re.IGNORECASE)
_COMPATIBLE = re.compile(r"compatible;\s*([^;)]{1,64})")
_FETCHER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 ._-]{0,63}")


@lru_cache(maxsize=4096)
def is_crawler(agent: str) -> bool:
    """Whether a User-Agent is a crawler's, by the CrawlerDetect patterns; browsers always
    send one, so an empty one is a crawler's too."""
    agent = agent[:MAX_AGENT].strip()
    return not agent or _detector.isCrawler(agent)


def referrer_source(referrer: str, own_host: str) -> str | None:
    """The site a reader came from: its host without "www.", a search engine's name, or
    "direct" when the browser said nothing. None for a link within the blog itself."""
    if not referrer:
        return DIRECT
    try:
        parts = urlsplit(referrer[:2048])
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None  # not an address: counted as nothing
    if parts.scheme not in ("http", "https") or not _is_host(host):
        return None
    if host == own_host.partition(":")[0].lower():
        return None
    host = host.removeprefix("www.")
    engine = _ENGINE.search(host)
    if engine:
        return _SEARCH_ENGINES[engine.group(1)]
    return host[:MAX_HOST]


def _is_host(host: str) -> bool:
    """A host name as DNS has it (international names included, as their ASCII form)."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(_HOST.match(ascii_host))


def reported_subscribers(agent: str) -> tuple[str, int] | None:
    """A feed service's name and the subscribers it says it fetches for, when its
    User-Agent says so; None otherwise."""
    agent = agent[:MAX_AGENT]
    count = _REPORTED.search(agent)
    if count is None:
        return None
    name = _FETCHER_NAME.match(agent.strip())
    if name is None:
        return None
    fetcher = re.split(r"[/(;]| - ", name.group(0))[0].strip()
    compatible = _COMPATIBLE.search(agent)
    if fetcher == "Mozilla" and compatible:  # "Mozilla/5.0 (compatible; theoldreader.com; ...)"
        fetcher = compatible.group(1).strip()
    return (fetcher or "unnamed")[:64], int(count.group(1))


def search_term(query: str) -> str:
    """A search as the statistics keep it: spaces squeezed, lower case, capped."""
    return " ".join(query.split()).casefold()[:MAX_TERM]
