"""Turning stored UTC times into the blog's own calendar, and back."""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def blog_zone(name: str) -> ZoneInfo:
    """The configured time zone; a bad name is a configuration error, said plainly."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(  # i18n: internal (a configuration error, said at start-up)
            f"TIMEZONE {name!r} is not an IANA time zone name"
        ) from error


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


def period_bounds(
    zone: ZoneInfo, year: int, month: int | None = None
) -> tuple[datetime, datetime]:
    """The UTC [start, end) of a local year, or of a month of it.

    :raise ValueError: for a year or month that is not on the calendar.
    """
    if month is None:
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
    else:
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)
    return _local_midnight(start, zone), _local_midnight(end, zone)


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def meaningfully_later(first: datetime, second: datetime) -> bool:
    """Whether ``second`` is late enough after ``first`` to tell readers (an hour)."""
    return second - first > timedelta(hours=1)


def current_zone() -> ZoneInfo:
    """The running blog's time zone (the TIMEZONE setting in force)."""
    from blog.settings import setting  # settings read their checks from here

    return blog_zone(setting("TIMEZONE"))


@cache
def time_zone_choices() -> list[str]:
    """Every IANA zone name tzdata knows, sorted, UTC first (for a form's list)."""
    return ["UTC", *sorted(name for name in available_timezones() if name != "UTC")]
