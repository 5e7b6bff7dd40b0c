import click
from flask.cli import with_appcontext

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
        raise click.ClickException("No mail server is set: set MAIL_SERVER (BLOG_MAIL_SERVER).")
    counts = send_due(limit=10_000)
    click.echo(f"Sent {counts['sent']}; {counts['retry']} wait for a retry; "
               f"{counts['failed']} failed for good.")
