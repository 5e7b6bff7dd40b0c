"""Long threads shown a page at a time, as Blogger and WordPress do.

A post's comments are cut into pages of about ``COMMENTS_PER_PAGE`` (a setting), oldest
first. A thread (a comment and every reply under it) is never cut: a page takes whole
threads while it holds fewer comments than that, so the thread that fills it may run it
over. Page 1 is the post's own address; page N is ``?cpage=N``.

That rule keeps a thread where it was when it grows: replies to a thread on page 7
change nothing on pages 1 to 7 (only what comes after may move on), so a reply lands on
the page its reader was on, and a new comment at the end moves nothing. Approving an old
held comment, or one removed, can move later threads a page; links that name a page are
made when they are followed (``comments.permalink``), and the post page's script sends a
``#c123`` that is not on the page there.

A post with one page of comments costs one query, as before. A longer one costs two more
on its first page (the ids and parents of all its comments, in small rows, then the rest
of the page that the first query did not bring) and two on the others.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus, Post
from blog.posts.links import post_url
from blog.settings import setting

# Placeholders for removed comments that were answered are shown, so they are counted
# where threads are laid out (but not in the post's comment count).
SHOWN = (CommentStatus.APPROVED, CommentStatus.REMOVED)

_IN_BATCH = 900  # ids per IN (...) list: inside every database's limit on parameters


@dataclass(frozen=True)
class CommentPage:
    comments: list[Comment]  # oldest first, as ``thread_comments`` expects
    number: int  # 1-based
    count: int  # how many pages the post's comments take
    total: int  # the post's approved comments (every page's heading says it)

    @property
    def newer(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def older(self) -> int | None:
        return self.number - 1 if self.number > 1 else None


@dataclass(frozen=True)
class Layout:
    """Which comments go on which page, from the ids and parents of all of them."""

    pages: list[list[int]]  # per page, its comments' ids, oldest first
    page_of: dict[int, int]  # comment id -> its page (1-based)
    total: int


def comment_page(post: Post, number: int, per_page: int) -> CommentPage | None:
    """Page ``number`` of the comments shown under ``post``, or None past the last."""
    first: dict[int, Comment] = {}
    if number == 1:
        comments = list(db.session.scalars(_shown(post).limit(per_page + 1)))
        if len(comments) <= per_page:  # one page holds them all (almost every post)
            total = sum(c.status == CommentStatus.APPROVED for c in comments)
            return CommentPage(comments, 1, 1, total)
        first = {comment.id: comment for comment in comments}
    layout = comment_layout(post, per_page)
    if number > len(layout.pages):
        return None
    ids = layout.pages[number - 1]
    # The first page's comments are mostly those the first query brought: only the rest
    # of its last thread (and replies that came later) remain to be read.
    found = first | _comments_by_id([i for i in ids if i not in first])
    return CommentPage([found[i] for i in ids if i in found], number, len(layout.pages),
                       layout.total)


def page_of_comment(comment: Comment, per_page: int) -> int:
    """The page of its post that shows ``comment`` (1 when it is not shown at all)."""
    layout = comment_layout(comment.post, per_page)
    return layout.page_of.get(comment.id, 1)


def comment_layout(post: Post, per_page: int) -> Layout:
    rows = db.session.execute(
        _shown(post).with_only_columns(Comment.id, Comment.parent_id, Comment.status)
    ).all()
    return lay_out([(id_, parent) for id_, parent, _status in rows], per_page,
                   total=sum(status == CommentStatus.APPROVED for *_ids, status in rows))


def lay_out(rows: Sequence[tuple[int, int | None]], per_page: int, total: int) -> Layout:
    """Cut ``rows`` (comment id, the id it answers; oldest first) into pages of whole
    threads. A reply whose comment is not among the rows starts a thread of its own, as
    ``blog.comments.queries.thread_comments`` shows it."""
    parent_of = dict(rows)
    root_of: dict[int, int] = {}
    for comment_id, _parent in rows:
        root_of[comment_id] = _root(comment_id, parent_of, root_of)
    members: dict[int, list[int]] = {}  # thread's first comment -> its comments, in order
    for comment_id, _parent in rows:
        members.setdefault(root_of[comment_id], []).append(comment_id)
    pages: list[list[int]] = [[]]
    for thread in members.values():  # dicts keep order: threads by their first comment
        if len(pages[-1]) >= per_page:
            pages.append([])
        pages[-1].extend(thread)
    page_of = {comment_id: number
               for number, ids in enumerate(pages, start=1) for comment_id in ids}
    # Each page in the order the thread builder wants: oldest first.
    position = {comment_id: index for index, (comment_id, _parent) in enumerate(rows)}
    for ids in pages:
        ids.sort(key=position.__getitem__)
    return Layout(pages, page_of, total)


def _root(comment_id: int, parent_of: dict[int, int | None], root_of: dict[int, int]) -> int:
    """The first comment of ``comment_id``'s thread, walking up through its parents (a
    loop of parents, which only a damaged import could make, ends the walk)."""
    seen = {comment_id}
    current = comment_id
    while True:
        if current in root_of:
            return root_of[current]
        parent = parent_of.get(current)
        if parent is None or parent not in parent_of or parent in seen:
            return current
        seen.add(parent)
        current = parent


def _shown(post: Post) -> sa.Select:
    return (sa.select(Comment)
            .where(Comment.post_id == post.id, Comment.status.in_(SHOWN))
            .order_by(Comment.created_at, Comment.id))


def _comments_by_id(ids: list[int]) -> dict[int, Comment]:
    found: dict[int, Comment] = {}
    for batch in _batches(ids, _IN_BATCH):
        found.update((c.id, c) for c in db.session.scalars(
            sa.select(Comment).where(Comment.id.in_(batch))))
    return found


def _batches(items: list[int], size: int) -> Iterator[list[int]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def comment_url(comment: Comment, **kwargs) -> str:
    """Where ``comment`` is shown now: its post's address, on the right comment page, at
    the comment (extra arguments go to ``url_for``: ``_external``, another ``_anchor``)."""
    number = page_of_comment(comment, setting("COMMENTS_PER_PAGE"))
    kwargs.setdefault("_anchor", f"c{comment.id}")
    return post_url(comment.post, cpage=number if number > 1 else None, **kwargs)
