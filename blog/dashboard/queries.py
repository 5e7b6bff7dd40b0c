"""What the author's dashboard lists: what waits for the author, and the posts, filtered.

The dashboard's home page runs a fixed number of statements however many posts the blog
has (one each for the held comments, the drafts and scheduled posts, the counts by
status, the counts by label, and the page of posts, whose labels are one more), so
every function here reads in one statement what a page shows of it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import (
    Comment,
    CommentStatus,
    Label,
    Post,
    PostKind,
    PostStatus,
    StatPage,
    post_labels,
)
from blog.posts.publishing import MAX_LABEL_LENGTH
from blog.utils.database import utcnow
from blog.web.inputs import without_control_characters
from blog.web.pagination import Page

# The list's status filter: its values in the address, and what the form calls them.
STATUSES = {
    # Translators: the dashboard's filter by status: published posts, scheduled ones, drafts.
    "published": _l("Published"), "scheduled": _l("Scheduled"), "draft": _l("Drafts"),
}
MAX_TITLE_QUERY = 200  # characters of "words in the title"; a title holds 300
MAX_TITLE_WORDS = 10
HELD_SHOWN = 5
DRAFTS_SHOWN = 5
SCHEDULED_SHOWN = 10
COMMENT_START = 160  # characters of a held comment read for its first words


def all_posts(trashed: bool = False) -> sa.Select:
    """Every post of the author, recently changed first: drafts, scheduled and published."""
    deleted = Post.deleted_at.is_not(None) if trashed else Post.deleted_at.is_(None)
    return (
        sa.select(Post)
        .where(deleted)
        .options(selectinload(Post.labels))
        .order_by(Post.updated_at.desc(), Post.id.desc())
    )


def post_or_404(post_id: int, trashed: bool = False) -> Post:
    """The author's post by id (from the trash if ``trashed``).

    :raise 404: when there is no such post where it was looked for.
    """
    post = db.session.get(Post, post_id)
    if post is None or (post.deleted_at is not None) != trashed:
        abort(404)
    return post


# --- Status, as Post.current_status tells it, in SQL -----------------------------------------


def is_scheduled(now: datetime) -> sa.ColumnElement[bool]:
    """Scheduled and not yet due (a due one reads as published, as ``current_status`` says)."""
    return sa.and_(
        Post.status == PostStatus.SCHEDULED,
        sa.or_(Post.published_at.is_(None), Post.published_at > now),
    )


def status_clause(status: str, now: datetime) -> sa.ColumnElement[bool]:
    """The posts whose status at ``now`` is ``status`` (a key of STATUSES)."""
    if status == "draft":
        return Post.status == PostStatus.DRAFT
    if status == "scheduled":
        return is_scheduled(now)
    return sa.or_(
        Post.status == PostStatus.PUBLISHED,
        sa.and_(Post.status == PostStatus.SCHEDULED, Post.published_at <= now),
    )


def status_at(now: datetime) -> sa.Case:
    """Each post's status at ``now``, as the keys of STATUSES."""
    return sa.case(
        (Post.status == PostStatus.DRAFT, "draft"),
        (is_scheduled(now), "scheduled"),
        else_="published",
    )


# --- The list's filters ----------------------------------------------------------------------


@dataclass(frozen=True)
class PostFilter:
    """What the posts list is narrowed to; empty values narrow nothing."""

    status: str = ""  # a key of STATUSES
    label: str = ""  # a label's name
    text: str = ""  # "words in the title" as typed (cut to MAX_TITLE_QUERY)
    ignored_status: str = ""  # a status asked for that is none of STATUSES
    ignored_label: str = ""  # a label asked for that no post in the list carries

    @property
    def words(self) -> list[str]:
        """The words every matching title holds, without repeats, at most MAX_TITLE_WORDS."""
        seen: dict[str, str] = {}
        for word in self.text.split():
            seen.setdefault(word.casefold(), word)
        return list(seen.values())[:MAX_TITLE_WORDS]

    @property
    def active(self) -> bool:
        return bool(self.status or self.label or self.words)

    def known_label(self, labels: list["LabelCount"]) -> "PostFilter":
        """This filter, with its label dropped (and noted) unless it is one of ``labels``."""
        if not self.label or any(label.name == self.label for label in labels):
            return self
        return replace(self, label="", ignored_label=self.label)

    def args(self, **changes) -> dict[str, str]:
        """The filters as address arguments, empty ones left out, for links that keep them."""
        values = {"status": self.status, "label": self.label, "q": self.text} | changes
        return {name: value for name, value in values.items() if value}


