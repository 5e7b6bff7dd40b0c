from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE

from blog import cache
from blog.auth import devices, pending, recent, sessions
from blog.auth.access import author_required
from blog.auth.forms import CodeForm, LoginForm, RecoveryForm
from blog.auth.passwords import authenticate
from blog.auth.throttle import (
    client_address,
    forget_failures,
    record_failure,
    retry_after,
    too_many_attempts,
)
from blog.extensions import csrf
from blog.i18n import number
from blog.two_factor import recovery, totp
from blog.web.saving import saving
from blog.web.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.record_once
def _tell_the_page_cache(state) -> None:
    """The logged-in author (a session with a user id, or a "remember me" cookie) gets
    pages of their own; Flask-Login's other keys and a log-in waiting for its code
    change nothing on a reader's page."""
    app = state.app
    cache.personal_cookie(app, app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE))
    cache.personal_session_key(app, "_user_id")
    # When the password was last given travels with "_user_id", which is personal.
    cache.harmless_session_key(
        app, "_fresh", "_id", "_remember", "_remember_seconds", pending.SESSION_KEY,
        recent.SESSION_KEY,
    )
    # The device cookie is read only where a password or code is checked, never while a
    # page is made: a page cached for readers is right for a browser holding one too (a
    # logged-out author reading the blog, say).
    cache.harmless_cookie(app, devices.COOKIE_NAME)


# Every request that carries a log-in checks it (the user_loader) and notes it was seen.
bp.before_app_request(sessions.note_seen)

BAD_CREDENTIALS = _l("Wrong username or password.")
BAD_CODE = _l("That code is not right, or it has been used already.")
CANNOT_COUNT = _l(
    "Logging in is paused: the blog cannot write to its database just now, where it "
    "counts failed log-ins to keep guessers out. Please try again in a few minutes."
)


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token and, if stale, shows itself again
def login():
    """Log the author in (or on to the code step), then go on to `next` if it is ours."""
    next_url = safe_next(request.args.get("next")) or url_for("dashboard.index")
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        address = client_address()
        username = form.username.data.strip()
        device = devices.known_device(username)
        wait = retry_after(address, username, device)
        if wait is not None:
            return too_many_attempts(wait)
        author = authenticate(username, form.password.data)
        # Failures must be counted for the limits to hold: if they cannot be, nobody
        # logs in until they can.
        login_page = partial(render_template, "auth/login.html", form=form)
        with saving(form, login_page, message=CANNOT_COUNT):
            if author is None:
                record_failure(address, username, device)
            elif not author.two_factor_enabled:
                # With two factors, failures are forgotten only after the code, or the
                # password alone would reset the count of wrong codes.
                forget_failures(address, device)
                sessions.start(author, remember=form.remember.data)
        if author is None:
            form.password.errors.append(BAD_CREDENTIALS)
        elif author.two_factor_enabled:
            pending.start(author, remember=form.remember.data, next_url=next_url)
            return redirect(url_for("auth.code"))
        else:
            sessions.log_in(author, remember=form.remember.data)
            return redirect(next_url)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    """The second step: the code from the author's authenticator app."""
    return _second_step(CodeForm(), totp.use_code, "auth/code.html", recovery_used=False)


@bp.route("/login/recovery", methods=["GET", "POST"])
def recovery_code():
    """The second step with a recovery code instead, when the phone is not at hand."""
    return _second_step(RecoveryForm(), recovery.use_code, "auth/recovery.html", recovery_used=True)


def _second_step(form, use_code, template: str, recovery_used: bool):
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    waiting = pending.pending_log_in()
    if waiting is None:
        minutes = current_app.config["TWO_FACTOR_PENDING_SECONDS"] // 60
        flash(ngettext(
            "Log in with your username and password first. The code has to follow within "
            "%(shown)s minute.",
            "Log in with your username and password first. The code has to follow within "
            "%(shown)s minutes.",
            minutes, shown=number(minutes),
        ), "info")
        return redirect(url_for("auth.login"))
    author = waiting.author
    if form.validate_on_submit():
        address = client_address()
        device = devices.known_device(author.username)
        wait = retry_after(address, author.username, device)
        if wait is not None:
            return too_many_attempts(wait)
        step_page = partial(render_template, template, form=form)
        with saving(form, step_page, message=CANNOT_COUNT):
            accepted = use_code(author, form.code.data)
            if accepted:
                forget_failures(address, device)
                sessions.start(author, remember=waiting.remember)
            else:
                record_failure(address, author.username, device)
        if accepted:
            pending.end()
            sessions.log_in(author, remember=waiting.remember)
            if recovery_used:
                _say_how_many_codes_remain(author)
            return redirect(waiting.next_url)
        form.code.errors.append(BAD_CODE)
    return render_template(template, form=form)


def _say_how_many_codes_remain(author) -> None:
    left = recovery.remaining(author)
    if left == 0:
        message = _("You used a recovery code, so it will not work again: none is left. "
                    "Make a new set under Dashboard, Two-factor log-in.")
    else:
        message = ngettext(
            "You used a recovery code, so it will not work again: %(shown)s is left. "
            "Make a new set under Dashboard, Two-factor log-in.",
            "You used a recovery code, so it will not work again: %(shown)s are left. "
            "Make a new set under Dashboard, Two-factor log-in.",
            left, shown=number(left),
        )
    flash(message, "info")


@bp.post("/logout")
@author_required
def logout():
    """End the author's log-in, in this browser and wherever its cookies were copied."""
    with saving():
        sessions.log_out(current_user)
    logout_user()
    recent.forget()
    flash(_("You are logged out."), "info")
    return redirect(url_for("posts.index"))
