"""Schedules and meeting times in words, for the pages and the API.

"Every Tuesday at 19:00 (Europe/London time)" for the common rules a facilitator picks from
the form's presets; any other rule is shown as written. Times are put on the viewer's clock,
with the meeting's own clock beside them when the two differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerhaven.meetings import recurrence
from peerhaven.meetings.models import MeetingSeries, Occurrence

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ORDINALS = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    5: gettext_lazy("fifth"),
    -1: gettext_lazy("last"),
}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_KNOWN_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYSETPOS", "WKST"}
DAY_FORMAT = "l j F Y"
TIME_FORMAT = "H:i"


@dataclass(frozen=True)
class RuleParts:
    """A rule of the shapes the form offers; None from `rule_parts` for any other."""

    freq: str
    interval: int = 1
    weekdays: list[str] = field(default_factory=list)  # plain days: ["TU", "TH"]
    nth: int | None = None  # monthly: 1..5, or -1 for the last


def rule_parts(rule: str) -> RuleParts | None:
    text = rule.strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    try:
        parts = dict(p.split("=", 1) for p in text.split(";") if p)
    except ValueError:
        return None
    if not parts or set(parts) - _KNOWN_PARTS or "FREQ" not in parts:
        return None
    try:
        interval = int(parts.get("INTERVAL", "1"))
        setpos = int(parts["BYSETPOS"]) if "BYSETPOS" in parts else None
    except ValueError:
        return None
    weekdays: list[str] = []
    nths: set[int] = set()
    for item in [d for d in parts.get("BYDAY", "").split(",") if d]:
        match = _BYDAY.match(item)
        if match is None:
            return None
        weekdays.append(match.group(2))
        if match.group(1):
            nths.add(int(match.group(1)))
    freq = parts["FREQ"]
    if freq == "MONTHLY":
        if setpos is not None and not nths:
            nths = {setpos}
        elif setpos is not None:
            return None
        if len(weekdays) != 1 or len(nths) != 1 or interval != 1:
            return None
        nth = nths.pop()
        if nth not in ORDINALS:
            return None
        return RuleParts(freq=freq, weekdays=weekdays, nth=nth)
    if nths or setpos is not None or freq not in ("WEEKLY", "DAILY") or interval < 1:
        return None
    return RuleParts(freq=freq, interval=interval, weekdays=_in_week_order(weekdays))


def _in_week_order(codes: list[str]) -> list[str]:
    return [c for c in WEEKDAY_CODES if c in codes]


def weekday_name(code: str) -> str:
    return str(WEEKDAYS[WEEKDAY_CODES.index(code)])


def _and_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(items)s and %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def schedule_text(series: MeetingSeries) -> str:
    """The schedule in words, on the meeting's own clock."""
    at = series.start_time.strftime("%H:%M")
    zone = series.time_zone
    rule = series.rule.strip()
    if not rule:
        text = _("Once, on %(date)s at %(time)s") % {
            "date": date_format(series.start_date, DAY_FORMAT),
            "time": at,
        }
        return _("%(schedule)s (%(zone)s time)") % {"schedule": text, "zone": zone}
    parts = rule_parts(rule)
    words = _rule_text(parts, series.start_date, at) if parts else None
    if words is None:
        words = _("Repeats by the rule %(rule)s, at %(time)s") % {"rule": rule, "time": at}
    text = _("%(schedule)s (%(zone)s time)") % {"schedule": words, "zone": zone}
    if series.end_date is not None:
        text = _("%(schedule)s, until %(date)s") % {
            "schedule": text,
            "date": date_format(series.end_date, DAY_FORMAT),
        }
    return text


def _rule_text(parts: RuleParts, start_date: date, at: str) -> str | None:
    if parts.freq == "DAILY":
        if parts.weekdays:
            if parts.interval != 1:
                return None
            return _rule_text(RuleParts(freq="WEEKLY", weekdays=parts.weekdays), start_date, at)
        if parts.interval == 1:
            return _("Every day at %(time)s") % {"time": at}
        return _("Every %(count)s days at %(time)s") % {"count": parts.interval, "time": at}
    if parts.freq == "MONTHLY" and parts.nth is not None:
        return _("The %(nth)s %(day)s of every month at %(time)s") % {
            "nth": ORDINALS[parts.nth],
            "day": weekday_name(parts.weekdays[0]),
            "time": at,
        }
    if parts.freq != "WEEKLY":
        return None
    codes = parts.weekdays or [WEEKDAY_CODES[start_date.weekday()]]
    days = _and_list([weekday_name(c) for c in codes])
    if parts.interval == 1:
        return _("Every %(days)s at %(time)s") % {"days": days, "time": at}
    if parts.interval == 2 and len(codes) == 1:
        return _("Every other %(days)s at %(time)s") % {"days": days, "time": at}
    if parts.interval == 2:
        return _("Every other week on %(days)s at %(time)s") % {"days": days, "time": at}
    return _("Every %(count)s weeks on %(days)s at %(time)s") % {
        "count": parts.interval,
        "days": days,
        "time": at,
    }


# --- Times on the viewer's clock ---------------------------------------------------------


@dataclass(frozen=True)
class When:
    """An occurrence's time for one viewer."""

    text: str  # "Tuesday 8 December 2026, 19:00–20:30" on the viewer's clock
    zone: str  # the viewer's zone (the meeting's own for a visitor)
    local_start: datetime
    meeting_text: str | None  # on the meeting's clock, only when the zones differ
    meeting_zone: str


def viewer_zone(user: object) -> str | None:
    """The signed-in person's profile time zone; None for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)
    zone = str(profile.time_zone) if profile is not None and profile.time_zone else "UTC"
    try:
        recurrence.time_zone(zone)
    except recurrence.RecurrenceError:
        return "UTC"
    return zone


def _span(start: datetime, end: datetime, *, with_day: bool) -> str:
    times = f"{date_format(start, TIME_FORMAT)}–{date_format(end, TIME_FORMAT)}"
    if not with_day:
        return times
    return _("%(day)s, %(times)s") % {"day": date_format(start, DAY_FORMAT), "times": times}


def occurrence_when(occurrence: Occurrence, zone_name: str | None) -> When:
    meeting_zone = occurrence.series.time_zone
    zone = zone_name or meeting_zone
    tz = recurrence.time_zone(zone)
    start, end = occurrence.starts_at.astimezone(tz), occurrence.ends_at.astimezone(tz)
    meeting_text = None
    if zone != meeting_zone:
        there = recurrence.time_zone(meeting_zone)
        there_start = occurrence.starts_at.astimezone(there)
        meeting_text = _("%(day)s %(times)s in %(zone)s") % {
            "day": date_format(there_start, "l"),
            "times": _span(there_start, occurrence.ends_at.astimezone(there), with_day=False),
            "zone": meeting_zone,
        }
    return When(
        text=_span(start, end, with_day=True),
        zone=zone,
        local_start=start,
        meeting_text=meeting_text,
        meeting_zone=meeting_zone,
    )
