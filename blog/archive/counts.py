"""How many posts each archive month and each label holds, kept when posts change.

The sidebar shows these counts on every page. Counting them from the posts costs more
the more posts there are; kept in ``archive_month`` and ``label.post_count`` they cost
the same with 100,000 posts as with 1,000. They are recounted once per transaction that
changed a post's status, time, trash state or labels (at commit), so readers' pages only
read them.

What is kept counts posts that are published or scheduled and not in the trash;
scheduled posts that are not yet due are taken off when the counts are read, since the
clock alone makes them appear. Months are the blog's local months (TIMEZONE): the rows
carry the zone they were counted in, and counts for another zone are not used.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from blog.extensions import db
from blog.models import ArchiveMonth, Label, Post, PostKind, PostStatus, Setting, post_labels
from blog.utils.database import changed_in_flush
from blog.utils.dates import current_zone

_CHANGED = "blog.post_counts_changed"
_COUNTED_ATTRIBUTES = ("status", "published_at", "deleted_at", "labels")


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    count: int
    # (month, count), newest first; for the newest year only, as Blogger's widget opens
    # the current year and links the others, so the sidebar stays short after decades.
    months: list[tuple[int, int]]


@dataclass(frozen=True)
class LabelCount:
    name: str
    count: int


def _counted(table=Post) -> sa.ColumnElement[bool]:
    """The posts the archive counts: published ones (pages are not dated entries)."""
    return sa.and_(
        table.kind == PostKind.POST,
        table.status != PostStatus.DRAFT,
        table.deleted_at.is_(None),
        table.published_at.is_not(None),
    )


def _local_months(times, zone: ZoneInfo) -> Counter:
    months: Counter = Counter()
    for moment in times:
        local = moment.astimezone(zone)
        months[local.year, local.month] += 1
    return months


def recount(connection: sa.Connection, zone: ZoneInfo) -> None:
    """Count every month and label again (inside the caller's transaction)."""
    months = _local_months(
        connection.scalars(sa.select(Post.published_at).where(_counted())), zone
    )
    connection.execute(sa.delete(ArchiveMonth))
    if months:
        connection.execute(
            sa.insert(ArchiveMonth),
            [
                {"zone": zone.key, "year": year, "month": month, "posts": posts}
                for (year, month), posts in months.items()
            ],
        )
    per_label = (
        sa.select(sa.func.count(post_labels.c.post_id))
        .join(Post, Post.id == post_labels.c.post_id)
        .where(post_labels.c.label_id == Label.id, _counted())
        .scalar_subquery()
    )
    connection.execute(sa.update(Label).values(post_count=per_label))


def _note_changes(session: Session, _flush_context) -> None:
    # Called with the flush's new, changed and deleted objects still listed. Months are
    # local months, so a new time zone counts them again too.
    new_zone = any(isinstance(obj, Setting) and obj.name == "TIMEZONE"
                   for obj in (*session.new, *session.dirty))
    if new_zone or changed_in_flush(session, Post, _COUNTED_ATTRIBUTES):
        session.info[_CHANGED] = True


def _recount_before_commit(session: Session) -> None:
    session.flush()
    if session.info.pop(_CHANGED, False):
        recount(session.connection(), current_zone())


def _forget_changes(session: Session, *_args) -> None:
    session.info.pop(_CHANGED, None)


def listen_for_post_changes() -> None:
    """Recount at commit whenever a flush changed what the counts count (registered once,
    on every session: see ``blog.create_app``'s session listeners)."""
    for event, listener in (
        ("after_flush", _note_changes),
        ("before_commit", _recount_before_commit),
        ("after_rollback", _forget_changes),
    ):
        if not sa.event.contains(Session, event, listener):
            sa.event.listen(Session, event, listener)


def _not_yet_due(now: datetime) -> list[tuple[int, datetime, str | None]]:
    """Scheduled posts still to come, with their labels (one row per label)."""
    return db.session.execute(
        sa.select(Post.id, Post.published_at, Label.name)
        .outerjoin(post_labels, post_labels.c.post_id == Post.id)
        .outerjoin(Label, Label.id == post_labels.c.label_id)
        .where(
            Post.status == PostStatus.SCHEDULED,
            Post.deleted_at.is_(None),
            Post.published_at > now,
        )
    ).all()


def sidebar_counts(
    now: datetime, zone: ZoneInfo, scheduled_ahead: bool
) -> tuple[list[ArchiveYear], list[LabelCount]]:
    """Visible posts per local year and month, newest first (Blogger's archive widget),
    and per label, by name. ``scheduled_ahead`` says whether any scheduled post may still
    be to come; when none is, their query is skipped."""
    coming = _not_yet_due(now) if scheduled_ahead else []
    coming_posts = {post_id: published_at for post_id, published_at, _label in coming}
    coming_months = _local_months(coming_posts.values(), zone)
    coming_labels = Counter(label for _id, _published_at, label in coming if label)

    archive = [] if coming_months else _archive_as_kept(zone)
    if not archive:
        months = _every_month(zone) - coming_months  # subtraction drops months left at 0
        archive = _archive_years(months)

    labels = db.session.execute(
        sa.select(Label.name, Label.post_count).where(Label.post_count > 0).order_by(Label.name)
    ).all()
    label_counts = [
        LabelCount(name, count - coming_labels[name])
        for name, count in labels
        if count > coming_labels[name]
    ]
    return archive, label_counts


def _archive_as_kept(zone: ZoneInfo) -> list[ArchiveYear]:
    """The widget straight from the kept counts, in one statement that reads each
    year's total and the newest year's months (not every month of every year)."""
    in_zone = ArchiveMonth.zone == zone.key
    newest = sa.select(sa.func.max(ArchiveMonth.year)).where(in_zone).scalar_subquery()
    years = (
        sa.select(ArchiveMonth.year, sa.literal(0).label("month"), sa.func.sum(ArchiveMonth.posts))
        .where(in_zone)
        .group_by(ArchiveMonth.year)
    )
    months = sa.select(ArchiveMonth.year, ArchiveMonth.month, ArchiveMonth.posts).where(
        in_zone, ArchiveMonth.year == newest
    )
    rows = db.session.execute(sa.union_all(years, months)).all()
    totals = {year: posts for year, month, posts in rows if month == 0}
    newest_months = sorted(((month, posts) for _y, month, posts in rows if month), reverse=True)
    return [
        ArchiveYear(year, int(totals[year]), months=[] if n else newest_months)
        for n, year in enumerate(sorted(totals, reverse=True))
    ]


def _every_month(zone: ZoneInfo) -> Counter:
    kept = db.session.execute(
        sa.select(ArchiveMonth.year, ArchiveMonth.month, ArchiveMonth.posts)
        .where(ArchiveMonth.zone == zone.key)
    ).all()
    if kept:
        return Counter({(year, month): posts for year, month, posts in kept})
    # Counted in another zone, or never: count them (correct, if slower).
    return _local_months(db.session.scalars(sa.select(Post.published_at).where(_counted())), zone)


def _archive_years(months: Counter) -> list[ArchiveYear]:
    years: dict[int, list[tuple[int, int]]] = {}
    for (year, month), posts in sorted(months.items(), reverse=True):
        years.setdefault(year, []).append((month, posts))
    archive: list[ArchiveYear] = []
    for year, per_month in years.items():
        count = sum(posts for _month, posts in per_month)
        archive.append(ArchiveYear(year, count, months=[] if archive else per_month))
    return archive
