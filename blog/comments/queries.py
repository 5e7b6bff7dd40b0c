"""Read-side queries for comments: the thread under a post, and counts per post."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus, Post


def comment_counts(post_ids: Iterable[int]) -> dict[int, int]:
    """Approved comments per post, in one query for a whole page of posts."""
    ids = list(post_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Comment.post_id, sa.func.count())
        .where(Comment.post_id.in_(ids), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.post_id)
    )
    return {post_id: count for post_id, count in rows}


def shown_comments(post: Post) -> list[Comment]:
    """The comments readers see under ``post``, oldest first: the approved ones, and
    placeholders for removed ones that were answered."""
    shown = (CommentStatus.APPROVED, CommentStatus.REMOVED)
    return list(
        db.session.scalars(
            sa.select(Comment)
            .where(Comment.post_id == post.id, Comment.status.in_(shown))
            .order_by(Comment.created_at, Comment.id)
        )
    )


@dataclass
class Thread:
    comment: Comment
    replies: list["Thread"] = field(default_factory=list)


def thread_comments(comments: list[Comment]) -> list[Thread]:
    """Arrange comments under the ones they answer; orphans stay at the top level."""
    nodes = {c.id: Thread(c) for c in comments}
    roots: list[Thread] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.replies if parent else roots).append(nodes[comment.id])
    return roots


