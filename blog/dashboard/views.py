from functools import partial
from math import ceil

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from blog.auth.access import author_only
from blog.comments.queries import comment_counts
from blog.dashboard.editing import apply_form, form_data, preview_of
from blog.dashboard.forms import ConfirmForm, MoveForm, PageForm, PostForm, SettingsForm
from blog.dashboard.queries import (
    STATUSES,
    all_posts,
    label_counts,
    post_or_404,
    post_page,
    read_filter,
    status_counts,
    what_waits,
)
from blog.demo import seed_demo_blog
from blog.extensions import csrf, db
from blog.i18n import long_date, short_time
from blog.models import Post, PostKind, PostVersion
from blog.offline import write_offline_page
from blog.pages.manage import all_pages, move_in_navigation, page_slug_problem
from blog.posts.publishing import move_to_trash, restore_from_trash, restore_version
from blog.settings import fixed_source, invalid_stored, save_setting, setting, settings_sections
from blog.stats.queries import views_of_posts
from blog.utils.database import utcnow
from blog.utils.dates import current_zone
from blog.web.address import address_unconfirmed, request_address, shuts_out
from blog.web.pagination import paginate, requested_page
from blog.web.saving import saving

bp = author_only(Blueprint("dashboard", __name__, url_prefix="/dashboard"))

POSTS_PER_PAGE = 25


@bp.get("")
def index():
    """What waits for the author (held comments, drafts, scheduled posts), then the posts,
    filtered by status, label and words in the title, a page at a time.

    :raise 404: for a page past the end of the filtered list, or one that is not a number.
    """
    now, page = utcnow(), requested_page()
    chosen = read_filter(request.args)
    labels = label_counts(chosen, now)  # counted whatever label is chosen
    chosen = chosen.known_label(labels)
    counts = status_counts(chosen, now)
    matching = counts.matches(chosen.status)
    if page > 1 and (page - 1) * POSTS_PER_PAGE >= matching:
        abort(404)
    posts, post_counts = post_page(chosen, now, page, POSTS_PER_PAGE)
    held, waiting = what_waits(now)
    return render_template(
        "dashboard/index.html",
        address_unconfirmed=address_unconfirmed(),
        held=held,
        waiting=waiting,
        chosen=chosen,
        counts=counts,
        labels=labels,
        matching=matching,
        pagination=posts,
        last_page=max(1, ceil(matching / POSTS_PER_PAGE)),
        post_counts=post_counts,
        statuses=STATUSES,
        now=now,
    )


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """Change the blog's settings; those the configuration fixes show where they come from."""
    fields = SettingsForm.SETTINGS
    data = {field: setting(name) for field, name in fields.items()}
    unconfirmed = address_unconfirmed()
    if unconfirmed:
        data["address"] = request_address()  # offered to confirm: where the author is now
    form = SettingsForm(data=data)
    fixed = {field: (setting(fields[field]), str(source))
             for field, source in form.leave_out_fixed(fixed_source).items()}
    page = partial(render_template, "dashboard/settings.html", form=form, fixed=fixed,
                   sections=settings_sections(), stale=invalid_stored(),
                   unconfirmed=unconfirmed, address=setting("ADDRESS"))
    valid = form.validate_on_submit()
    cleaned = form.cleaned_settings() if form.is_submitted() else None
    if cleaned and "ADDRESS" in cleaned and (problem := shuts_out(cleaned["ADDRESS"])):
        form.address.errors = [*form.address.errors, problem]
        cleaned = None
    if not (valid and cleaned is not None):
        return page(), 422 if form.is_submitted() else 200
    with saving(form, page):
        for name, value in cleaned.items():
            save_setting(name, value)
    write_offline_page(current_app._get_current_object())  # the title or language may be new
    flash(_("Settings saved."), "success")
    return redirect(url_for(".settings"))


@bp.post("/sample-essays")
def sample_essays():
    """Fill an empty blog with the sample essays and their comments, to see it at work."""
    if db.session.scalar(sa.select(Post.id).limit(1)) is not None:
        flash(_("The blog has posts already; the sample essays go only into an empty one."),
              "info")
        return redirect(url_for(".index"))
    with saving():
        summary = seed_demo_blog()
    flash(summary, "success")
    return redirect(url_for(".index"))


@bp.route("/posts/new", methods=["GET", "POST"])
@csrf.exempt  # PostForm checks its token itself and, if stale, shows the text again
def create():
    """Write a new post."""
    return _editor(PostForm(), post=None, kind=PostKind.POST)


@bp.route("/pages/new", methods=["GET", "POST"])
@csrf.exempt  # as above
def create_page():
    """Write a new standing page (About, Contact, a timeline)."""
    return _editor(PageForm(), post=None, kind=PostKind.PAGE)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@csrf.exempt  # as above