def read_filter(args: Mapping[str, str]) -> PostFilter:
    """The filters named in an address's arguments; an unknown status is noted and dropped.

    Whether the label exists is for ``label_counts`` to say.
    """
    status = _clean(args.get("status", ""), 40)
    text = " ".join(_clean(args.get("q", ""), MAX_TITLE_QUERY).split())
    return PostFilter(
        status=status if status in STATUSES else "",
        label=" ".join(_clean(args.get("label", ""), MAX_LABEL_LENGTH).split()),
        text=text,
        ignored_status=status if status and status not in STATUSES else "",
    )


def _clean(value, length: int) -> str:
    return without_control_characters(value if isinstance(value, str) else "")[:length]


def filter_clauses(chosen: PostFilter, now: datetime, leave_out: str = "") -> list:
    """The SQL conditions of ``chosen``, but for the one named by ``leave_out`` ("status" or
    "label"), so a count can say what choosing another value there would give. The trash
    is for the caller to leave out."""
    clauses = []
    if chosen.status and leave_out != "status":
        clauses.append(status_clause(chosen.status, now))
    if chosen.label and leave_out != "label":
        clauses.append(
            Post.id.in_(
                sa.select(post_labels.c.post_id)
                .join(Label, Label.id == post_labels.c.label_id)
                .where(Label.name == chosen.label)
            )
        )
    # Matched as plain text: autoescape makes "%" and "_" mean themselves.
    clauses.extend(Post.title.icontains(word, autoescape=True) for word in chosen.words)
    return clauses


def _count_where(clauses: list) -> sa.ColumnElement[int]:
    """COUNT of the rows meeting every one of ``clauses`` (all rows if there are none)."""
    if not clauses:
        return sa.func.count()
    return sa.func.count(sa.case((sa.and_(*clauses), 1)))


# --- The counts beside the filters -----------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """Live posts (not in the trash) by status: all of them, and those the other filters
    (label, title words) leave."""

    total: dict[str, int]
    matching: dict[str, int]

    def matches(self, status: str = "") -> int:
        """How many posts the list shows for ``status`` ("" for any) with the other filters."""
        return self.matching.get(status, 0) if status else sum(self.matching.values())

    @property
    def posts(self) -> int:
        return sum(self.total.values())


def status_counts(chosen: PostFilter, now: datetime) -> StatusCounts:
    """The live posts by status at ``now``, in one GROUP BY."""
    # Grouped by a column of a subquery: PostgreSQL does not take a CASE with bound
    # parameters in GROUP BY for the same CASE in the select list.
    others = filter_clauses(chosen, now, leave_out="status")
    each = (
        sa.select(
            status_at(now).label("status"),
            (sa.and_(*others) if others else sa.true()).label("matches"),
        )
        .where(Post.deleted_at.is_(None), Post.kind == PostKind.POST)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            each.c.status,
            sa.func.count(),
            sa.func.count(sa.case((each.c.matches, 1))),
        ).group_by(each.c.status)
    ).all()
    return StatusCounts(
        total={status: total for status, total, _ in rows},
        matching={status: matching for status, _, matching in rows},
    )


@dataclass(frozen=True)
class LabelCount:
    name: str
    posts: int  # live posts carrying it that the other filters (status, title words) leave


def label_counts(chosen: PostFilter, now: datetime) -> list[LabelCount]:
    """The labels carried by live posts, by name, each with its count, in one GROUP BY."""
    others = filter_clauses(chosen, now, leave_out="label")
    rows = db.session.execute(
        sa.select(Label.name, _count_where(others))
        .join(post_labels, post_labels.c.label_id == Label.id)
        .join(Post, Post.id == post_labels.c.post_id)
        .where(Post.deleted_at.is_(None), Post.kind == PostKind.POST)
        .group_by(Label.id, Label.name)
        .order_by(Label.name)
    )
    return [LabelCount(name, posts) for name, posts in rows]


# --- The page of posts -----------------------------------------------------------------------


@dataclass(frozen=True)
class PostCounts:
    comments: int  # approved
    views: int  # of all time, as the statistics counted them


def post_page(chosen: PostFilter, now: datetime, page: int, per_page: int
              ) -> tuple[Page, dict[int, PostCounts]]:
    """One page of the filtered posts, recently changed first, with their labels, and
    their approved comments and views counted in the same statement."""
    approved = (
        sa.select(sa.func.count())
        .where(Comment.post_id == Post.id, Comment.status == CommentStatus.APPROVED)
        .correlate(Post)
        .scalar_subquery()
    )
    viewed = (
        sa.select(sa.func.coalesce(sa.func.sum(StatPage.views), 0))
        .where(StatPage.post_id == Post.id)
        .correlate(Post)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Post, approved, viewed)
        .where(Post.deleted_at.is_(None), Post.kind == PostKind.POST,
               *filter_clauses(chosen, now))
        .options(selectinload(Post.labels))
        .order_by(Post.updated_at.desc(), Post.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    posts = [post for post, _, _ in rows[:per_page]]
    page_of = Page(items=posts, page=page, per_page=per_page, has_next=len(rows) > per_page)
    return page_of, {post.id: PostCounts(comments, int(views))
                     for post, comments, views in rows[:per_page]}


# --- What waits for the author ---------------------------------------------------------------


@dataclass(frozen=True)
class HeldComment:
    id: int
    name: str
    start: str  # the first words of the text
    created_at: datetime
    post_id: int
    post_title: str


@dataclass(frozen=True)
class Held:
    count: int
    newest: list[HeldComment]


def held_comments(shown: int = HELD_SHOWN) -> Held:
    """Comments waiting for approval: how many (as the moderation page counts them) and
    the newest ``shown``, with their post's title."""
    return what_waits(utcnow(), held=shown)[0]


