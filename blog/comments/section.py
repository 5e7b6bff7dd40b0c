"""What the comment area under a post needs: the form, or why there is none."""

from dataclasses import dataclass

from flask import current_app, g, request
from flask_login import current_user

from blog.comments.forms import CommentForm
from blog.comments.moderation import comment_mode, reply_target
from blog.comments.remember import remembered_commenter
from blog.comments.spam import form_stamp
from blog.models import Comment, CommentMode, Post


@dataclass
class CommentSection:
    form: CommentForm | None  # None when comments are closed
    mode: CommentMode
    replying_to: Comment | None
    max_depth: int


def comment_form(post: Post, formdata_form: CommentForm | None = None) -> CommentForm:
    """A fresh form (name and website filled in from the cookie), or the one sent back."""
    if formdata_form is not None:
        form = formdata_form
    else:
        remembered = remembered_commenter()
        form = CommentForm(
            formdata=None,
            data={
                "name": remembered.get("name", ""),
                "website": remembered.get("website", ""),
                "remember": bool(remembered),
                "parent_id": request.args.get("replytocom", ""),
            },
        )
    # Every showing of the form restarts the clock for the "too fast" spam signal
    # (blog.caching refreshes it, too, when the page comes from its cache).
    form.shown.data = g.comment_stamp = form_stamp(current_app.secret_key, post.id)
    g.comment_stamp_post_id = post.id
    return form


def comment_section(post: Post, sent_back: CommentForm | None = None) -> CommentSection:
    mode = comment_mode(post)
    closed = mode == CommentMode.CLOSED and not current_user.is_authenticated
    form = None if closed else comment_form(post, sent_back)
    return CommentSection(
        form=form,
        mode=mode,
        replying_to=reply_target(post, form.parent_id.data) if form else None,
        max_depth=current_app.config["COMMENT_MAX_DEPTH"],
    )