def edit(post_id: int):
    """Edit a post or a page; its earlier versions are listed beside the form."""
    post = post_or_404(post_id)
    form_class = PageForm if post.is_page else PostForm
    form = form_class(data=form_data(post, current_zone()))
    return _editor(form, post=post, kind=post.kind)


def _editor(form: PostForm, post: Post | None, kind: PostKind):
    zone = current_zone()
    page = partial(render_template, "dashboard/edit.html", form=form, post=post, kind=kind)
    if not form.validate_on_submit():
        return page()
    if kind == PostKind.PAGE:
        problem = page_slug_problem(post or Post(kind=kind), form.slug.data or "")
        if problem:
            form.slug.errors = [*form.slug.errors, problem]
            return page(), 422
    if form.preview.data:
        return page(preview=preview_of(form, post, current_user, zone))
    is_new = post is None
    if is_new:
        post = Post(author=current_user, kind=kind)
        db.session.add(post)
    unsaved_page = partial(render_template, "dashboard/edit.html", form=form,
                           post=None if is_new else post, kind=kind)
    with saving(form, unsaved_page):
        message = apply_form(post, form, zone)
    flash(message, "success")
    return redirect(url_for("dashboard.edit", post_id=post.id))


@bp.get("/pages")
def pages():
    """The blog's standing pages, in the navigation bar's order, with their comments."""
    found = all_pages()
    return render_template(
        "dashboard/pages.html", pages=found, form=MoveForm(),
        comment_counts=comment_counts(page.id for page in found),
        view_counts=views_of_posts(page.id for page in found),
    )


@bp.post("/pages/<int:post_id>/move")
def move_page(post_id: int):
    """Move a page up or down in the navigation bar."""
    page = post_or_404(post_id)
    form = MoveForm()
    if not page.is_page or not form.validate_on_submit():
        abort(400)
    if move_in_navigation(page, -1 if form.up.data else 1):
        with saving():
            db.session.flush()
    return redirect(url_for(".pages"))


@bp.post("/posts/<int:post_id>/versions/<int:version_id>/restore")
def restore(post_id: int, version_id: int):
    """Bring back an earlier version of a post."""
    post = post_or_404(post_id)
    version = db.get_or_404(PostVersion, version_id)
    if version.post_id != post.id:
        abort(404)
    saved_at = version.saved_at
    restore_version(post, version)
    db.session.commit()
    flash(
        _("Restored the version saved %(day)s at %(time)s; the text it replaced is kept as "
          "a version too.", day=long_date(saved_at.astimezone(current_zone()).date()),
          time=short_time(saved_at)),
        "success",
    )
    return redirect(url_for("dashboard.edit", post_id=post.id))


@bp.route("/posts/<int:post_id>/delete", methods=["GET", "POST"])
def delete(post_id: int):
    """Ask, then move a post (and its comments with it) to the trash."""
    post = post_or_404(post_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        move_to_trash(post)
        db.session.commit()
        flash(_("“%(title)s” is in the trash; restore it from there.", title=post.title),
              "success")
        return redirect(url_for("dashboard.index"))
    return render_template(
        "dashboard/confirm.html",
        form=form,
        question=_("Move “%(title)s” to the trash?", title=post.title),
        explanation=_("Readers will no longer see it, and its comments go with it. "
                      "You can restore both from the trash."),
        button=_("Move to trash"),
        cancel_url=url_for("dashboard.edit", post_id=post.id),
    )


@bp.get("/trash")
def trash():
    """List the posts in the trash."""
    pagination = paginate(all_posts(trashed=True), per_page=POSTS_PER_PAGE, empty_is_404=False)
    return render_template(
        "dashboard/trash.html",
        pagination=pagination,
        comment_counts=comment_counts(post.id for post in pagination.items),
        form=ConfirmForm(),
    )


@bp.post("/posts/<int:post_id>/untrash")
def untrash(post_id: int):
    """Take a post out of the trash, comments and all."""
    post = post_or_404(post_id, trashed=True)
    restore_from_trash(post)
    db.session.commit()
    flash(_("“%(title)s” is back, with its comments.", title=post.title), "success")
    return redirect(url_for("dashboard.edit", post_id=post.id))


@bp.route("/posts/<int:post_id>/purge", methods=["GET", "POST"])
def purge(post_id: int):
    """Ask, then delete a post in the trash for good."""
    post = post_or_404(post_id, trashed=True)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = post.title
        db.session.delete(post)
        db.session.commit()
        flash(_("“%(title)s” and its comments are deleted for good.", title=title), "success")
        return redirect(url_for("dashboard.trash"))
    return render_template(
        "dashboard/confirm.html",
        form=form,
        question=_("Delete “%(title)s” for good?", title=post.title),
        explanation=_("The post, its earlier versions and its comments are deleted "
                      "and cannot be restored."),
        button=_("Delete for good"),
        cancel_url=url_for("dashboard.trash"),
    )
