"""The author's view of the readers who follow the blog by e-mail."""

import csv
import io

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Subscription, SubscriptionKind, SubscriptionState

_FOLLOWERS = Subscription.kind == SubscriptionKind.POSTS


def follower_counts() -> dict[SubscriptionState, int]:
    rows = db.session.execute(
        sa.select(Subscription.state, sa.func.count()).where(_FOLLOWERS)
        .group_by(Subscription.state))
    return {state: count for state, count in rows}


def all_followers() -> sa.Select:
    """Every follower, newest first (for paging)."""
    return sa.select(Subscription).where(_FOLLOWERS).order_by(
        Subscription.created_at.desc(), Subscription.id.desc())


def follower_or_none(subscription_id: int) -> Subscription | None:
    row = db.session.get(Subscription, subscription_id)
    return row if row is not None and row.kind == SubscriptionKind.POSTS else None


def followers_csv() -> str:
    """Address, state and dates of every follower, as CSV a spreadsheet opens; a value
    that a spreadsheet would take for a formula is made plain text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["email", "state", "asked_at", "confirmed_at"])
    for row in db.session.scalars(all_followers()):
        writer.writerow([_plain(row.email), row.state.value, row.created_at.isoformat(),
                         row.confirmed_at.isoformat() if row.confirmed_at else ""])
    return out.getvalue()


def _plain(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
