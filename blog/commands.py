"""Command-line tasks: ``flask --app app <command>``."""

import os

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from blog.auth.passwords import password_problem
from blog.extensions import db
from blog.i18n import number
from blog.markup import comment_to_html
from blog.models import Author, Comment, Post
from blog.offline import write_offline_page
from blog.posts.publishing import render_body
from blog.settings import describe, save_setting
from blog.two_factor.switch import turn_off
from blog.uploads.commands import images_group


def register_commands(app: Flask) -> None:
    for command in (
        create_author, set_password, disable_two_factor, seed_demo, rerender, import_group,
        export, backup, settings_group, setup_link, offline_page, images_group,
    ):
        app.cli.add_command(command)


def _checked_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    return password


# Counts with their nouns ("1 post", "3 posts"), for the sentences that hold several.
def _posts(count: int) -> str:
    return ngettext("%(shown)s post", "%(shown)s posts", count, shown=number(count))


def _comments(count: int) -> str:
    return ngettext("%(shown)s comment", "%(shown)s comments", count, shown=number(count))


def _author_named(username: str) -> Author | None:
    return db.session.scalar(sa.select(Author).where(Author.username == username))


@click.command("create-author")
@with_appcontext
@click.argument("username")
@click.option("--name", "display_name", help="The name readers see (default: USERNAME).")
@click.option(
    "--password",
    help="For scripts; without it the password is asked for twice, unechoed.",
)
def create_author(username: str, display_name: str | None, password: str | None):
    """Create the author's account."""
    if _author_named(username) is not None:
        click.echo(_("The author '%(username)s' already exists; nothing was changed.",
                     username=username))
        return
    if password is None:
        password = click.prompt(_("Password"), hide_input=True,
                                confirmation_prompt=_("Repeat for confirmation"))
    author = Author(username=username, display_name=display_name or username)
    author.set_password(_checked_password(password))
    db.session.add(author)
    db.session.commit()
    click.echo(_("Created the author '%(username)s'.", username=username))


@click.command("set-password")
@with_appcontext
@click.argument("username")
@click.option("--password", help="For scripts; without it the password is asked for.")
def set_password(username: str, password: str | None):
    """Change the author's password."""
    author = _author_named(username)
    if author is None:
        raise click.ClickException(_("There is no author '%(username)s'.", username=username))
    if password is None:
        password = click.prompt(_("New password"), hide_input=True,
                                confirmation_prompt=_("Repeat for confirmation"))
    author.set_password(_checked_password(password))
    db.session.commit()
    click.echo(_("Changed the password of '%(username)s'.", username=username))


@click.command("disable-two-factor")
@with_appcontext
@click.argument("username")
def disable_two_factor(username: str):
    """Turn off the author's two-factor log-in (when the phone and recovery codes are lost)."""
    author = _author_named(username)
    if author is None:
        raise click.ClickException(_("There is no author '%(username)s'.", username=username))
    if not author.two_factor_enabled:
        click.echo(_("Two-factor log-in was already off for '%(username)s'.",
                     username=username))
        return
    turn_off(author)
    db.session.commit()
    click.echo(_("Turned off two-factor log-in for '%(username)s'; the password alone logs "
                 "in now.", username=username))


