"""Database plumbing shared by the models and the factory."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A datetime that is always timezone-aware UTC on the way in and out.

    SQLite keeps no time zone, so values are stored there as naive UTC and given
    their zone back when read; PostgreSQL stores ``timestamp with time zone``.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")  # i18n: internal
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Foreign keys, WAL with NORMAL syncing and a busy timeout for every SQLite connection."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # WAL lets readers carry on while a comment is being written. With it, NORMAL
        # syncs the disk at checkpoints instead of at every commit: a committed comment
        # survives a killed process as it does under FULL, and the file is never
        # corrupted; only a power cut or kernel crash can take the last commits with it.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def changed_in_flush(session: Session, model: type, attributes: tuple[str, ...]) -> bool:
    """Whether the flush under way adds or deletes a ``model`` row, or changes one of
    ``attributes`` of one (a comment added to a post leaves the post "dirty" too, with
    none of its own columns changed)."""
    if any(isinstance(obj, model) for obj in (*session.new, *session.deleted)):
        return True
    return any(
        isinstance(obj, model)
        and any(sa.inspect(obj).attrs[name].history.has_changes() for name in attributes)
        for obj in session.dirty
    )
