from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_user

from blog.auth import recent
from blog.auth.access import author_only
from blog.auth.confirm import count_failure, password_confirmed, throttled
from blog.extensions import db
from blog.i18n import number
from blog.settings import setting
from blog.two_factor import recovery, totp
from blog.two_factor.forms import DisableForm, EnableForm, RegenerateForm
from blog.two_factor.switch import setup_secret, turn_off, turn_on, use_either
from blog.web.saving import saving

bp = author_only(Blueprint("two_factor", __name__, url_prefix="/dashboard/two-factor"))

WRONG_SETUP_CODE = _l(
    "That is not the code for this set-up. Check that the app added the account shown "
    "here and that the phone's clock is right, then enter the code it shows now."
)
WRONG_PASSWORD = _l("That is not your password.")
SCAN_FIRST = _l("Add the account below to your app first, then enter the code it shows.")
WRONG_CODE = _l("That code is not right, or it has been used already.")


@bp.get("")
def settings():
    """Set two-factor log-in up, or (once it is on) turn it off or renew recovery codes."""
    if current_user.two_factor_enabled:
        return _status_page(DisableForm(prefix="disable"), RegenerateForm(prefix="regenerate"))
    form = EnableForm()
    # The set-up's secret is kept before it is shown, so every worker (and a reload)
    # offers the same one until a code proves the app holds it.
    with saving(form, lambda: _setup_page(form, offer_secret=False)):
        setup_secret(current_user)
    return _setup_page(form)


@bp.post("/enable")
def enable():
    """Switch two-factor log-in on once a code shows the app holds the set-up's secret;
    a log-in that is not recent gives the password too, so a session left open (or
    stolen) cannot tie the blog to someone else's phone."""
    author = current_user._get_current_object()
    if author.two_factor_enabled:
        return redirect(url_for(".settings"))
    form = EnableForm()
    valid = form.validate_on_submit()
    if author.totp_pending_secret is None:  # no set-up was shown: start one now
        with saving(form, lambda: _setup_page(form, offer_secret=False)):
            setup_secret(author)
        if valid:
            form.code.errors.append(SCAN_FIRST)
        return _setup_page(form, status=422)
    if not valid:
        return _setup_page(form, status=422)
    if not recent.logged_in_recently():
        if not form.password.data:
            minutes = recent.window_minutes()
            form.password.errors.append(ngettext(
                "Enter your password to turn two-factor log-in on: you logged in more than "
                "%(shown)s minute ago.",
                "Enter your password to turn two-factor log-in on: you logged in more than "
                "%(shown)s minutes ago.",
                minutes, shown=number(minutes),
            ))
            return _setup_page(form, status=422)
        if refusal := throttled(author):
            return refusal
        if not password_confirmed(author, form.password, form, lambda: _setup_page(form)):
            return _setup_page(form, status=422)
    # Refused by the database, the same set-up comes back: the secret the app has just
    # taken still works.
    with saving(form, lambda: _setup_page(form)):
        codes = turn_on(author, form.code.data)
    if codes is None:
        form.code.errors.append(WRONG_SETUP_CODE)
        return _setup_page(form, status=422)
    # Under the new session token; a "remember me" cookie, made with the old one, is
    # made again rather than lost. The password was just proven, if it was asked for.
    login_user(author, remember=recent.remembered())
    flash(_("Two-factor log-in is on; every other log-in has ended."), "success")
    return _recovery_codes_page(codes)


@bp.post("/disable")
def disable():
    """Switch it off, with the password and a code, so a left-open session is not enough."""
    if not current_user.two_factor_enabled:
        return redirect(url_for(".settings"))
    form = DisableForm(prefix="disable")
    if form.validate_on_submit():
        if refusal := _throttled():
            return refusal
        if _proven(form, needs_code=True):
            with saving(form, lambda: _status_page(form, RegenerateForm(prefix="regenerate"))):
                turn_off(current_user)
            flash(_("Two-factor log-in is off: your password alone logs you in."), "success")
            return redirect(url_for(".settings"))
    return _status_page(form, RegenerateForm(prefix="regenerate"), status=422)


@bp.post("/recovery-codes")
def regenerate():
    """Make a new set of recovery codes; the old ones stop working."""
    if not current_user.two_factor_enabled:
        return redirect(url_for(".settings"))
    form = RegenerateForm(prefix="regenerate")
    if form.validate_on_submit():
        if refusal := _throttled():
            return refusal
        if _proven(form, needs_code=False):
            with saving(form, lambda: _status_page(DisableForm(prefix="disable"), form)):
                codes = recovery.replace_codes(current_user)
            return _recovery_codes_page(codes)
    return _status_page(DisableForm(prefix="disable"), form, status=422)


def _throttled():
    """The 429 page while log-ins are paused for this address or the author."""
    return throttled(current_user._get_current_object())


def _proven(form, needs_code: bool) -> bool:
    """Whether the password (and code) are right; a wrong one counts as a failed log-in."""
    if not current_user.check_password(form.password.data):
        form.password.errors.append(WRONG_PASSWORD)
    elif needs_code and not use_either(current_user, form.code.data):
        form.code.errors.append(WRONG_CODE)
    else:
        return True
    count_failure(current_user._get_current_object())
    db.session.commit()
    return False


def _setup_page(form: EnableForm, status: int = 200, offer_secret: bool = True):
    """The set-up page with the secret the server keeps for it (none is offered when it
    could not be kept)."""
    secret = current_user.totp_pending_secret if offer_secret else None
    qr_code = None
    if secret:
        uri = totp.provisioning_uri(secret, current_user.username, setting("TITLE"))
        qr_code = totp.qr_code_svg(uri, title=_("QR code for your authenticator app"))
    page = render_template(
        "two_factor/setup.html",
        form=form,
        secret=totp.grouped(secret) if secret else None,
        qr_code=qr_code,
        ask_password=not recent.logged_in_recently(),
        recent_minutes=recent.window_minutes(),
    )
    return _not_stored(page, status)


def _status_page(disable_form: DisableForm, regenerate_form: RegenerateForm, status=200):
    page = render_template(
        "two_factor/status.html",
        disable_form=disable_form,
        regenerate_form=regenerate_form,
        codes_left=recovery.remaining(current_user),
    )
    return _not_stored(page, status)


def _recovery_codes_page(codes: list[str]):
    return _not_stored(render_template("two_factor/recovery_codes.html", codes=codes), 200)


def _not_stored(page: str, status: int):
    # Secrets and recovery codes must not linger in a browser's or proxy's cache.
    return page, status, {"Cache-Control": "no-store"}
