"""The pages each process keeps: their bytes cut at their slots, filed under one ETag."""

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import Flask

from blog.cache.registry import Slot

_EXTENSION = "blog.page_store"


def page_key(environ: Mapping) -> str:
    """A page's address as the cache knows it: scheme and host as well as path and query,
    since pages carry absolute links (canonical, og:url, feeds) made from them, so a
    request by a server's own address or with a stray Host must not leave its links in
    the page other readers get. Read from the WSGI environ, so the view decorator and
    the middleware agree on it."""
    return (f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
            f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}")


@dataclass(frozen=True)
class SlotMark:
    """What a page held in a slot when it was made: the text to cut out, and the key the
    slot's ``fill`` gets to make the text again."""

    slot: Slot
    key: str
    text: str


@dataclass
class CachedPage:
    # The page's bytes between its slots; ``holes[i]`` is what goes after ``pieces[i]``.
    pieces: tuple[bytes, ...]
    holes: tuple[tuple[Slot, str], ...]
    content_type: str
    headers: list[tuple[str, str]] | None = None  # as Flask sent them, noted by the middleware

    @classmethod
    def cut(cls, body: bytes, content_type: str, marks: Sequence[SlotMark] = ()) -> "CachedPage":
        """The page with the text of each of its slots cut out."""
        pieces, holes = [body], []
        for mark in marks:
            text = mark.text.encode()
            cut_pieces, cut_holes = [], []
            for number, piece in enumerate(pieces):
                parts = piece.split(text)
                cut_pieces.extend(parts)
                cut_holes.extend([(mark.slot, mark.key)] * (len(parts) - 1))
                if number < len(holes):
                    cut_holes.append(holes[number])
            pieces, holes = cut_pieces, cut_holes
        return cls(tuple(pieces), tuple(holes), content_type)

    @property
    def same_bytes_for_all(self) -> bool:
        return not self.holes

    def body(self) -> bytes:
        """The page, with its slots filled in now."""
        if self.same_bytes_for_all:
            return self.pieces[0]
        filled: dict[tuple[str, str], bytes] = {}
        out = [self.pieces[0]]
        for (slot, key), piece in zip(self.holes, self.pieces[1:], strict=True):
            if (slot.name, key) not in filled:
                filled[slot.name, key] = slot.fill(key).encode()
            out += (filled[slot.name, key], piece)
        return b"".join(out)


class PageStore:
    """This process's cached pages, all for one ETag: a new ETag empties it. At most
    ``size`` pages; once full it keeps no more until the site changes.

    A worker's threads share it: the ETag and its pages change together, under a lock,
    so no thread finds the new ETag beside the old pages."""

    def __init__(self, size: int):
        self.size = size
        self.etag: str | None = None
        self.pages: dict[str, CachedPage] = {}
        self._lock = threading.Lock()

    def get(self, key: str, etag: str) -> CachedPage | None:
        with self._lock:
            return self.pages.get(key) if etag == self.etag else None

    def held(self, key: str) -> tuple[str | None, CachedPage | None]:
        """The ETag the pages are kept for, and the page kept for ``key``, read together."""
        with self._lock:
            return self.etag, self.pages.get(key)

    def keep(self, key: str, etag: str, page: CachedPage) -> None:
        with self._lock:
            if etag != self.etag:
                self.etag, self.pages = etag, {}
            if len(self.pages) < self.size:
                self.pages[key] = page


def page_store(app: Flask) -> PageStore:
    store = app.extensions.get(_EXTENSION)
    if store is None or store.size != app.config["PAGE_CACHE_SIZE"]:
        store = app.extensions[_EXTENSION] = PageStore(app.config["PAGE_CACHE_SIZE"])
    return store