@click.command("offline-page")
@with_appcontext
def offline_page():
    """Write the page nginx shows while the blog cannot be reached (the server does this
    itself when it starts and when the settings change)."""
    path = write_offline_page(current_app._get_current_object())
    if path is None:
        raise click.ClickException(_("The page could not be written: see the log."))
    click.echo(_("Wrote %(path)s.", path=path))


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Fill an empty blog with sample essays and comments."""
    # Imported here: the sample essays are only needed by this command.
    from blog.demo import seed_demo_blog

    if db.session.scalar(sa.select(Post.id).limit(1)) is not None:
        raise click.ClickException(
            _("The blog already has posts; seed-demo fills only an empty one.")
        )
    summary = seed_demo_blog()
    db.session.commit()
    click.echo(summary)


@click.command("setup-link")
@with_appcontext
@click.option(
    "--url",
    default=lambda: "http://" + os.environ.get("BLOG_BIND", "127.0.0.1:5000"),
    help="The blog's address as a browser reaches it (default: BLOG_BIND's).",
)
def setup_link(url: str):
    """Print the address, with its one-time code, that sets up a blog with no author yet."""
    from blog.setup.codes import has_author, keep_setup_code, setup_line

    if has_author():
        raise click.ClickException(_("The blog has its author already: log in at /login."))
    click.echo(setup_line(url, keep_setup_code()))


@click.group("settings", invoke_without_command=True)
@click.pass_context
@with_appcontext
def settings_group(context: click.Context):
    """List the settings the author can change in the blog, with where each comes from."""
    if context.invoked_subcommand is None:
        for name, value, source in describe():
            click.echo(f"{name} = {value!r}  ({source})")


@settings_group.command("set")
@with_appcontext
@click.argument("name")
@click.argument("value")
def set_setting(name: str, value: str):
    """Store a setting in the blog, as the settings page would."""
    try:
        stored = save_setting(name.upper(), value)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(_("%(name)s is now %(value)s.", name=name.upper(), value=repr(stored)))


@click.command("rerender")
@with_appcontext
def rerender():
    """Render every post's Markdown and every comment's text again (after the Markdown,
    sanitiser or link settings change)."""
    posts = comments = 0
    for post in db.session.scalars(sa.select(Post)):
        render_body(post)
        posts += 1
    for comment in db.session.scalars(sa.select(Comment)):
        comment.body_html = comment_to_html(comment.body)
        comments += 1
    db.session.commit()
    click.echo(_("Rendered %(posts)s and %(comments)s again.",
                 posts=_posts(posts),
                 comments=_comments(comments)))


@click.group("import")
def import_group():
    """Bring posts and comments in from another blog."""


def _run_import(read, file: str, fetch_images: bool = False) -> None:
    """Parse, then write everything in one transaction: all of it lands, or none. Ends
    with the summary, or with one line saying what in ``file`` stopped the import. Then,
    if asked, bring the old blog's images home (a failed one never undoes the import)."""
    from blog.transfer.common import ImportFailed, item_being_read, reading, save_import

    author = db.session.scalar(sa.select(Author).order_by(Author.id).limit(1))
    if author is None:
        raise click.ClickException(
            _("The blog has no author yet: run `flask --app app create-author USERNAME` first.")
        )
    reading("")
    try:
        parsed = read()
        reading("")
        summary = save_import(parsed, author, progress=_progress)
        db.session.commit()
    except ImportFailed as error:
        raise _import_error(file, str(error)) from error
    except sa.exc.IntegrityError as error:
        db.session.rollback()  # first: saying it in the blog's language reads the database
        raise _import_error(
            file, _("two items clash in the blog (%(detail)s)", detail=_clash(error))
        ) from error
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise _import_error(
            file, _("the database refused it (%(reason)s)", reason=reason)
        ) from error
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as error:
        # A shape of file the readers did not foresee; still one line, nothing written.
        db.session.rollback()
        where = item_being_read() or _("the file")
        what = f"{type(error).__name__}: {error}"
        raise _import_error(
            file, _("%(item)s could not be read (%(error)s)", item=where, error=what)
        ) from error
    except BaseException:
        db.session.rollback()
        raise
    for line in summary.lines():
        click.echo(line)
    if fetch_images:
        _fetch_images(parsed)


def _fetch_images(parsed) -> None:
    from blog.transfer.images import fetch_images

    def progress(posts):
        with click.progressbar(posts, label=_("Fetching images"), show_pos=True) as bar:
            yield from bar

    report = fetch_images([post.source_id for post in parsed.posts], parsed.site_hosts,
                          progress=progress)
    db.session.commit()
    for line in report.lines():
        click.echo(line)


_FETCH_OPTION = click.option(
    "--fetch-images", is_flag=True,
    help="Download the images the posts show from the old blog into the uploads.",
)


def _progress(posts):
    """The posts, with a progress bar as they go on a terminal (not in logs or tests)."""
    import sys

    if not sys.stdout.isatty():
        return posts
    return _with_bar(posts)


def _with_bar(posts):
    with click.progressbar(posts, label=_("Importing posts"), show_pos=True) as bar:
        yield from bar


