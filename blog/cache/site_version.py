"""Reading the site version (and the scheduled times kept with it) on every reader's
request, as cheaply as one statement can be: the page cache and the ETags follow it.

Each process holds one connection for it, in autocommit, with the statement ready on it:
no connection is checked out of the pool and handed back, no transaction is begun and
ended around the statement (on PostgreSQL those were round trips of their own), no
snapshot is held between reads, so each read sees every commit before it, from any
process or host.

The statement does not go through SQLAlchemy's execute, which makes and closes a cursor
each time. On SQLite it runs on a cursor held with the connection. On PostgreSQL it is
prepared once on the server and run with libpq's own blocking call, through psycopg's
documented low-level binding (``psycopg.pq``), which skips the Python work of a psycopg
cursor (its query handling and its wait loop around the socket). docs/performance.md
has what each way costs.
SQLAlchemy's engine events do not see this statement (the tests count it themselves).
"""

import os
import threading
import weakref

import sqlalchemy as sa
from flask import Flask

from blog.extensions import db
from blog.models import SiteState

# Built once; no parameters.
SITE_VERSION = sa.select(SiteState.version, SiteState.scheduled).where(SiteState.id == 1)
# The same statement as plain SQL that SQLite and PostgreSQL both take.
SITE_VERSION_SQL = str(SITE_VERSION.compile(compile_kwargs={"literal_binds": True}))


class _OnCursor:
    """The statement on a cursor held with the connection (SQLite, and any driver but
    psycopg)."""

    def __init__(self, dbapi_connection):
        self.cursor = dbapi_connection.cursor()

    def fetch(self) -> tuple | None:
        self.cursor.execute(SITE_VERSION_SQL)
        return self.cursor.fetchone()


class _PreparedOnLibpq:
    """The statement prepared on the PostgreSQL server once per connection, and run by
    libpq directly."""

    NAME = b"blog_site_state"

    def __init__(self, dbapi_connection):
        from psycopg import pq  # here, not at import: a blog on SQLite never loads it

        self.pgconn = dbapi_connection.pgconn
        self.error = type(dbapi_connection).OperationalError
        self.status = pq.ExecStatus
        self.prepared = False

    def fetch(self) -> tuple | None:
        if not self.prepared:
            prepared = self.pgconn.prepare(self.NAME, SITE_VERSION_SQL.encode())
            self._check(prepared, self.status.COMMAND_OK)
            self.prepared = True
        result = self._check(self.pgconn.exec_prepared(self.NAME, None), self.status.TUPLES_OK)
        if not result.ntuples:
            return None
        version, scheduled = result.get_value(0, 0), result.get_value(0, 1)
        return int(version), (scheduled or b"").decode()

    def _check(self, result, expected):
        if result.status != expected:
            raise self.error(result.get_error_message() or "the site state could not be read")
        return result


class SiteVersionReader:
    def __init__(self, app: Flask):
        self.app = app
        self._lock = threading.Lock()  # one connection, whatever the server's threads
        self._connection: sa.Connection | None = None
        self._statement: _OnCursor | _PreparedOnLibpq | None = None
        self._dbapi = None
        self._pid: int | None = None
        self._closing: weakref.finalize | None = None

    def read(self) -> tuple[int, str]:
        with self._lock:
            statement = self._held_statement()
            try:
                row = statement.fetch()
            except self._dbapi.Error as error:
                # A dropped connection (a database restart, say): the next read opens
                # a new one; this request's caller answers with the error page.
                self._connection = self._statement = None
                self._closing()
                raise sa.exc.DBAPIError.instance(
                    SITE_VERSION_SQL, None, error, self._dbapi.Error) from error
        return tuple(row) if row else (0, "")

    def close(self) -> None:
        """Close the held connection (the next read opens another)."""
        with self._lock:
            if self._connection is not None:
                self._closing()
            self._connection = self._statement = None

    def _held_statement(self) -> "_OnCursor | _PreparedOnLibpq":
        # A connection made before a fork belongs to the parent: never used, or closed,
        # here (closing it would end the parent's session on the shared socket).
        if self._connection is None or self._pid != os.getpid():
            with self.app.app_context():
                engine = db.engine
            self._connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._dbapi = engine.dialect.dbapi
            self._pid = os.getpid()
            # Closed when the reader goes (an app made and dropped, as tests do), not
            # left for the garbage collector to find open.
            self._closing = weakref.finalize(self, _close, self._connection, self._pid)
            dbapi_connection = self._connection.connection.dbapi_connection
            on_libpq = engine.dialect.driver == "psycopg"
            self._statement = (_PreparedOnLibpq if on_libpq else _OnCursor)(dbapi_connection)
        return self._statement


def _close(connection: sa.Connection, pid: int) -> None:
    if pid == os.getpid():
        connection.invalidate()  # closes the database connection itself, pool or no pool


def site_version_reader(app: Flask) -> SiteVersionReader:
    reader = app.extensions.get("blog.site_version_reader")
    if reader is None:
        reader = app.extensions["blog.site_version_reader"] = SiteVersionReader(app)
    return reader
