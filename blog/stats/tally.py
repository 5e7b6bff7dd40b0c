"""What each process has counted and not yet written: a list of small tuples, appended
to by the requests and taken whole by the writer (``blog.stats.flush``).

A request only appends a tuple (no hashing, no parsing, no database): the work of
telling crawlers apart, reducing referrers and marking visitors is the writer's, off the
reader's path. The list is bounded: if the database stays out of reach, the oldest
counts go first and the log says how many.
"""

import logging
import threading
import time
from typing import NamedTuple

logger = logging.getLogger(__name__)

# Writes are asked for early once this many wait.
FLUSH_AT = 300
# Beyond this many waiting (the database unreachable for a long while), the oldest go.
KEEP_AT_MOST = 50_000


class View(NamedTuple):
    """A reader's browser loaded a page's counting stylesheet."""

    at: float  # seconds since the epoch
    kind: str  # post, page, home, archive, label, search
    path: str
    post_id: int | None
    term: str  # what was searched for, on a search page
    address: str
    agent: str
    private: bool  # DNT: 1 or Sec-GPC: 1: a view, never a visitor


class PageRequest(NamedTuple):
    """A reader's page was asked for (answered 200 or 304)."""

    at: float
    referrer: str
    host: str  # the blog's own host, as this request reached it
    agent: str


class FeedFetch(NamedTuple):
    at: float
    address: str
    agent: str


Event = View | PageRequest | FeedFetch


class Tally:
    def __init__(self):
        self._lock = threading.Lock()
        self._events: list[Event] = []
        self.wanted = threading.Event()  # set when enough wait to be worth a write
        self.dropped = 0

    def add(self, event: Event) -> None:
        with self._lock:
            self._events.append(event)
            waiting = len(self._events)
        if waiting >= FLUSH_AT:
            self.wanted.set()

    def take(self) -> list[Event]:
        """Everything waiting, which is then no longer kept here."""
        with self._lock:
            events, self._events = self._events, []
        self.wanted.clear()
        return events

    def put_back(self, events: list[Event]) -> None:
        """Give back what could not be written, ahead of what came since."""
        with self._lock:
            self._events[:0] = events
            over = len(self._events) - KEEP_AT_MOST
            if over > 0:
                del self._events[:over]
                self.dropped += over
        if over > 0:
            logger.warning("statistics: %d counts dropped, the database was out of reach", over)

    def __len__(self) -> int:
        return len(self._events)


def now() -> float:
    return time.time()
