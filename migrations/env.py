"""Alembic's entry point, run by Flask-Migrate (`flask --app app db upgrade`)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from blog.search.index import is_search_table
from blog.utils.database import UTCDateTime

config = context.config
# Keep the app's own loggers working after a migration runs inside the app.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    db.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)


def render_item(type_, obj, autogen_context):
    """Write UTCDateTime columns as plain timezone-aware DateTime in migrations.

    A migration must not import the app's code: the code changes, the migration may not.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name, type_, parent_names):
    """Leave the search index out of model comparisons: it is not a model."""
    return not (type_ == "table" and is_search_table(name))


def skip_empty_autogenerate(context, revision, directives):
    """Write no migration file when the models have not changed."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("process_revision_directives", skip_empty_autogenerate)
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it into a new one and dropping the old;
            # with foreign keys enforced, that drop would cascade into related rows.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the implicit transaction; Alembic opens its own
        context.configure(
            connection=connection,
            target_metadata=db.metadata,
            render_item=render_item,
            include_name=include_name,
            **options,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"migration left rows with broken foreign keys: {broken}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
