from dataclasses import asdict
from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from blog.account.forms import PasswordForm, ProfileForm
from blog.account.profile import (
    NO_PHOTO,
    Profile,
    change_password,
    changes_email,
    photo_names,
    profile_of,
    save_profile,
)
from blog.auth import recent
from blog.auth.access import author_only
from blog.auth.confirm import password_confirmed, throttled
from blog.uploads.storage import uploads_folder
from blog.web.saving import saving

bp = author_only(Blueprint("account", __name__, url_prefix="/dashboard/account"))

ASK_PASSWORD = (
    "Enter your password to change the e-mail address: you logged in more than "
    "{minutes} minutes ago."
)
PASSWORD_CHANGED = "Password changed; every other session has been logged out."


@bp.route("", methods=["GET", "POST"])
def profile():
    """Change the display name, "About me", photo and e-mail address."""
    author = current_user._get_current_object()
    stored = asdict(profile_of(author)) | {"photo": author.photo or NO_PHOTO}
    form = ProfileForm(data=stored, photos=photo_names(uploads_folder()))
    page = partial(_profile_page, form)
    if not form.validate_on_submit():
        return page(), 422 if form.is_submitted() else 200
    typed = Profile.typed(form.display_name.data, form.bio.data, form.photo.data,
                          form.email.data)
    if changes_email(author, typed) and not recent.logged_in_recently():
        if not form.password.data:
            form.password.errors.append(ASK_PASSWORD.format(minutes=_recent_minutes()))
            return page(), 422
        if refusal := throttled(author):
            return refusal
        if not password_confirmed(author, form.password, form, page):
            return page(), 422
    with saving(form, page):
        save_profile(author, typed)
    flash("Profile saved.", "success")
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
    flash(PASSWORD_CHANGED, "success")
    return redirect(url_for(".profile"))


def _profile_page(form: ProfileForm) -> str:
    return render_template(
        "account/profile.html",
        form=form,
        # A session past its recent log-in is asked for the password with the form.
        ask_password=bool(form.password.errors) or not recent.logged_in_recently(),
        recent_minutes=_recent_minutes(),
        photo=current_user.photo,
    )


def _recent_minutes() -> int:
    return max(1, current_app.config["RECENT_LOGIN_SECONDS"] // 60)
