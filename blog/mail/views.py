from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from blog.auth.access import author_only
from blog.mail.forms import TestMessageForm
from blog.mail.outbox import failed_messages, mail_configured, outbox_counts
from blog.mail.sender import send_test_message

bp = author_only(Blueprint("mail", __name__, url_prefix="/dashboard/mail"))


@bp.get("")
def status():
    """Whether mail can go out, what waits and what failed, and a test message."""
    form = TestMessageForm(data={"recipient": current_user.email or ""})
    return _status_page(form)


@bp.post("/test")
def send_test():
    """Send a test message now and show the mail server's own answer."""
    form = TestMessageForm()
    if not form.validate_on_submit():
        return _status_page(form), 422
    if not mail_configured():
        flash("No mail server is set, so nothing was sent.", "error")
        return redirect(url_for(".status"))
    ok, answer = send_test_message(form.recipient.data.strip())
    flash(f"The mail server accepted the test message: {answer}" if ok else
          f"The test message was not sent. The mail server said: {answer}",
          "success" if ok else "error")
    return redirect(url_for(".status"))


def _status_page(form: TestMessageForm):
    config = current_app.config
    return render_template(
        "mail/status.html", form=form, configured=mail_configured(),
        server=f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}", counts=outbox_counts(),
        failed=failed_messages(), has_address=bool(current_user.email),
        next_url=request.path,
    )
