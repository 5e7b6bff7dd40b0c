"""Counting what nginx's page cache answered without asking the app: ``flask --app app
stats ingest LOGFILE`` reads nginx's access log (``log_format blog`` in
deploy/nginx.conf) and adds a page request for each line the app never saw.

Those are the lines of a GET answered 200 or 304 with the cache status HIT, STALE or
UPDATING, for a path the middleware counts (``PathKinds``), that is not a prefetch. Every
other line reached the app, which counted it (MISS, EXPIRED, BYPASS; REVALIDATED is a
conditional GET the app answered 304), or is not counted at all. The author is never
among them: nginx serves from its cache only requests that carry no cookie. Views need
nothing from the log: the counting stylesheet is never kept, so every view reaches the app.

A line's referrer and User-Agent are the client's to write. nginx escapes them
(``escape=default``: every ", \\, control and non-ASCII byte as \\xXX), and they are
unescaped here to the Latin-1 text a WSGI server hands the middleware, so both count
the same. A line that does not read as the format, or is longer than ``MAX_LINE``, is
skipped and counted as unreadable.

How far the log was read is kept in the database (``StatLogPosition``), in the same
transaction as the counts from the lines before it: a run that stops halfway has written
both or neither, so no line is counted twice or lost, and of two runs at once only one
can move the position on (the other writes nothing). The position names the file (its
device and inode), the bytes read, and a hash of its first line: a log replaced by
rotation is read from its start, after the rest of the rotated file (``LOGFILE.1``) if
that is the one read before (and once nginx has stopped writing to it); a log truncated
or rewritten in place is read from its start.
"""

import hashlib
import os
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import unquote_to_bytes, urlsplit

import sqlalchemy as sa
from flask import Flask

from blog.extensions import db
from blog.models import StatLogPosition
from blog.stats.flush import add_counts
from blog.stats.middleware import PathKinds, prefetched
from blog.stats.sources import MAX_AGENT
from blog.stats.tally import Event, FeedFetch, PageRequest
from blog.utils.database import utcnow

MAX_LINE = 16 * 1024  # bytes; nginx's own lines are far shorter unless a client pads them
LINES_A_TRANSACTION = 20_000
ANSWERED_BY_NGINX = frozenset({"HIT", "STALE", "UPDATING"})
# Seconds a rotated log is still read as nginx's own: it writes there until logrotate's
# signal has it reopen the log by its name.
ROTATION_SETTLES = 10

_LINE = re.compile(
    r'(?P<address>\S+) \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) \d+ '
    r'\S+ upstream=.*? id=\S* cache=(?P<cache>\S+) host="(?P<host>[^"]*)" '
    r'referrer="(?P<referrer>[^"]*)" agent="(?P<agent>[^"]*)" purpose="(?P<purpose>[^"]*)"'
)
_ESCAPED = re.compile(r"\\x([0-9A-F]{2})")
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


class Unreadable(ValueError):
    """Not a line of ``log_format blog``."""


@dataclass
class Summary:
    read: int = 0
    counted: int = 0
    unreadable: int = 0

    @property
    def passed(self) -> int:
        """Lines read and understood that were the app's to count, or nobody's."""
        return self.read - self.counted - self.unreadable


@dataclass(frozen=True)
class Position:
    file_id: str
    read_to: int
    head: str


def counted_event(line: str, kind_of: PathKinds) -> Event | None:
    """What a log line adds to the statistics: the page request (or feed fetch) nginx
    answered alone, or None when the app saw it or it counts for nothing.

    :raise Unreadable: the line is not in the format nginx was told to write.
    """
    found = _LINE.fullmatch(line)
    if found is None:
        raise Unreadable(line[:80])
    if found["cache"] not in ANSWERED_BY_NGINX or found["status"] not in ("200", "304"):
        return None
    method, _, target = _text(found["request"]).partition(" ")
    target, _, protocol = target.rpartition(" ")
    if method != "GET" or not protocol.startswith("HTTP/"):
        return None
    path = _path(target)
    if path is None or prefetched(_text(found["purpose"])):
        return None
    kind = kind_of(path)
    if kind is None:
        return None
    at, agent = _time(found["time"]), _text(found["agent"])[:MAX_AGENT]
    if kind == "feed":
        return FeedFetch(at, found["address"], agent)
    return PageRequest(at, _text(found["referrer"])[:2048], _text(found["host"])[:300], agent)


def _text(logged: str) -> str:
    """A logged value as the client sent it (Latin-1, as WSGI has headers); "" for "-",
    which nginx writes for a header not sent."""
    if logged == "-":
        return ""
    if "\\x" not in logged:
        return logged
    return _ESCAPED.sub(lambda escaped: chr(int(escaped.group(1), 16)), logged)


def _path(target: str) -> str | None:
    """The path a request's target asks for, percent-decoded as the blog's routes see it;
    None for a target that names none."""
    if target.startswith(("http://", "https://")):  # the absolute form, rare but allowed
        try:
            target = urlsplit(target).path or "/"
        except ValueError:
            return None
    if not target.startswith("/"):
        return None
    raw = target.partition("?")[0].encode("latin-1", "replace")
    return unquote_to_bytes(raw).decode("utf-8", "replace")


def _time(logged: str) -> float:
    """Seconds since the epoch of nginx's $time_local ("06/Dec/2026:06:39:08 +0100")."""
    second = logged[18:20]
    if len(logged) != 26 or logged[17] != ":" or not (second.isascii() and second.isdigit()) \
            or int(second) > 59:
        raise Unreadable(logged)
    return _minute(logged[:17] + logged[20:]) + int(second)


