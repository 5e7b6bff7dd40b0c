from flask import (
    Blueprint,
    Response,
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
from blog.dashboard.forms import ConfirmForm
from blog.extensions import csrf, db
from blog.mail.followers import all_followers, follower_counts, follower_or_none, followers_csv
from blog.mail.forms import FollowForm, TestMessageForm
from blog.mail.outbox import failed_messages, mail_configured, outbox_counts
from blog.mail.sender import send_test_message
from blog.mail.subscriptions import (
    address_to_confirm,
    confirm_address,
    follow,
    subscription_for,
    too_many_requests,
    unsubscribe,
)
from blog.web.inputs import client_address
from blog.web.pagination import paginate
from blog.web.saving import saving

bp = author_only(Blueprint("mail", __name__, url_prefix="/dashboard/mail"))
# The links in readers' mail: no log-in, the signed token is the permission.
readers = Blueprint("subscriptions", __name__, url_prefix="/mail")


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
        flash(_("No mail server is set, so nothing was sent."), "error")
        return redirect(url_for(".status"))
    ok, answer = send_test_message(form.recipient.data.strip())
    if ok:
        flash(_("The mail server accepted the test message: %(answer)s", answer=answer),
              "success")
    else:
        flash(_("The test message was not sent. The mail server said: %(answer)s",
                answer=answer), "error")
    return redirect(url_for(".status"))


@bp.get("/followers")
def followers():
    """The readers who follow the blog by e-mail, with their counts."""
    pagination = paginate(all_followers(), per_page=50, empty_is_404=False)
    return render_template("mail/followers.html", pagination=pagination,
                           counts=follower_counts(), form=ConfirmForm())


@bp.post("/followers/<int:subscription_id>/remove")
def remove_follower(subscription_id: int):
    """Remove one follower (and the address with it)."""
    form = ConfirmForm()
    follower = follower_or_none(subscription_id)
    if follower is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    with saving():
        db.session.delete(follower)
    flash(_("Removed: that address gets no more mail from the blog."), "success")
    return redirect(url_for(".followers"))


@bp.get("/followers.csv")
def followers_file():
    """Every follower as CSV."""
    return Response(followers_csv(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="followers.csv"'})


def _status_page(form: TestMessageForm):
    config = current_app.config
    return render_template(
        "mail/status.html", form=form, configured=mail_configured(),
        server=f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}", counts=outbox_counts(),
        failed=failed_messages(), has_address=bool(current_user.email),
        next_url=request.path,
    )


@readers.route("/confirm/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token in the address is what allows it
def confirm(token: str):
    """Ask, then confirm an address (a mail scanner that follows links confirms nothing)."""
    request.form  # noqa: B018 - read (and size) the body before anything else
    address = address_to_confirm(token)
    if address is None:
        return render_template("mail/link_expired.html"), 404
    if request.method == "GET":
        return render_template("mail/confirm_page.html", address=address, done=False)
    with saving():
        confirmed = confirm_address(address)
    return render_template("mail/confirm_page.html", address=address, done=True,
                           confirmed=confirmed)


@readers.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # as above; mail clients POST here for one-click unsubscribing (RFC 8058)
def unsubscribe_link(token: str):
    """Ask, then stop the mail one subscription sends; one POST from a mail client does
    it at once."""
    request.form  # noqa: B018 - read (and size) the body before anything else
    subscription = subscription_for(token)
    if subscription is None:
        return render_template("mail/link_expired.html"), 404
    if request.method == "POST":
        with saving():
            unsubscribe(subscription)
    return render_template("mail/unsubscribe_page.html", subscription=subscription,
                           done=request.method == "POST")


@readers.route("/follow", methods=["GET", "POST"])
@csrf.exempt  # the form is on every kept page; the confirmation mail is the check
def follow_blog():
    """Follow the blog by e-mail: one confirmation mail, then each new post."""
    form = FollowForm()
    if not mail_configured():
        return render_template("mail/follow.html", form=form, off=True), 404
    if not form.validate_on_submit():
        return render_template("mail/follow.html", form=form), 422 if form.is_submitted() \
            else 200
    reader = client_address(request.remote_addr)
    if too_many_requests(reader):
        form.email.errors = [_("Too many requests from here just now; try again in an hour.")]
        return render_template("mail/follow.html", form=form), 429
    with saving(form, lambda: render_template("mail/follow.html", form=form)):
        follow(form.email.data.strip(), reader)
    return render_template("mail/follow.html", form=form, done=True)
