"""Finding groups by when they meet: "on these days, between these times, in my time zone"
and "next meeting within N days", as a filter for groups.search.group_search.

The searcher's days and times are wall-clock times in their own zone. They are turned, in
Python, into a short list of UTC ranges over the window (now to now + N days), and a group
matches when it has a scheduled occurrence starting in one of them. Plain range conditions
on the occurrence table's indexes, the same SQL on every engine: an EXISTS per group when a
place has already narrowed the groups, else the groups of the occurrences in the ranges.

Each local range is split where the zone's UTC offset changes, so the ranges hold exactly
the instants whose local time is inside the searcher's times: an hour repeated when the
clocks go back is searched twice, and a skipped hour not at all. Times are inclusive at both
ends (18:00 to 21:00 includes a meeting at 21:00). A "to" earlier than "from" runs past
midnight and belongs to the day it starts on: Tuesday 22:00 to 01:00 includes 00:30 early on
Wednesday.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peerhaven.groups.exceptions import SearchInputError, UnknownSearchFilter
from peerhaven.groups.models import Group
from peerhaven.groups.search import Reason
from peerhaven.meetings import recurrence
from peerhaven.meetings.models import MeetingSeries, Occurrence

# Query values for the days, Monday first (date.weekday() order).
DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_ZONE = "UTC"
KEY = "meeting_time"
# Where the matching series of each group on a results page are put (see apply()).
_SERIES_ATTR = "finder_meeting_series"
_TICK = timedelta(microseconds=1)
# The alias groups.search gives the distance when a search is near a place.
_DISTANCE = "distance"
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")


class MeetingTimeInvalid(SearchInputError):
    """A time or a number of days the meeting filter cannot use; extra["field"]."""

    default_code = "invalid_meeting_time"


def day_choices() -> list[tuple[str, Any]]:
    """(code, translated name) for the seven days, Monday first."""
    return [(code, WEEKDAYS[number]) for number, code in enumerate(DAY_CODES)]


def horizon_days() -> int:
    """How far ahead occurrences are stored, so how far ahead the finder can look."""
    return int(settings.PEERHAVEN_MEETING_HORIZON_DAYS)


# --- Wall-clock ranges to UTC ranges -----------------------------------------------------------
def _offset(instant: datetime, zone: ZoneInfo) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    return offset if offset is not None else timedelta(0)


def _segments(
    start: datetime, end: datetime, zone: ZoneInfo
) -> list[tuple[datetime, datetime, timedelta]]:
    """[start, end] (UTC, at most a few days) cut where the zone's offset changes:
    (first, last, offset) for each piece."""
    pieces = []
    first = start
    while True:
        offset = _offset(first, zone)
        if _offset(end, zone) == offset:
            pieces.append((first, end, offset))
            return pieces
        # Bisect for the first second on the other offset (changes fall on whole seconds).
        low, high = math.floor(first.timestamp()), math.ceil(end.timestamp())
        while high - low > 1:
            middle = (low + high) // 2
            if _offset(datetime.fromtimestamp(middle, UTC), zone) == offset:
                low = middle
            else:
                high = middle
        change = datetime.fromtimestamp(high, UTC)
        pieces.append((first, change - _TICK, offset))
        first = change


def utc_ranges_for_local(
    local_start: datetime, local_end: datetime, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The UTC instants whose wall-clock time in `zone` is within [local_start, local_end]
    (naive, inclusive), as inclusive UTC ranges in order."""
    candidates = [
        local.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        for local in (local_start, local_end)
        for fold in (0, 1)
    ]
    offsets = [_offset(c, zone) for c in candidates]
    span_start = local_start.replace(tzinfo=UTC) - max(offsets)
    span_end = local_end.replace(tzinfo=UTC) - min(offsets)
    if span_end < span_start:
        return []
    ranges = []
    for first, last, offset in _segments(span_start, span_end, zone):
        lo = max(first, local_start.replace(tzinfo=UTC) - offset)
        hi = min(last, local_end.replace(tzinfo=UTC) - offset)
        if lo <= hi:
            ranges.append((lo, hi))
    return ranges