@lru_cache(maxsize=256)
def _minute(logged: str) -> float:
    """The start of the minute "06/Dec/2026:06:39 +0100", in seconds since the epoch."""
    try:
        day, month, rest = logged.split("/")
        year, hour, rest = rest.split(":")
        minute, zone = rest.split(" ")
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute),
                        tzinfo=timezone(offset)).timestamp()
    except (ValueError, KeyError, IndexError) as error:
        raise Unreadable(logged) from error


def _lines(handle, start: int, finished: bool) -> Iterator[tuple[bytes | None, int]]:
    """Each whole line from ``start`` and the offset just after it; None for a line
    longer than MAX_LINE. A last line without its newline is still being written and is
    left for next time, unless the file is ``finished`` (rotated: nothing more comes)."""
    handle.seek(start)
    at = start
    while line := handle.readline(MAX_LINE + 1):
        size, whole = len(line), line.endswith(b"\n")
        if not whole and size > MAX_LINE:  # too long to read: find where it ends
            line = None
            while not whole and (rest := handle.readline(1 << 16)):
                size, whole = size + len(rest), rest.endswith(b"\n")
        if not whole and not finished:
            return
        at += size
        yield line, at


def _file_id(stat: os.stat_result) -> str:
    return f"{stat.st_dev}:{stat.st_ino}"


def _head(path: str) -> str:
    """The SHA-256 of the file's first whole line, "" while it has none."""
    with open(path, "rb") as handle:
        first = handle.readline(MAX_LINE + 1)
    if not first.endswith(b"\n") and len(first) <= MAX_LINE:
        return ""
    return hashlib.sha256(first).hexdigest()


def log_name(path: str) -> str:
    """The log's name in the database: this machine's name and the file's path, so each
    nginx host keeps its own position."""
    return f"{socket.gethostname()}:{os.path.abspath(path)}"[:300]


def _stored(name: str) -> Position | None:
    row = db.session.get(StatLogPosition, name)
    position = row and Position(row.file_id, row.read_to, row.head)
    db.session.rollback()
    return position


def _plan(path: str, stored: Position | None) -> list[tuple[str, Position, bool]]:
    """The files to read, each with where to start and whether it is finished."""
    stat = os.stat(path)
    head = _head(path)
    current = Position(_file_id(stat), 0, head)
    if stored is None:
        return [(path, current, False)]
    same_file = stored.file_id == current.file_id and stored.head in ("", head)
    if same_file and stat.st_size >= stored.read_to:
        return [(path, Position(current.file_id, stored.read_to, head), False)]
    rotated = f"{path}.1"
    try:
        rotated_stat = os.stat(rotated)
    except OSError:
        rotated_stat = None
    if (rotated_stat and _file_id(rotated_stat) == stored.file_id
            and rotated_stat.st_size >= stored.read_to and _head(rotated) == stored.head):
        if time.time() - rotated_stat.st_mtime < ROTATION_SETTLES:
            return [(rotated, stored, False)]  # nginx may not have reopened its log yet
        return [(rotated, stored, True), (path, current, False)]
    return [(path, current, False)]


class PositionMoved(RuntimeError):
    """Another run read these lines first."""


def _move(name: str, was: Position | None, now: Position) -> None:
    """Keep ``now`` as the log's position, in the transaction of the counts, if it is
    still ``was``; otherwise another run has counted these lines."""
    values = {"file_id": now.file_id, "read_to": now.read_to, "head": now.head,
              "read_at": utcnow()}
    if was is None:
        db.session.add(StatLogPosition(log_name=name, **values))
        try:
            db.session.flush()
        except sa.exc.IntegrityError as error:
            raise PositionMoved(name) from error
        return
    moved = db.session.execute(
        sa.update(StatLogPosition)
        .where(StatLogPosition.log_name == name, StatLogPosition.file_id == was.file_id,
               StatLogPosition.read_to == was.read_to)
        .values(**values)
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise PositionMoved(name)


def ingest(app: Flask, path: str, from_start: bool = False) -> Summary:
    """Count the page requests in the log at ``path`` that nginx answered from its cache,
    from where the last run stopped (or from the start), in an app context."""
    kind_of = PathKinds(app.url_map)
    name = log_name(path)
    stored = _stored(name)
    summary = Summary()
    was = stored
    for file, start, finished in _plan(path, None if from_start else stored):
        was = _read(file, start, finished, name, was, kind_of, summary)
    return summary


def _read(file: str, start: Position, finished: bool, name: str, was: Position | None,
          kind_of: PathKinds, summary: Summary) -> Position | None:
    """Count one file's lines from ``start``, a transaction every LINES_A_TRANSACTION
    lines; the position last kept."""
    events: list[Event] = []
    lines = 0
    read_to = start.read_to
    with open(file, "rb") as handle:
        if _file_id(os.fstat(handle.fileno())) != start.file_id:
            return was  # rotated since it was looked at: the next run reads it
        for line, read_to in _lines(handle, start.read_to, finished):
            lines += 1
            try:
                if line is None:
                    raise Unreadable("too long")
                event = counted_event(line.rstrip(b"\r\n").decode("latin-1"), kind_of)
            except Unreadable:
                summary.unreadable += 1
                event = None
            if event is not None:
                events.append(event)
            if lines >= LINES_A_TRANSACTION:
                was = _write(name, was, Position(start.file_id, read_to, start.head), events)
                summary.read += lines
                summary.counted += len(events)
                events, lines = [], 0
    now = Position(start.file_id, read_to, start.head)
    if lines or now != was:
        was = _write(name, was, now, events)
    summary.read += lines
    summary.counted += len(events)
    return was


def _write(name: str, was: Position | None, now: Position, events: list[Event]) -> Position:
    """The counts and the position they were read up to, together or not at all."""
    try:
        add_counts(events)
        _move(name, was, now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return now
