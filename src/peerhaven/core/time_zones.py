"""The IANA time zones a person may choose: every one the system knows, except the entries
that name no place ("localtime" is this server's own setting, "Factory" a placeholder)."""

from __future__ import annotations

import functools
import zoneinfo

NOT_PLACES = frozenset({"localtime", "Factory"})


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - NOT_PLACES))


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(time_zone_names())


def is_time_zone(name: object) -> bool:
    return isinstance(name, str) and name in _known()


@functools.cache
def zone_or_utc(name: object) -> zoneinfo.ZoneInfo:
    """The time zone called `name`; UTC for none, or for a name this system does not know (a
    stored value can outlive the tz database it was checked against)."""
    return zoneinfo.ZoneInfo(name if isinstance(name, str) and is_time_zone(name) else "UTC")
