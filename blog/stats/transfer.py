"""The daily counts in the blog's JSON export, and back (``blog.transfer.json_export``).
Only counts travel: there are no visitor marks to carry (they last a day)."""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from blog.extensions import db
from blog.models import StatDay, StatFeedReader, StatPage, StatReferrer, StatSearch

# What each table exports: its text fields with their longest, then its counts.
_TABLES = {
    "days": (StatDay, {}, ("views", "visitors", "page_requests", "crawler_requests",
                           "feed_fetches", "feed_readers")),
    "pages": (StatPage, {"path": 300, "kind": 16}, ("views", "visitors")),
    "referrers": (StatReferrer, {"source": 255}, ("views",)),
    "searches": (StatSearch, {"term": 100}, ("searches",)),
    "feed_services": (StatFeedReader, {"fetcher": 64}, ("subscribers", "fetches")),
}
_LARGEST = 2**53  # a count JSON carries exactly
_PAGE_KINDS = {"post", "page", "home", "archive", "label", "search"}


def export_statistics() -> dict:
    exported = {}
    for name, (model, texts, counts) in _TABLES.items():
        columns = ["day", *texts, *(("post_id",) if model is StatPage else ()), *counts]
        order = [model.day, *(getattr(model, text) for text in texts)]
        exported[name] = [
            {column: value.isoformat() if column == "day" else value
             for column, value in zip(columns, row, strict=True)}
            for row in db.session.execute(
                sa.select(*(getattr(model, column) for column in columns)).order_by(*order))
        ]
    return exported


def restore_statistics(data: dict, post_ids: set[int]) -> int:
    """Add the exported counts (into an empty blog); how many rows that made.

    :raise ValueError: for a row that is not what an export holds.
    """
    if not isinstance(data, dict):
        raise ValueError(_("statistics is not an object"))
    total = 0
    for name, (model, texts, counts) in _TABLES.items():
        rows = [_checked_row(row, model, texts, counts, post_ids) for row in data.get(name, [])]
        for start in range(0, len(rows), 1000):
            db.session.execute(sa.insert(model), rows[start:start + 1000])
        total += len(rows)
    return total


def _checked_row(row, model, texts: dict, counts: tuple, post_ids: set[int]) -> dict:
    if not isinstance(row, dict):
        raise ValueError(_("a statistics row is not an object"))
    checked = {"day": date.fromisoformat(row["day"])}
    for text, longest in texts.items():
        value = row[text]
        if not isinstance(value, str) or not 0 < len(value) <= longest or "\x00" in value:
            raise ValueError(_("statistics %(field)s %(value)s will not do", field=text,
                               value=f"{value!r:.40}"))
        checked[text] = value
    if model is StatPage:
        if checked["kind"] not in _PAGE_KINDS:
            raise ValueError(_("statistics page kind %(kind)s is unknown",
                               kind=f"{checked['kind']!r:.20}"))
        checked["post_id"] = row.get("post_id") if row.get("post_id") in post_ids else None
    for count in counts:
        value = row[count]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < _LARGEST:
            raise ValueError(_("statistics %(field)s %(value)s is not a count", field=count,
                               value=f"{value!r:.20}"))
        checked[count] = value
    return checked
