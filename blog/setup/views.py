from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from blog.auth import sessions
from blog.auth.throttle import client_address, record_failure, retry_after, too_many_attempts
from blog.extensions import csrf, db
from blog.models import Author
from blog.offline import write_offline_page
from blog.settings import fixed_source, save_setting, setting
from blog.setup.codes import announce, claim_setup_code, has_author, is_setup_code, setup_line
from blog.setup.forms import SetupForm
from blog.web.address import request_address
from blog.web.saving import saving

bp = Blueprint("setup", __name__)

# Wrong codes count in the log-in throttle under this name, beside usernames.
THROTTLE_NAME = "(setup code)"


@bp.route("/setup", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token and, if stale, shows itself again
def start():
    """Create the blog and its author, with the code only the server's console shows."""
    form = SetupForm(data={"code": request.args.get("code", "")})  # reads (and sizes) the body
    if has_author():
        return render_template("setup/done.html"), 410
    form.leave_out_fixed(fixed_source)
    address = client_address()
    wait = retry_after(address, THROTTLE_NAME)
    if wait is not None:
        return too_many_attempts(wait)
    code = form.code.data if request.method == "POST" else request.args.get("code")
    if not is_setup_code(code):
        return _ask_for_the_code(address, code)
    valid = form.validate_on_submit()
    cleaned = form.cleaned_settings() if form.is_submitted() else None
    if not (valid and cleaned is not None):
        status = 422 if form.is_submitted() else 200
        return _setup_page(form), status
    return _create_the_blog(form, cleaned)


def _ask_for_the_code(address: str, code: str | None):
    """Say where the code is, and print it there again; a wrong one counts as a failed
    log-in."""
    if code:
        with saving():
            record_failure(address, THROTTLE_NAME)
    announce(request.host_url)
    page = render_template("setup/code.html", wrong=bool(code), setup_line=setup_line)
    return page, (403 if code else 200)


def _setup_page(form: SetupForm) -> str:
    fixed = {name: str(source) for name in (*SetupForm.SETTINGS.values(), "ADDRESS")
             if (source := fixed_source(name))}
    address = setting("ADDRESS") if "ADDRESS" in fixed else request_address()
    return render_template("setup/start.html", form=form, fixed=fixed, address=address)


def _create_the_blog(form: SetupForm, settings: dict[str, object]):
    with saving(form, partial(_setup_page, form)):
        # Whoever deletes the code creates the blog; anyone sending the form in the same
        # moment finds it gone and is told the blog exists.
        claimed = claim_setup_code(form.code.data)
        if claimed:
            author = _first_author(form, settings)
            sessions.start(author, remember=False)
    if not claimed:
        return render_template("setup/done.html"), 409
    sessions.log_in(author)
    write_offline_page(current_app._get_current_object())  # in the blog's title and language
    flash(_("Your blog is ready. Write your first post, or fill the blog with sample essays "
            "to see how it looks."), "success")
    return redirect(url_for("dashboard.index"))


def _first_author(form: SetupForm, settings: dict[str, object]) -> Author:
    """The author and the blog's first settings, from the form (uncommitted)."""
    author = Author(username=form.username.data.strip(),
                    display_name=form.display_name.data.strip())
    author.set_password(form.password.data)
    db.session.add(author)
    for name, value in settings.items():
        save_setting(name, value)
    # The author is looking at the blog where readers will find it. A host that will not
    # do as an address leaves it open, and the dashboard asks for one.
    if fixed_source("ADDRESS") is None and request_address():
        save_setting("ADDRESS", request_address())
    return author