def _merge(ranges: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + _TICK:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def local_windows(
    *,
    days: Sequence[int],
    starts_from: time | None,
    starts_to: time | None,
    first_day: date,
    last_day: date,
) -> list[tuple[datetime, datetime]]:
    """The searcher's wall-clock windows (naive, inclusive) for each chosen day in
    [first_day, last_day]; no days means every day."""
    windows = []
    day = first_day
    while day <= last_day:
        if not days or day.weekday() in days:
            lo = datetime.combine(day, starts_from or time.min)
            if starts_to is None:
                hi = datetime.combine(day, time.max)
            elif starts_to >= (starts_from or time.min):
                hi = datetime.combine(day, starts_to)
            else:
                hi = datetime.combine(day + timedelta(days=1), starts_to)
            windows.append((lo, hi))
        day += timedelta(days=1)
    return windows


def utc_ranges(
    *,
    days: Sequence[int],
    starts_from: time | None,
    starts_to: time | None,
    zone: ZoneInfo,
    after: datetime,
    before: datetime,
) -> list[tuple[datetime, datetime]]:
    """The UTC ranges, within [after, before], whose local time in `zone` is on one of
    `days` between the times: what the filter searches."""
    first_day = after.astimezone(zone).date() - timedelta(days=1)
    last_day = before.astimezone(zone).date()
    pieces = []
    for lo, hi in local_windows(
        days=days,
        starts_from=starts_from,
        starts_to=starts_to,
        first_day=first_day,
        last_day=last_day,
    ):
        for a, b in utc_ranges_for_local(lo, hi, zone):
            a, b = max(a, after), min(b, before)
            if a <= b:
                pieces.append((a, b))
    return _merge(pieces)


# --- What a result shows -----------------------------------------------------------------------
@dataclass(frozen=True)
class NextMeeting:
    """A group's next occurrence that matched, on the searcher's clock and the group's."""

    occurrence_id: int
    series_id: int
    title: str
    starts_at: datetime  # UTC
    local_start: datetime  # on the searcher's clock
    time_zone: str
    group_local_start: datetime  # on the series' clock
    group_time_zone: str

    @property
    def zones_differ(self) -> bool:
        return self.time_zone != self.group_time_zone

    @property
    def text(self) -> str:
        """“Tuesday 3 March, 19:00 your time”."""
        return _("%(date)s, %(time)s your time") % {
            "date": date_format(self.local_start, "l j F"),
            "time": date_format(self.local_start, "H:i"),
        }

    @property
    def group_text(self) -> str:
        """“Monday 2 March, 08:00 in Europe/London”."""
        return _("%(date)s, %(time)s in %(zone)s") % {
            "date": date_format(self.group_local_start, "l j F"),
            "time": date_format(self.group_local_start, "H:i"),
            "zone": self.group_time_zone,
        }


# --- The filter --------------------------------------------------------------------------------
class StartsInRanges(Expression):
    """`starts_at BETWEEN lo AND hi OR ...` for a list of UTC ranges. The same SQL as
    Q(starts_at__range=...) | ..., without resolving one lookup per range on every query
    (dozens of ranges for "any evening in the next two months")."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, ranges: Sequence[tuple[datetime, datetime]], column: Any = None):
        super().__init__(output_field=BooleanField())
        self.ranges = list(ranges)
        self.column: Any = column if column is not None else F("starts_at")

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        column, column_params = compiler.compile(self.column)
        if not self.ranges:
            return "1 = 0", []
        adapt = connection.ops.adapt_datetimefield_value
        parts, params = [], []
        for lo, hi in self.ranges:
            parts.append(f"{column} BETWEEN %s AND %s")
            params += [*column_params, adapt(lo), adapt(hi)]
        return "(" + " OR ".join(parts) + ")", params


class MeetingTimeFilter:
    """Groups with a scheduled occurrence on one of `days` (0 = Monday; none: any day)
    starting between `starts_from` and `starts_to` on the searcher's clock (`zone_name`),
    from now to `within_days` ahead (default and at most the horizon).

    A groups.search.GroupFilter. Results pages also get, per group, the next matching
    occurrence (`group.next_meeting`, a NextMeeting), loaded in one query for the page.
    """

    key = KEY

    def __init__(
        self,
        *,
        days: Sequence[int] = (),
        starts_from: time | None = None,
        starts_to: time | None = None,
        zone_name: str = DEFAULT_ZONE,
        within_days: int | None = None,
        now: datetime | None = None,
    ) -> None:
        self.days = tuple(sorted(set(days)))
        self.starts_from = starts_from
        self.starts_to = starts_to
        self.zone_name = zone_name
        self.zone = recurrence.time_zone(zone_name)
        self.within_days = within_days
        self.now = now or timezone.now()
        self.until = self.now + timedelta(days=within_days or horizon_days())
        self.ranges = utc_ranges(
            days=self.days,
            starts_from=starts_from,
            starts_to=starts_to,
            zone=self.zone,
            after=self.now,
            before=self.until,
        )
        self.by_day_or_time = bool(self.days or starts_from or starts_to)
        self.relax_text = self._relax_text()

    def _relax_text(self) -> str:
        if self.by_day_or_time and self.within_days:
            return _("Any meeting day, time or date")
        if self.by_day_or_time:
            return _("Any meeting day or time")
        return _("Meeting at any date")

    def occurrences(self) -> QuerySet[Occurrence]:
        """The scheduled occurrences in the searched ranges."""
        return Occurrence.objects.filter(
            StartsInRanges(self.ranges), status=Occurrence.Status.SCHEDULED
        )

    @functools.cached_property
    def _group_has_match(self) -> Exists:
        return Exists(self.occurrences().filter(group_id=OuterRef("pk")))

    @functools.cached_property
    def _matching_series(self) -> QuerySet[MeetingSeries]:
        """Each series with a match, with its first matching occurrence: for results pages,
        loaded only for the groups shown."""
        matching = self.occurrences().filter(series_id=OuterRef("pk"))
        first = matching.order_by("starts_at", "pk")
        return (
            MeetingSeries.objects.filter(Exists(matching))
            .annotate(
                next_starts_at=Subquery(first.values("starts_at")[:1]),
                next_occurrence_id=Subquery(first.values("pk")[:1]),
            )
            .only("id", "group_id", "title", "time_zone")
            .order_by()
        )

    def apply(self, queryset: QuerySet[Group]) -> QuerySet[Group]:
        if _DISTANCE in queryset.query.annotations:
            # Near a place, the latitude/longitude box has already narrowed the groups to a
            # few dozen: check each through the (group, starts_at) index.
            matching = queryset.filter(self._group_has_match)
        else:
            # Otherwise every visible group is a candidate: collect the groups from the
            # occurrences in the ranges instead (the starts_at index). SQLite runs a
            # correlated EXISTS per group (160 ms against 9 ms at 50,000 series, see
            # docs/performance.md); PostgreSQL plans both forms as the same semi-join.
            matching = queryset.filter(pk__in=self.occurrences().values("group_id"))
        return matching.prefetch_related(
            Prefetch("meeting_series", queryset=self._matching_series, to_attr=_SERIES_ATTR)
        )

    def next_meeting(self, group: Group) -> NextMeeting | None:
        """The group's next matching occurrence; needs a group from an applied queryset."""
        found = [s for s in getattr(group, _SERIES_ATTR, ()) if s.next_starts_at is not None]
        if not found:
            return None
        series = min(found, key=lambda s: (s.next_starts_at, s.next_occurrence_id))
        starts_at: datetime = series.next_starts_at
        if timezone.is_naive(starts_at):  # pragma: no cover - backends without time zones
            starts_at = starts_at.replace(tzinfo=UTC)
        return NextMeeting(
            occurrence_id=series.next_occurrence_id,
            series_id=series.pk,
            title=series.title,
            starts_at=starts_at.astimezone(UTC),
            local_start=starts_at.astimezone(self.zone),
            time_zone=self.zone_name,
            group_local_start=starts_at.astimezone(recurrence.time_zone(series.time_zone)),
            group_time_zone=series.time_zone,
        )

    def reason(self, group: Group) -> Reason | None:
        meeting = self.next_meeting(group)
        group.next_meeting = meeting  # type: ignore[attr-defined]  # shown with the result
        if meeting is None:
            return None
        local = meeting.local_start
        if self.by_day_or_time:
            text = _("Meets %(day)s at %(time)s your time") % {
                "day": date_format(local, "l"),
                "time": date_format(local, "H:i"),
            }
        else:
            text = _("Meets %(date)s at %(time)s your time") % {
                "date": date_format(local, "l j F"),
                "time": date_format(local, "H:i"),
            }
        return Reason(self.key, text)


# --- Input -------------------------------------------------------------------------------------
def parse_days(values: Iterable[str]) -> tuple[int, ...]:
    """Day codes (mon … sun, any case; English day names too) to weekday numbers."""
    numbers = []
    unknown = []
    for value in values:
        text = str(value).strip().casefold()
        number = next(
            (n for n, code in enumerate(DAY_CODES) if text in (code, _ENGLISH_DAYS[n])), None
        )
        if number is None:
            unknown.append(str(value))
        else:
            numbers.append(number)
    if unknown:
        raise UnknownSearchFilter(
            _("Unknown day: %(values)s. Use mon, tue, wed, thu, fri, sat or sun.")
            % {"values": ", ".join(unknown)},
            extra={"field": "day"},
        )
    return tuple(sorted(set(numbers)))


def parse_time(value: time | str | None, field_name: str) -> time | None:
    if value is None or isinstance(value, time):
        return value
    text = value.strip()
    if not text:
        return None
    for pattern in _TIME_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, pattern).time()  # noqa: DTZ007 - a clock time
    raise MeetingTimeInvalid(
        _("“%(value)s” is not a time. Give it as hours and minutes, like 18:30.")
        % {"value": text[:20]},
        extra={"field": field_name},
    )


