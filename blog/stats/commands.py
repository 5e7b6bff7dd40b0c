import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from blog.i18n import number


@click.group("stats")
def stats_group():
    """The statistics: count the pages nginx's cache answered (for a timer or cron job)."""


@stats_group.command("ingest")
@with_appcontext
@click.argument("logfile", type=click.Path(exists=True, dir_okay=False))
@click.option("--from-start", is_flag=True,
              help="Read the log from its first line, wherever the last run stopped "
                   "(counts those lines again).")
def ingest_command(logfile: str, from_start: bool):
    """Count the readers' pages nginx answered from its cache, from its access log
    (deploy/nginx.conf's log_format blog), from where the last run stopped."""
    from blog.extensions import db
    from blog.stats.ingest import PositionMoved, ingest

    if not current_app.config["STATS_COUNTING"]:
        click.echo(_("Statistics are off (STATS_COUNTING): nothing was read."))
        return
    try:
        summary = ingest(current_app._get_current_object(), logfile, from_start)
    except PositionMoved:
        raise click.ClickException(
            _("Another run counted these lines first; nothing was written.")) from None
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(_(
            "The counts could not be written (%(reason)s); the next run reads the same "
            "lines again.", reason=reason)) from error
    # Translators: what reading nginx's access log did, line by line.
    click.echo(_("Lines read: %(read)s. Counted: %(counted)s. Left to the blog's own count: "
                 "%(passed)s. Unreadable: %(unreadable)s.",
                 read=number(summary.read), counted=number(summary.counted),
                 passed=number(summary.passed), unreadable=number(summary.unreadable)))