def _import_error(file: str, message: str) -> click.ClickException:
    """One line naming the file and what stopped the import, after undoing it all."""
    db.session.rollback()
    if file not in message:
        # Translators: the file an import could not read, and why.
        message = _("%(file)s: %(reason)s", file=file, reason=message)
    if _("Nothing was imported.").rstrip(".") not in message:
        message = _("%(reason)s. Nothing was imported.", reason=message.rstrip("."))
    return click.ClickException(" ".join(message.split()))


def _clash(error: sa.exc.IntegrityError) -> str:
    """What clashed, as far as the database says: its detail line, or its message."""
    diag = getattr(error.orig, "diag", None)
    detail = getattr(diag, "message_detail", None) or str(error.orig)
    return detail.splitlines()[0] if detail else "a value that must be unique"


@import_group.command("blogger")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_FETCH_OPTION
@with_appcontext
def import_blogger(file: str, fetch_images: bool):
    """Import a Blogger export (Back up content, or Takeout's feed.atom)."""
    from blog.transfer.blogger import read_blogger

    _run_import(lambda: read_blogger(file), file, fetch_images)


@import_group.command("wordpress")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_FETCH_OPTION
@with_appcontext
def import_wordpress(file: str, fetch_images: bool):
    """Import a WordPress export (WXR)."""
    from blog.transfer.wordpress import read_wordpress
    from blog.utils.dates import current_zone

    _run_import(lambda: read_wordpress(file, current_zone()), file, fetch_images)


@import_group.command("json")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@with_appcontext
def import_json(file):
    """Restore a JSON export (from `flask export`) into an empty blog."""
    import json

    from blog.transfer.common import ImportFailed
    from blog.transfer.json_export import import_blog

    try:
        data = json.load(file)
        posts, comments, new_author = import_blog(data)
        db.session.commit()
    except json.JSONDecodeError as error:
        raise click.ClickException(_(
            "%(file)s is not valid JSON: line %(line)s, column %(column)s. "
            "Nothing was imported.",
            file=file.name, line=number(error.lineno), column=number(error.colno),
        )) from error
    except ImportFailed as error:
        db.session.rollback()
        raise click.ClickException(
            _("%(reason)s Nothing was imported.", reason=error)
        ) from error
    click.echo(_("Restored %(posts)s and %(comments)s.",
                 posts=_posts(posts),
                 comments=_comments(comments)))
    if new_author:
        click.echo(
            _("Give the restored author a password with `flask --app app set-password`.")
        )


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export(file: str):
    """Write the whole blog to one JSON file (see README: Export format)."""
    import json
    import os

    from blog.transfer.json_export import export_blog

    data = export_blog()
    # Written aside and renamed, so a full disk never leaves half an export behind.
    partial = f"{file}.partial"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    os.replace(partial, file)
    comments = sum(len(post["comments"]) for post in data["posts"])
    click.echo(_(
        "Exported %(posts)s and %(comments)s to %(file)s.",
        posts=_posts(len(data["posts"])),
        comments=_comments(comments), file=file,
    ))


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False))
@with_appcontext
def backup(directory: str):
    """Copy the SQLite database (safely, while the blog runs) and the uploads."""
    from pathlib import Path

    from flask import current_app

    from blog.transfer.backup import backup_sqlite

    if db.engine.dialect.name != "sqlite":
        raise click.ClickException(_(
            "backup copies SQLite databases. For PostgreSQL, use its own tools: "
            "pg_dump --format=custom DATABASE > blog.dump (restore with pg_restore), "
            "and copy instance/uploads."
        ))
    report = backup_sqlite(
        Path(db.engine.url.database),
        Path(current_app.instance_path) / "uploads",
        Path(directory),
    )
    if report.integrity != "ok":
        raise click.ClickException(
            _("The copy failed its integrity check: %(answer)s", answer=report.integrity)
        )
    click.echo(_(
        "Backed up the database (%(size)s, integrity ok) and %(uploads)s to %(folder)s.",
        size=ngettext("%(shown)s byte", "%(shown)s bytes", report.database_bytes,
                      shown=number(report.database_bytes)),
        uploads=ngettext("%(shown)s upload", "%(shown)s uploads", report.uploads,
                         shown=number(report.uploads)),
        folder=report.folder,
    ))
    click.echo(_("To restore it, follow %(file)s.", file=report.folder / "RESTORE.txt"))
