import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from blog.i18n import number
from blog.mail.outbox import mail_configured
from blog.mail.sender import send_due


@click.group("mail")
def mail_group():
    """The outbox: send what is due (for a cron job, or with the background sender off)."""


@mail_group.command("send")
@with_appcontext
def send_command():
    """Send the mail that is due now."""
    if not mail_configured():
        raise click.ClickException(
            _("No mail server is set: set MAIL_SERVER (BLOG_MAIL_SERVER).")
        )
    counts = send_due(limit=10_000)
    # Translators: how many messages were sent, wait for a retry, and failed for good.
    click.echo(_("Sent: %(sent)s. Waiting for a retry: %(retry)s. Failed for good: %(failed)s.",
                 **{name: number(count) for name, count in counts.items()}))
