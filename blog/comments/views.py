import math

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import selectinload

from blog import cache
from blog.auth.access import author_required
from blog.comments.forms import CommentForm
from blog.comments.moderation import (
    approve,
    comment_mode,
    delete_comment,
    is_known_commenter,
    mark_spam,
    new_comment,
    rate_limit_wait,
    reply_target,
    status_for,
)
from blog.comments.paging import SHOWN, comment_url
from blog.comments.remember import COOKIE_NAME, commenter_token, forget, remember
from blog.comments.section import STAMP_SLOT
from blog.comments.spam import form_stamp, score_comment, seconds_since_stamp
from blog.extensions import csrf, db
from blog.i18n import number
from blog.mail.notices import notify_author_of_comment
from blog.mail.subscriptions import subscribe
from blog.models import Comment, CommentMode, CommentStatus, Post, SubscriptionKind
from blog.posts.links import post_url
from blog.posts.page import render_post_page
from blog.settings import setting
from blog.utils.database import utcnow
from blog.web.inputs import client_address, whole_number
from blog.web.pagination import paginate
from blog.web.saving import saving

bp = Blueprint("comments", __name__)



@bp.record_once
def _tell_the_page_cache(state) -> None:
    """The remembered commenter's cookie fills in their name: a page of their own. The
    form's "shown at" stamp is made afresh each time a cached page goes out."""
    app = state.app
    cache.personal_cookie(app, COOKIE_NAME)
    cache.page_slot(app, STAMP_SLOT, lambda post_id: form_stamp(app.secret_key, int(post_id)))


@bp.post("/posts/<int:post_id>/comments")
@csrf.exempt  # the form checks its own token and, if stale, shows the comment again
def create(post_id: int):
    """Take a comment: show it, queue it, or file it as spam; bad input comes back."""
    post = db.session.get(Post, post_id)
    if post is None or not post.is_visible(utcnow()):
        abort(404)
    mode = comment_mode(post)
    if mode == CommentMode.CLOSED and not current_user.is_authenticated:
        abort(403, description=_("Comments on this post are closed."))
    form = CommentForm(
        max_length=setting("COMMENT_MAX_LENGTH"),
        by_author=current_user.is_authenticated,
    )
    if not form.validate_on_submit():
        return render_post_page(post, comment_form=form, status=422)
    if current_user.is_authenticated:
        return _authors_reply(post, form)
    return _readers_comment(post, form, mode)


def _authors_reply(post: Post, form: CommentForm):
    """The author's comment: shown at once, under the author's name."""
    with saving(form, lambda: render_post_page(post, comment_form=form)):
        comment = new_comment(
            post,
            body=form.body.data,
            parent=reply_target(post, form.parent_id.data),
            author=current_user,
            status=CommentStatus.APPROVED,
        )
        destination = _where_it_shows(post, comment)
    return redirect(destination)


def _readers_comment(post: Post, form: CommentForm, mode: CommentMode):
    """A reader's comment: limited per address, scored for spam, shown or held."""
    address = client_address(request.remote_addr)
    wait = rate_limit_wait(address, utcnow())
    if wait is not None:
        seconds = max(1, math.ceil(wait.total_seconds()))
        form.body.errors.append(ngettext(
            "You have sent several comments in a short time. Please wait %(count)s second "
            "and send this one again: it is still here.",
            "You have sent several comments in a short time. Please wait %(count)s seconds "
            "and send this one again: it is still here.",
            seconds, count=number(seconds)))
        page, status = render_post_page(post, comment_form=form, status=429)
        return page, status, {"Retry-After": str(seconds)}

    token = commenter_token() if form.remember.data else None
    verdict = score_comment(
        body=form.body.data,
        website=form.website.data,
        honeypot=form.homepage.data or "",
        seconds_to_post=seconds_since_stamp(current_app.secret_key, form.shown.data, post.id),
        post_text=f"{post.title} {post.body}",
        min_seconds=setting("COMMENT_MIN_SECONDS"),
        max_links=setting("COMMENT_MAX_LINKS"),
    )
    status = status_for(mode, verdict, is_known_commenter(token))
    with saving(form, lambda: render_post_page(post, comment_form=form)):
        comment = new_comment(
            post,
            body=form.body.data,
            name=form.name.data,
            website=form.website.data,
            parent=reply_target(post, form.parent_id.data),
            status=status,
            verdict=verdict,
            address=address,
            commenter_token=token,
        )
        db.session.flush()  # the notice links to the comment by its id
        notify_author_of_comment(comment)
        if form.notify.data and status != CommentStatus.SPAM:
            subscribe(comment, form.email.data, SubscriptionKind(form.notify.data))
        destination = _where_it_shows(post, comment)

    if status != CommentStatus.APPROVED:
        # Spam hears the same as a held comment: nothing to learn from the answer.
        flash(_("Thank you! Your comment will appear once the author has approved it."), "info")
    response = redirect(destination)
    if token:
        remember(response, form.name.data, form.website.data, token)
    else:
        forget(response)
    return response


