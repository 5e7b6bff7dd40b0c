"""What the blog mails to its author: a comment waiting for approval (and, if the author
asks, every published comment), with links that lead, after logging in, to a page that
asks before it changes anything."""

import sqlalchemy as sa
from flask import render_template, url_for

from blog.extensions import db
from blog.mail.outbox import blog_domain, mail_configured, queue_mail
from blog.models import Author, Comment, CommentStatus
from blog.posts.links import post_url
from blog.settings import setting

ACTIONS = (("approve", "Approve"), ("spam", "Mark as spam"), ("delete", "Delete"))


def post_thread_id(post_id: int) -> str:
    """The Message-ID every notice about one post answers, so a mail client keeps them
    in one thread."""
    return f"<post-{post_id}@{blog_domain()}>"


def notify_author_of_comment(comment: Comment) -> None:
    """Queue the author's notice of ``comment`` (uncommitted), if there is one to send: a
    comment held for approval always, a published one if the author asked for those;
    spam, the author's own comments, and an author without an e-mail address never."""
    if not mail_configured() or comment.author_id is not None:
        return
    held = comment.status == CommentStatus.PENDING
    if not (held or (comment.status == CommentStatus.APPROVED
                     and setting("MAIL_EVERY_COMMENT"))):
        return
    address = db.session.scalar(sa.select(Author.email).order_by(Author.id).limit(1))
    if not address:
        return
    post = comment.post
    links = [(label, url_for("comments.confirm", comment_id=comment.id, action=action,
                             _external=True)) for action, label in ACTIONS if held]
    context = {
        "comment": comment, "post": post, "held": held, "links": links,
        "name": comment.name.strip() or "Anonymous",
        "post_link": post_url(post, _external=True, _anchor=f"c{comment.id}"),
        "moderation": url_for("comments.moderate", _external=True),
    }
    waiting = "waits for your approval" if held else "was published"
    queue_mail(
        address,
        f"A comment on “{post.title}” {waiting}",
        render_template("mail/comment_notice.txt", **context),
        render_template("mail/comment_notice.html", **context),
        thread_id=post_thread_id(post.id),
        reason=f"{'held' if held else 'new'} comment {comment.id}",
    )
