from dataclasses import asdict
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, refresh
from flask_login import current_user, logout_user

from blog.account.forms import PasswordForm, ProfileForm
from blog.account.profile import (
    NO_PHOTO,
    SAME_AS_THE_BLOG,
    Profile,
    change_password,
    changes_email,
    photo_names,
    profile_of,
    save_profile,
)
from blog.auth import recent
from blog.auth import sessions as log_ins
from blog.auth.access import author_only
from blog.auth.confirm import password_confirmed, throttled
from blog.i18n import number
from blog.uploads.storage import uploads_folder
from blog.web.saving import saving

bp = author_only(Blueprint("account", __name__, url_prefix="/dashboard/account"))


@bp.route("", methods=["GET", "POST"])
def profile():
    """Change the display name, "About me", photo and e-mail address."""
    author = current_user._get_current_object()
    stored = asdict(profile_of(author)) | {"photo": author.photo or NO_PHOTO,
                                           "language": author.language or SAME_AS_THE_BLOG}
    form = ProfileForm(data=stored, photos=photo_names(uploads_folder()))
    page = partial(_profile_page, form)
    if not form.validate_on_submit():
        return page(), 422 if form.is_submitted() else 200
    typed = Profile.typed(form.display_name.data, form.bio.data, form.photo.data,
                          form.email.data, form.language.data)
    if changes_email(author, typed) and not recent.logged_in_recently():
        if not form.password.data:
            minutes = recent.window_minutes()
            form.password.errors.append(ngettext(
                "Enter your password to change the e-mail address: you logged in more "
                "than %(shown)s minute ago.",
                "Enter your password to change the e-mail address: you logged in more "
                "than %(shown)s minutes ago.",
                minutes, shown=number(minutes),
            ))
            return page(), 422
        if refusal := throttled(author):
            return refusal
        if not password_confirmed(author, form.password, form, page):
            return page(), 422
    with saving(form, page):
        save_profile(author, typed)
    refresh()  # the next page, and this message, may be in the language just chosen
    flash(_("Profile saved."), "success")
    return redirect(url_for(".profile"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change the password, with the current one; every other session ends."""
    author = current_user._get_current_object()
    form = PasswordForm()
    page = partial(render_template, "account/password.html", form=form)
    if not form.validate_on_submit():
        return page(), 422 if form.is_submitted() else 200
    if refusal := throttled(author):
        return refusal
    if not password_confirmed(author, form.current_password, form, page):
        return page(), 422
    with saving(form, page):
        change_password(author, form.new_password.data)  # this browser's log-in stays
    flash(_("Password changed; every other session has been logged out."), "success")
    return redirect(url_for(".profile"))


@bp.get("/sessions")
def sessions():
    """Where the author is logged in: each browser, its address and when it was last seen."""
    author = current_user._get_current_object()
    found = log_ins.active(author)
    this = next((login.id for login in found if log_ins.is_this_browser(author, login)), None)
    return render_template("account/sessions.html", log_ins=found, this_browser=this,
                           device_in_words=log_ins.device_in_words)


@bp.post("/sessions/<int:login_id>/end")
def end_session(login_id: int):
    """Log one browser out; its copied cookies stop working too."""
    author = current_user._get_current_object()
    with saving():
        ended = log_ins.end(author, login_id)
    if ended is None:
        abort(404)
    if log_ins.is_this_browser(author, ended):
        logout_user()
        recent.forget()
        flash(_("You are logged out."), "info")
        return redirect(url_for("auth.login"))
    flash(_("Logged out: %(device)s, %(address)s.", device=log_ins.device_in_words(ended.device),
            address=ended.address), "success")
    return redirect(url_for(".sessions"))


@bp.post("/sessions/end-others")
def end_other_sessions():
    """Log out every browser but this one."""
    with saving():
        current_user.end_sessions()
    flash(_("Every other browser is logged out."), "success")
    return redirect(url_for(".sessions"))


def _profile_page(form: ProfileForm) -> str:
    return render_template(
        "account/profile.html",
        form=form,
        # A session past its recent log-in is asked for the password with the form.
        ask_password=bool(form.password.errors) or not recent.logged_in_recently(),
        recent_minutes=recent.window_minutes(),
        photo=current_user.photo,
    )
