"""What the comment area under a post needs: the form, or why there is none."""

from dataclasses import dataclass

from flask import current_app, request
from flask_login import current_user

from blog import cache
from blog.comments.forms import CommentForm
from blog.comments.moderation import comment_mode, reply_target
from blog.comments.remember import remembered_commenter
from blog.comments.spam import form_stamp, seconds_since_stamp
from blog.models import Comment, CommentMode, Post
from blog.settings import setting

# The page cache's slot for the comment form's "shown at" stamp (registered by the
# comments blueprint).
STAMP_SLOT = "comment-stamp"


@dataclass
class CommentSection:
    form: CommentForm | None  # None when comments are closed
    mode: CommentMode
    replying_to: Comment | None
    max_depth: int


def comment_form(post: Post, formdata_form: CommentForm | None = None) -> CommentForm:
    """A fresh form (name and website filled in from the cookie), or the one sent back.

    On a page that is the same for every reader, the fresh form carries no CSRF token:
    the page's script fetches the reader's own when they start on the form
    (``comments.form_token``), and without scripts the first "Post comment" comes back
    with a token and everything typed, to be pressed again. That keeps the page free of
    anything made for one reader, so it is kept and served as it is."""
    if formdata_form is not None:
        form = formdata_form
    else:
        remembered = remembered_commenter()
        shared = cache.same_for_every_reader()
        form = CommentForm(
            formdata=None,
            data={
                "name": remembered.get("name", ""),
                "website": remembered.get("website", ""),
                "remember": bool(remembered),
                "parent_id": request.args.get("replytocom", ""),
            },
            meta={"csrf": False} if shared else {},
        )
    # Showing the form starts the clock for the "too fast" spam signal; the stamp is a
    # slot of the page, so the page cache stamps it afresh each time it serves the page.
    # A form sent back keeps a stamp it came with: its reader has been at it since then,
    # and pressing "Post comment" again at once is not a bot's speed.
    sent_stamp = form.shown.data if formdata_form is not None else None
    if sent_stamp and seconds_since_stamp(current_app.secret_key, sent_stamp, post.id) is not None:
        stamp = sent_stamp
    else:
        stamp = form_stamp(current_app.secret_key, post.id)
    form.shown.data = cache.fill_slot(STAMP_SLOT, str(post.id), stamp)
    return form


def comment_section(post: Post, sent_back: CommentForm | None = None) -> CommentSection:
    mode = comment_mode(post)
    closed = mode == CommentMode.CLOSED and not current_user.is_authenticated
    form = None if closed else comment_form(post, sent_back)
    return CommentSection(
        form=form,
        mode=mode,
        replying_to=reply_target(post, form.parent_id.data) if form else None,
        max_depth=setting("COMMENT_MAX_DEPTH"),
    )
