from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from blog.auth.forms import LoginForm
from blog.auth.passwords import authenticate
from blog.auth.throttle import forget_failures, record_failure, retry_after
from blog.extensions import csrf
from blog.redirects import safe_next
from blog.saving import saving

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Wrong username or password."
CANNOT_COUNT = (
    "Logging in is paused: the blog cannot write to its database just now, where it "
    "counts failed log-ins to keep guessers out. Please try again in a few minutes."
)


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token and, if stale, shows itself again
def login():
    """Log the author in, then go on to `next` if it points inside the blog."""
    next_url = safe_next(request.args.get("next")) or url_for("dashboard.index")
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        username = form.username.data.strip()
        wait = retry_after(address, username)
        if wait is not None:
            minutes = max(1, round(wait.total_seconds() / 60))
            page = render_template("auth/too_many.html", minutes=minutes)
            return page, 429, {"Retry-After": str(int(wait.total_seconds()) + 1)}
        author = authenticate(username, form.password.data)
        # Failures must be counted for the limits to hold: if they cannot be, nobody
        # logs in until they can.
        login_page = partial(render_template, "auth/login.html", form=form)
        with saving(form, login_page, message=CANNOT_COUNT):
            if author is None:
                record_failure(address, username)
            else:
                forget_failures(address, username)
        if author is None:
            form.password.errors.append(BAD_CREDENTIALS)
        else:
            login_user(author, remember=form.remember.data)
            return redirect(next_url)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """End the author's session."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("posts.index"))