def check_zone(name: str, field_name: str = "tz") -> str:
    try:
        recurrence.time_zone(name)
    except recurrence.RecurrenceError as exc:
        raise UnknownSearchFilter(
            _("Unknown time zone “%(zone)s”. Use a name like Europe/London.") % {"zone": name[:64]},
            extra={"field": field_name},
        ) from exc
    return name


def check_within_days(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    limit = horizon_days()
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= limit:
        raise MeetingTimeInvalid(
            _("Look between 1 and %(max)d days ahead.") % {"max": limit},
            extra={"field": "within_days"},
        )
    return days


def meeting_filter(
    *,
    days: Iterable[str] = (),
    starts_from: time | str | None = None,
    starts_to: time | str | None = None,
    zone: str = DEFAULT_ZONE,
    within_days: int | str | None = None,
    now: datetime | None = None,
) -> MeetingTimeFilter | None:
    """The filter for this input, or None when no day, time or number of days was given.
    Bad input raises a SearchInputError naming the field (day, from, to, tz, within_days)."""
    day_numbers = parse_days(days)
    start = parse_time(starts_from, "from")
    end = parse_time(starts_to, "to")
    zone_name = check_zone(zone)
    within = check_within_days(within_days)
    if not day_numbers and start is None and end is None and within is None:
        return None
    return MeetingTimeFilter(
        days=day_numbers,
        starts_from=start,
        starts_to=end,
        zone_name=zone_name,
        within_days=within,
        now=now,
    )


def profile_zone(user: Any) -> str:
    """The signed-in person's time zone, else UTC."""
    if user is None or not user.is_authenticated:
        return DEFAULT_ZONE
    profile = getattr(user, "profile", None)
    name = getattr(profile, "time_zone", "") or DEFAULT_ZONE
    return str(name)