@bp.get("/comments/form-token")
def form_token():
    """This reader's CSRF token, for the comment form of a page shared by every reader
    (see ``blog.comments.section.comment_form``). The session cookie it goes with is set
    here, so a reader who never comments is never given one."""
    response = current_app.response_class(generate_csrf(), mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def _where_it_shows(post: Post, comment: Comment) -> str:
    """The comment's place on the post's page (its anchor once it is shown), worked out
    before the commit, which would otherwise send two more queries to reload both."""
    if comment.status != CommentStatus.APPROVED:
        # Not shown yet: back to the comments, on the page of the thread it answers.
        if comment.parent is None:
            return post_url(post, _anchor="comments")
        return comment_url(comment.parent, _anchor="comments")
    db.session.flush()  # for the comment's id
    return comment_url(comment)


@bp.get("/comments/<int:comment_id>")
def permalink(comment_id: int):
    """A comment's lasting address: sends the reader to the page of its post that shows
    it now (threads move to later pages as earlier ones grow). The post page's script
    comes here for a ``#c123`` that is not on the page it is on."""
    comment = db.session.get(Comment, comment_id)
    if (comment is None or comment.status not in SHOWN
            or not comment.post.is_visible(utcnow())):
        abort(404)
    return redirect(comment_url(comment))


MODERATION_TABS = {
    "pending": CommentStatus.PENDING,
    "approved": CommentStatus.APPROVED,
    "spam": CommentStatus.SPAM,
}
ACTIONS = {"approve": approve, "spam": mark_spam, "delete": delete_comment}
# Translators: buttons that act on a comment (verbs)
CONFIRM_BUTTON = {"approve": _l("Approve"), "spam": _l("Mark as spam"), "delete": _l("Delete")}
CONFIRM_QUESTION = {
    "approve": _l("Approve this comment?"),
    "spam": _l("Mark this comment as spam?"),
    "delete": _l("Delete this comment?"),
}
# Where a comment is now, as the confirmation page says it: "(now: pending)".
# Translators: where a comment is now, shown as "(now: pending)"
STATUS_NAMES = {
    CommentStatus.APPROVED: _l("approved"),
    CommentStatus.PENDING: _l("pending"),
    CommentStatus.SPAM: _l("spam"),
    CommentStatus.REMOVED: _l("removed"),
}


def _done(action: str, count: int) -> str:
    """What the flash says once the author's button has acted on ``count`` comments."""
    shown = number(count)
    if action == "approve":
        return ngettext("Approved: %(count)s comment.", "Approved: %(count)s comments.",
                        count, count=shown)
    if action == "spam":
        return ngettext("Marked as spam: %(count)s comment.",
                        "Marked as spam: %(count)s comments.", count, count=shown)
    return ngettext("Deleted: %(count)s comment.", "Deleted: %(count)s comments.",
                    count, count=shown)


@bp.get("/dashboard/comments")
@author_required
def moderate():
    """List comments by status, with their post, name, time and spam reasons."""
    tab = request.args.get("status", "pending")
    if tab not in MODERATION_TABS:
        abort(404)
    comments = paginate(
        sa.select(Comment)
        .where(Comment.status == MODERATION_TABS[tab])
        .options(selectinload(Comment.post))
        .order_by(Comment.created_at.desc(), Comment.id.desc()),
        per_page=50,
        empty_is_404=False,
    )
    counts = dict(
        db.session.execute(
            sa.select(Comment.status, sa.func.count(Comment.id)).group_by(Comment.status)
        ).all()
    )
    return render_template(
        "comments/moderate.html", comments=comments, tab=tab, counts=counts
    )


@bp.get("/dashboard/comments/<int:comment_id>/confirm")
@author_required
def confirm(comment_id: int):
    """Ask before acting on one comment: where the links in the author's mail lead (a
    GET never changes anything)."""
    action = request.args.get("action", "")
    if action not in ACTIONS:
        abort(400, description=_("Choose Approve, Spam or Delete."))
    comment = db.get_or_404(Comment, comment_id)
    return render_template("comments/confirm.html", comment=comment, action=action,
                           button=CONFIRM_BUTTON[action], question=CONFIRM_QUESTION[action],
                           status_name=STATUS_NAMES.get(comment.status, comment.status))


@bp.post("/dashboard/comments")
@author_required
def act():
    """Approve, mark as spam or delete the chosen comments (one, or a ticked batch)."""
    single = request.form.get("one", "")
    if single:
        action, _colon, comment_id = single.partition(":")
        ids = [comment_id]
    else:
        action = request.form.get("action", "")
        ids = request.form.getlist("ids")
    if action not in ACTIONS:
        abort(400, description=_("Choose Approve, Spam or Delete."))
    chosen = [number for number in map(whole_number, ids) if number]
    comments = db.session.scalars(sa.select(Comment).where(Comment.id.in_(chosen))).all()
    with saving():
        for comment in comments:
            ACTIONS[action](comment)
    if comments:
        flash(_done(action, len(comments)), "success")
    else:
        flash(_("Tick the comments to act on first."), "info")
    return redirect(url_for("comments.moderate", status=request.args.get("status", "pending")))
