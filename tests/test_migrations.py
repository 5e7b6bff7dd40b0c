"""The migrations build exactly the schema the models describe, and undo cleanly."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from blog.extensions import db
from tests.conftest import drop_everything


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrations_produce_the_models_schema(app):
    with app.app_context():
        drop_everything()

        upgrade()

        assert schema_differences() == []


def test_downgrade_to_nothing_and_back(app):
    with app.app_context():
        drop_everything()
        upgrade()

        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()

        upgrade()
        assert schema_differences() == []