def _held_part(shown: int) -> sa.Subquery:
    return (
        sa.select(
            sa.literal_column("'held'").label("kind"),
            Comment.id.label("id"),
            Post.title.label("title"),
            Comment.created_at.label("at"),
            Comment.name.label("name"),
            sa.func.substr(Comment.body, 1, COMMENT_START).label("start"),
            Post.id.label("post_id"),
            sa.func.count().over().label("total"),  # before LIMIT: every held comment
        )
        .join(Post, Post.id == Comment.post_id)
        .where(Comment.status == CommentStatus.PENDING)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(shown)
        .subquery()
    )


def opening(text: str, length: int = 120) -> str:
    """The start of ``text`` on one line, cut at a word with "…" if it goes on."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    return flat[:length].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


@dataclass(frozen=True)
class WaitingPost:
    id: int
    title: str
    at: datetime  # last changed (a draft) or when it appears (a scheduled post)


@dataclass(frozen=True)
class Waiting:
    drafts: list[WaitingPost]  # the most recently changed
    scheduled: list[WaitingPost]  # the soonest first


def waiting_posts(
    now: datetime, drafts: int = DRAFTS_SHOWN, scheduled: int = SCHEDULED_SHOWN
) -> Waiting:
    """The drafts changed last and the posts due soonest (their counts are in
    ``status_counts``)."""
    return what_waits(now, drafts=drafts, scheduled=scheduled)[1]


def _post_part(kind: str, where, at, order, limit: int) -> sa.Subquery:
    return (
        sa.select(
            sa.literal_column(f"'{kind}'").label("kind"), Post.id.label("id"),
            Post.title.label("title"), at.label("at"),
            sa.cast(sa.null(), sa.String).label("name"),
            sa.cast(sa.null(), sa.Text).label("start"),
            sa.cast(sa.null(), sa.Integer).label("post_id"),
            sa.cast(sa.null(), sa.Integer).label("total"),
        )
        .where(Post.deleted_at.is_(None), Post.kind == PostKind.POST, *where)
        .order_by(*order)
        .limit(limit)
        .subquery()
    )


def what_waits(
    now: datetime, held: int = HELD_SHOWN, drafts: int = DRAFTS_SHOWN,
    scheduled: int = SCHEDULED_SHOWN,
) -> tuple[Held, Waiting]:
    """The held comments, the drafts changed last and the posts due soonest, in one
    statement: three parts of the same shape, one after the other."""
    recent_drafts = _post_part(
        "draft", [Post.status == PostStatus.DRAFT], Post.updated_at,
        [Post.updated_at.desc(), Post.id.desc()], drafts)
    soonest = _post_part(
        "scheduled", [is_scheduled(now), Post.published_at.is_not(None)], Post.published_at,
        [Post.published_at, Post.id], scheduled)
    parts = [
        sa.select(_held_part(held)),
        sa.select(recent_drafts),
        sa.select(soonest),
    ]
    rows = db.session.execute(sa.union_all(*parts)).all()
    listed: dict[str, list] = {"held": [], "draft": [], "scheduled": []}
    total = 0
    for kind, row_id, title, at, name, start, post_id, count in rows:
        if kind == "held":
            total = count
            listed[kind].append(HeldComment(
                id=row_id, name=(name or "").strip() or _("Anonymous"), start=opening(start or ""),
                created_at=at, post_id=post_id, post_title=title))
        else:
            listed[kind].append(WaitingPost(row_id, title, at))
    # A UNION promises no order: each part's is restored here.
    return (
        Held(count=total, newest=sorted(listed["held"], key=lambda c: (c.created_at, c.id),
                                        reverse=True)),
        Waiting(
            drafts=sorted(listed["draft"], key=lambda post: (post.at, post.id), reverse=True),
            scheduled=sorted(listed["scheduled"], key=lambda post: (post.at, post.id)),
        ),
    )
