"""Who waits for approval, and what the author's buttons do to a comment."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from blog.comments.spam import SpamVerdict
from blog.extensions import db
from blog.markup import comment_to_html
from blog.models import Author, Comment, CommentMode, CommentStatus, Post
from blog.settings import setting
from blog.web.inputs import whole_number

REMOVED_TEXT = "This comment has been removed."


def comment_mode(post: Post) -> CommentMode:
    """The post's own setting, or the blog's."""
    return post.comment_mode or CommentMode(setting("COMMENT_MODE"))


def is_known_commenter(token: str | None) -> bool:
    """Whether the author has approved a comment from this commenter before."""
    if not token:
        return False
    approved = sa.select(Comment.id).where(
        Comment.commenter_token == token, Comment.status == CommentStatus.APPROVED
    )
    return db.session.scalar(approved.limit(1)) is not None


def status_for(mode: CommentMode, verdict: SpamVerdict, known_commenter: bool) -> CommentStatus:
    """Where a visitor's new comment goes: the page, the queue or the spam folder."""
    if verdict.score >= setting("COMMENT_SPAM_THRESHOLD"):
        return CommentStatus.SPAM
    if mode == CommentMode.OPEN or (mode == CommentMode.FIRST_TIME and known_commenter):
        return CommentStatus.APPROVED
    return CommentStatus.PENDING


def rate_limit_wait(address: str, now: datetime) -> timedelta | None:
    """How long ``address`` must wait before commenting again: None while it has sent
    fewer than COMMENT_RATE_LIMIT comments (of any status) within the window, else until
    the oldest of those leaves it. It reads no further than the limit, so a flood costs no
    more to check."""
    limit = setting("COMMENT_RATE_LIMIT")
    window = timedelta(seconds=current_app.config["COMMENT_RATE_WINDOW_SECONDS"])
    times = db.session.scalars(
        sa.select(Comment.created_at)
        .where(Comment.ip_address == address, Comment.created_at > now - window)
        .order_by(Comment.created_at.desc())
        .limit(limit)
    ).all()
    if len(times) < limit:
        return None
    return times[-1] + window - now


def reply_target(post: Post, parent_id: str | None) -> Comment | None:
    """The comment a reply answers: an approved one under the same post.

    Past the depth limit the reply answers the deepest allowed comment above instead,
    so threads never narrow into an unreadable column.
    """
    number = whole_number(parent_id)
    parent = db.session.get(Comment, number) if number else None
    if parent is None or parent.post_id != post.id or parent.status != CommentStatus.APPROVED:
        return None
    chain = [parent]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    # chain[-1] is the top-level comment, at depth 1; the parent is at depth len(chain).
    max_depth = setting("COMMENT_MAX_DEPTH")
    if len(chain) < max_depth:
        return parent
    # The reply goes at the deepest level allowed, under the ancestor one level up (none:
    # with one level, every reply is a comment of its own).
    keep = max_depth - 1
    return chain[len(chain) - keep] if keep else None


def new_comment(
    post: Post,
    *,
    body: str,
    name: str = "",
    website: str = "",
    parent: Comment | None = None,
    author: Author | None = None,
    status: CommentStatus,
    verdict: SpamVerdict | None = None,
    address: str = "",
    commenter_token: str | None = None,
) -> Comment:
    """A comment ready to save; the author's carry their name and the author's mark."""
    verdict = verdict or SpamVerdict()
    comment = Comment(
        post=post,
        parent=parent,
        author=author,
        name=author.display_name if author else name,
        website=website,
        body=body.strip(),
        body_html=comment_to_html(body),
        status=status,
        spam_score=verdict.score,
        spam_reasons="\n".join(verdict.reasons),
        ip_address=address[:64],
        commenter_token=commenter_token,
    )
    db.session.add(comment)
    return comment


def approve(comment: Comment) -> None:
    comment.status = CommentStatus.APPROVED


def mark_spam(comment: Comment) -> None:
    comment.status = CommentStatus.SPAM


def delete_comment(comment: Comment) -> None:
    """Delete it; one that has replies stays as a placeholder so the thread keeps its shape."""
    has_replies = db.session.scalar(
        sa.select(Comment.id).where(Comment.parent_id == comment.id).limit(1)
    )
    if has_replies is None:
        db.session.delete(comment)
        return
    comment.status = CommentStatus.REMOVED
    comment.body = ""
    comment.body_html = ""
    comment.name = ""
    comment.website = ""
