"""What views use: ``cached_page`` for a reader's page, ``per_site_version`` for data that
every page shows (the sidebar), and ``fill_slot`` for text made afresh each time."""

import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import current_app, make_response, request, session

from blog.cache.etag import current_etag, session_wrote
from blog.cache.registry import registry_for
from blog.cache.store import CachedPage, PageStore, SlotMark, page_key, page_store

T = TypeVar("T")

# Set in the WSGI environ: by the decorator, the key of the page it keeps, so the
# middleware can note the headers the page went out with; by ``fill_slot``, the slots
# the page being made holds.
CACHED_KEY = "blog.cache.page_key"
SLOTS_KEY = "blog.cache.slots"

# Query arguments of pages worth keeping: the page number, and a post's comment page
# (both checked by their views: anything but a page that exists is a 404). A search, a reply form
# (?replytocom=) or any made-up argument is made afresh, so junk query strings cannot
# fill the cache and push the real pages out.
_KEPT_ARGUMENTS = {"page", "cpage"}


def same_for_every_reader() -> bool:
    """Whether this request gets the page every reader gets (no personal cookie or
    session key, as the features registered them)."""
    return registry_for(current_app).same_for_every_reader(session, request.cookies)


def fill_slot(name: str, key: str, text: str) -> str:
    """Note that the page being made holds ``text`` in the slot ``name`` (registered with
    ``blog.cache.page_slot``), to be made again by the slot's ``fill(key)`` each time the
    cached page goes out; return ``text`` for the template."""
    slot = registry_for(current_app).slots[name]
    request.environ.setdefault(SLOTS_KEY, []).append(SlotMark(slot, key, text))
    return text


def per_site_version(name: str, build: Callable[[], T]) -> T:
    """``build()``'s result, kept in this process until the site changes.

    Only plain data belongs here (no database rows): it outlives the request.
    """
    store = current_app.extensions.setdefault("blog.version_cache", {})
    etag = current_etag()
    kept = store.get(name)
    if kept is not None and kept[0] == etag:
        return kept[1]
    value = build()
    if not session_wrote():
        store[name] = (etag, value)
    return value


def _keep_page(store: PageStore, key: str, etag: str, response) -> None:
    if session_wrote():
        return  # made from changes not yet committed
    page = CachedPage.cut(
        response.get_data(), response.content_type, request.environ.get(SLOTS_KEY, ())
    )
    store.keep(key, etag, page)


def _worth_keeping() -> bool:
    return request.args.keys() <= _KEPT_ARGUMENTS


def _mark_reader_copy(response, etag: str) -> None:
    response.headers["ETag"] = f'W/"{etag}"'  # the ETag is plain digits and dots
    # Keep it, but ask each time: the answer is usually a cheap 304. Private: the
    # author gets another page at the same address.
    response.headers["Cache-Control"] = "private, no-cache"
    # The front cache (deploy/nginx.conf), which only readers without cookies reach, may
    # serve it until this second is over, then asks again with the ETag: a change
    # reaches every reader within a second. nginx keeps this header to itself.
    response.headers["X-Accel-Expires"] = f"@{int(time.time())}"


def cached_page(view):
    """Answer 304 when the reader's copy is current; serve the page from this process's
    cache when it has it; otherwise make it, keep it, and mark it with its ETag.

    A page made for one reader (the author's, a page with a message to show) is never
    kept and never given an ETag.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not same_for_every_reader():
            response = make_response(view(*args, **kwargs))
            response.headers["Cache-Control"] = "private, no-cache"
            return response
        etag = current_etag()
        if request.if_none_match.contains_weak(etag):
            not_modified = current_app.response_class(status=304)
            _mark_reader_copy(not_modified, etag)
            return not_modified
        key = page_key(request.environ)
        store = page_store(current_app)
        caching = store.size > 0 and _worth_keeping()
        kept = store.get(key, etag) if caching else None
        if kept is not None:
            response = current_app.response_class(kept.body(), content_type=kept.content_type)
        else:
            response = make_response(view(*args, **kwargs))
            if caching and response.status_code == 200 and not response.is_streamed:
                _keep_page(store, key, etag, response)
        if caching and store.get(key, etag) is not None:
            request.environ[CACHED_KEY] = key
        if response.status_code == 200:
            _mark_reader_copy(response, etag)
        return response

    return wrapper
