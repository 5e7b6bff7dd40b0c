"""``flask --app app images …``: the uploads brought up to date with the image rules."""

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from blog.extensions import db
from blog.i18n import number
from blog.models import Post
from blog.posts.publishing import render_body
from blog.uploads.storage import rebuild, uploads_folder


@click.group("images")
def images_group():
    """Uploaded images: their smaller copies, and no location in what is served."""


@images_group.command("rebuild")
@with_appcontext
def rebuild_command():
    """Make the missing copies, take GPS out of every upload, then render every post again
    so that its images carry their size and copies. Safe to run again."""
    done = rebuild(uploads_folder())
    for name, problem in done.refused:
        click.echo(_("Left as it is: %(name)s: %(problem)s", name=name, problem=problem))
    changed = 0
    for post in db.session.scalars(sa.select(Post)):
        before = (post.body_html, post.summary_html)
        render_body(post)
        changed += (post.body_html, post.summary_html) != before
    db.session.commit()
    click.echo(ngettext("Wrote %(shown)s copy.", "Wrote %(shown)s copies.",
                        len(done.copies), shown=number(len(done.copies))))
    click.echo(ngettext("Took the location out of %(shown)s image.",
                        "Took the location out of %(shown)s images.",
                        len(done.cleaned), shown=number(len(done.cleaned))))
    click.echo(ngettext("%(shown)s post shows its images differently now.",
                        "%(shown)s posts show their images differently now.",
                        changed, shown=number(changed)))
