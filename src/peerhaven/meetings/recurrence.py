"""Recurrence in local time: plain Python (dateutil's RFC 5545 rules and zoneinfo).

The rule is expanded on naive local date-times (19:00 every Tuesday), and only then is each
one placed in the series' time zone and turned into UTC. That is what keeps a weekly 19:00
meeting at 19:00 local across daylight-saving changes. A local time that does not exist on
the day the clocks go forward (02:30 in a skipped hour) is taken as the same UTC instant as
the time before the change, which shows as an hour later (03:30): the meeting still happens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from peerhaven.core.time_zones import is_time_zone

MAX_RULE_LENGTH = 200
# Meetings happen on days; finer frequencies and times set inside the rule are refused so a
# series meets at most once a local day, at its own start time.
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
REFUSED_PARTS = {"DTSTART", "UNTIL", "BYHOUR", "BYMINUTE", "BYSECOND"}
_PART = re.compile(r"^[A-Z]+=[A-Z0-9,+\-]+$")


class RecurrenceError(ValueError):
    """A rule or time zone that cannot be used; the message is safe to show."""


@dataclass(frozen=True)
class LocalOccurrence:
    original_date: date  # the local date the rule gave
    starts_at: datetime  # aware, UTC
    ends_at: datetime


def time_zone(name: str) -> ZoneInfo:
    if not is_time_zone(name):
        raise RecurrenceError(f"Unknown time zone: {name!r}. Use an IANA name like Europe/London.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed but missing
        raise RecurrenceError(f"Unknown time zone: {name!r}.") from exc


def parse_rule(text: str, *, start: datetime) -> rrule | None:
    """The rule for a series starting at naive local `start`; None for a one-off meeting."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        return None
    if len(text) > MAX_RULE_LENGTH:
        raise RecurrenceError(f"A recurrence rule has at most {MAX_RULE_LENGTH} characters.")
    parts = [p for p in text.upper().split(";") if p]
    names = []
    for part in parts:
        if not _PART.match(part):
            raise RecurrenceError(f"Not a recurrence rule part: {part!r}.")
        names.append(part.split("=", 1)[0])
    if len(set(names)) != len(names):
        raise RecurrenceError("Each part of a recurrence rule may appear once.")
    refused = sorted(set(names) & REFUSED_PARTS)
    if refused:
        raise RecurrenceError(
            f"Leave {', '.join(refused)} out of the rule: the start, the end and the time"
            " are set on their own."
        )
    freq = dict(p.split("=", 1) for p in parts).get("FREQ")
    if freq not in ALLOWED_FREQUENCIES:
        raise RecurrenceError("The rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.")
    try:
        rule = rrulestr(";".join(parts), dtstart=start)
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(f"Not a valid recurrence rule: {exc}.") from exc
    if not isinstance(rule, rrule):  # pragma: no cover - rrulestr without RDATE/EXDATE
        raise RecurrenceError("Give one RRULE only.")
    if rule.after(start, inc=True) is None:
        raise RecurrenceError("This rule never meets.")
    return rule


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A naive local wall-clock time in `zone` as an aware UTC datetime."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def occurrences(
    *,
    rule_text: str,
    zone_name: str,
    start_date: date,
    start_time: time,
    duration: timedelta,
    end_date: date | None,
    after: datetime,
    before: datetime,
) -> Iterator[LocalOccurrence]:
    """Occurrences that start in [after, before) (aware datetimes), in order."""
    zone = time_zone(zone_name)
    start = datetime.combine(start_date, start_time)
    rule = parse_rule(rule_text, start=start)
    # Widen the local window by a day each side: local and UTC dates differ by < 1 day.
    local_after = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    local_before = before.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    if end_date is not None:
        local_before = min(local_before, datetime.combine(end_date, time.max))
    if rule is None:
        candidates: Iterator[datetime] = iter(
            [start] if local_after <= start <= local_before else []
        )
    else:
        candidates = iter(rule.between(local_after, local_before, inc=True))
    for local in candidates:
        starts_at = to_utc(local, zone)
        if after <= starts_at < before:
            yield LocalOccurrence(local.date(), starts_at, starts_at + duration)
