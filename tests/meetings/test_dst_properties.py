"""Properties across daylight-saving changes, for random meeting series in zones with one-hour,
half-hour and no clock changes and with 30 and 45 minute offsets:

- every stored occurrence starts at the series' local start time, on the date the rule gave
  it, on both sides of each clock change (a time the clocks skip shows the documented shift:
  later by the size of the change, on the same day; a repeated time is the first of the two);
- the finder's day and time filter returns a group exactly when one of its scheduled
  occurrences falls on a chosen day between the times on the searcher's clock, and the next
  meeting it shows is the first such occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from peerhaven.groups.models import Group
from peerhaven.groups.search import group_search
from peerhaven.meetings import finder, services
from peerhaven.meetings.models import MeetingSeries, Occurrence
from tests.groups.finder_factories import finder_group

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",  # +05:30, no clock changes
    "Australia/Adelaide",  # +09:30 / +10:30
    "Asia/Kathmandu",  # +05:45
    "Australia/Lord_Howe",  # +10:30 / +11:00: a 30-minute change
]
SEARCHER_ZONES = [*ZONES, "UTC", "America/Los_Angeles", "Pacific/Auckland"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# A few days before clock changes in these zones, so windows cross them.
NEAR_CHANGES = [
    datetime(2026, 3, 5, 9, 17, tzinfo=UTC),  # New York 8 March, London 29 March
    datetime(2026, 3, 30, 22, 0, tzinfo=UTC),  # Sydney, Adelaide, Lord Howe 5 April
    datetime(2026, 9, 28, 3, 0, tzinfo=UTC),  # Sydney 4 October, London 25 October
    datetime(2026, 10, 20, 12, 30, tzinfo=UTC),  # London 25 October, New York 1 November
    datetime(2027, 3, 10, 0, 0, tzinfo=UTC),
]
PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def wall(text: str) -> datetime:
    """A wall-clock time with no zone attached."""
    return datetime.fromisoformat(text)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example starts from the same database: its rows are rolled back at the end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass(frozen=True)
class Spec:
    zone: str
    rule: str
    start_date: date
    start_time: time


@st.composite
def rules(draw: st.DrawFn) -> str:
    day = draw(st.sampled_from(DAYS))
    kind = draw(st.sampled_from(["weekly", "biweekly", "monthly"]))
    if kind == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if kind == "biweekly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    nth = draw(st.sampled_from([1, 2, 3, 4, -1]))
    return f"FREQ=MONTHLY;BYDAY={nth}{day}"


local_times = st.builds(
    time,
    st.integers(0, 23),
    st.one_of(st.sampled_from([0, 15, 30, 45]), st.integers(0, 59)),
)

specs = st.builds(
    Spec,
    zone=st.sampled_from(ZONES),
    rule=rules(),
    start_date=st.dates(date(2025, 6, 1), date(2027, 6, 1)),
    start_time=local_times,
)


def new_series(spec: Spec) -> MeetingSeries:
    group = finder_group("Circle")
    return MeetingSeries.objects.create(
        group=group,
        title="Circle",
        time_zone=spec.zone,
        start_date=spec.start_date,
        start_time=spec.start_time,
        duration_minutes=60,
        rule=spec.rule,
        format=MeetingSeries.Format.ONLINE,
        language="en",
    )


def exists_on_the_clock(local: datetime, zone: ZoneInfo) -> bool:
    return local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local


def clock_change_on(day: date, zone: ZoneInfo) -> timedelta:
    """How far the clocks moved forward between the day before and the day after."""
    before = datetime.combine(day - timedelta(days=1), time(12), zone).utcoffset()
    after = datetime.combine(day + timedelta(days=1), time(12), zone).utcoffset()
    assert before is not None and after is not None
    return after - before


def follows_the_rule(spec: Spec, days: list[date]) -> None:
    weekday = DAYS.index(spec.rule.rsplit("BYDAY=", 1)[1][-2:])
    assert all(d.weekday() == weekday for d in days)
    steps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    if "INTERVAL=2" in spec.rule:
        assert steps <= {14}
    elif spec.rule.startswith("FREQ=WEEKLY"):
        assert steps <= {7}
    else:
        nth = int(spec.rule.rsplit("BYDAY=", 1)[1][:-2])
        for d in days:
            if nth > 0:
                assert (d.day - 1) // 7 + 1 == nth
            else:
                assert (d + timedelta(days=7)).month != d.month


# --- Local times are kept ---------------------------------------------------------------------


@pytest.fixture
def year_horizon(db, settings):
    # A year ahead: every zone with summer time changes its clocks twice in the window.
    settings.PEERHAVEN_MEETING_HORIZON_DAYS = 366
    return settings


@PROPERTY_SETTINGS
@given(spec=specs, days_after_start=st.integers(-30, 200))
@example(  # London: 01:30 on the Sunday the clocks skip 01:00-02:00, and the one they repeat
    spec=Spec("Europe/London", "FREQ=WEEKLY;BYDAY=SU", date(2026, 3, 1), time(1, 30)),
    days_after_start=0,
)
@example(  # New York: 02:30 on the second Sunday of March does not exist
    spec=Spec("America/New_York", "FREQ=MONTHLY;BYDAY=2SU", date(2026, 1, 11), time(2, 30)),
    days_after_start=0,
)
@example(  # Lord Howe skips only 02:00-02:30, and repeats 01:30-02:00
    spec=Spec("Australia/Lord_Howe", "FREQ=WEEKLY;BYDAY=SU", date(2026, 3, 1), time(2, 15)),
    days_after_start=0,
)
@example(
    spec=Spec("Australia/Lord_Howe", "FREQ=WEEKLY;BYDAY=SU", date(2026, 3, 1), time(1, 45)),
    days_after_start=0,
)
def test_every_occurrence_keeps_the_series_local_start_time(year_horizon, spec, days_after_start):
    zone = ZoneInfo(spec.zone)
    now = datetime.combine(spec.start_date + timedelta(days=days_after_start), time(6), UTC)
    with rolled_back():
        series = new_series(spec)
        services.occurrences_refresh(series=series, now=now)
        stored = list(series.occurrences.order_by("starts_at"))

        assert stored, "a year ahead always holds a meeting"
        follows_the_rule(spec, [o.original_date for o in stored])
        for occurrence in stored:
            asked = datetime.combine(occurrence.original_date, spec.start_time)
            shown = occurrence.starts_at.astimezone(zone)
            assert now <= occurrence.starts_at
            assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=60)
            if exists_on_the_clock(asked, zone):
                assert shown.replace(tzinfo=None) == asked
                # A time the clocks repeat is the first of the two.
                first = asked.replace(tzinfo=zone, fold=0).astimezone(UTC)
                second = asked.replace(tzinfo=zone, fold=1).astimezone(UTC)
                assert occurrence.starts_at == min(first, second)
            else:
                event("a start time the clocks skip")
                # The documented shift: later by the size of the change, the same day.
                change = clock_change_on(occurrence.original_date, zone)
                assert change in (timedelta(minutes=30), timedelta(hours=1))
                assert shown.replace(tzinfo=None) == asked + change


def test_the_year_ahead_really_crosses_clock_changes_in_each_zone_that_has_them():
    now = datetime(2026, 2, 1, tzinfo=UTC)
    for name in ZONES:
        zone = ZoneInfo(name)
        offsets = {(now + timedelta(days=d)).astimezone(zone).utcoffset() for d in range(0, 366, 7)}
        assert len(offsets) == (1 if name in ("Asia/Kolkata", "Asia/Kathmandu") else 2), name


# --- The finder agrees with the occurrences ----------------------------------------------------


@dataclass(frozen=True)
class Search:
    zone: str
    days: tuple[int, ...]
    starts_from: time | None
    starts_to: time | None
    within_days: int | None


search_times = st.one_of(st.none(), st.builds(time, st.integers(0, 23), st.sampled_from([0, 30])))
random_searches = st.builds(
    Search,
    zone=st.sampled_from(SEARCHER_ZONES),
    days=st.sets(st.integers(0, 6), max_size=3).map(lambda s: tuple(sorted(s))),
    starts_from=search_times,
    starts_to=search_times,
    within_days=st.one_of(st.none(), st.integers(1, 62)),
)

moments = st.one_of(
    st.sampled_from(NEAR_CHANGES),
    st.datetimes(wall("2026-01-01 00:00"), wall("2027-12-01 00:00"), timezones=st.just(UTC)),
)


@st.composite
def searches_around(draw: st.DrawFn, occurrences: list[Occurrence]) -> Search:
    """A search whose window starts or ends at, or just misses, a real occurrence's local
    time on the searcher's clock: where an off-by-one would show."""
    zone_name = draw(st.sampled_from(SEARCHER_ZONES))
    local = draw(st.sampled_from(occurrences)).starts_at.astimezone(ZoneInfo(zone_name))
    at = datetime.combine(local.date(), local.time())
    before = timedelta(minutes=draw(st.sampled_from([-1, 0, 0, 15, 90, 300])))
    after = timedelta(minutes=draw(st.sampled_from([-1, 0, 0, 15, 90, 300])))
    extra_days = draw(st.sets(st.integers(0, 6), max_size=2))
    return Search(
        zone=zone_name,
        days=tuple(sorted({(at - before).weekday(), *extra_days})),
        starts_from=(at - before).time(),
        starts_to=(at + after).time(),
        within_days=draw(st.one_of(st.none(), st.integers(1, 62))),
    )


def wanted(local: datetime, search: Search) -> bool:
    """On a chosen day between the times on the searcher's clock: the definition, directly."""
    clock = local.time()
    on = lambda day: not search.days or day in search.days  # noqa: E731
    start = search.starts_from or time.min
    if search.starts_to is None:
        return on(local.weekday()) and clock >= start
    if search.starts_to >= start:
        return on(local.weekday()) and start <= clock <= search.starts_to
    # Past midnight: the night belongs to the day it started on.
    return (on(local.weekday()) and clock >= start) or (
        on((local.weekday() - 1) % 7) and clock <= search.starts_to
    )


@PROPERTY_SETTINGS
@given(
    series_specs=st.lists(specs, min_size=1, max_size=4),
    cancelled=st.lists(st.booleans(), max_size=40),
    now=moments,
    data=st.data(),
)
def test_the_finder_returns_a_group_iff_one_of_its_occurrences_matches_on_the_searchers_clock(
    db, series_specs, cancelled, now, data
):
    with rolled_back():
        for spec in series_specs:
            since = now.date() - timedelta(days=10)
            series = new_series(Spec(spec.zone, spec.rule, since, spec.start_time))
            services.occurrences_refresh(series=series, now=now)
        occurrences = list(Occurrence.objects.order_by("starts_at", "pk"))
        for occurrence, cancel in zip(occurrences, cancelled, strict=False):
            if cancel:
                occurrence.status = Occurrence.Status.CANCELLED
                occurrence.save(update_fields=["status"])
        search = data.draw(
            st.one_of(random_searches, searches_around(occurrences))
            if occurrences
            else random_searches
        )
        # Near a place the filter checks each nearby group; otherwise it starts from the
        # occurrences. Both must agree with the definition.
        near = data.draw(st.booleans())
        if near:
            Group.objects.update(format=Group.Format.IN_PERSON, latitude=51.5, longitude=-0.12)
        found = finder.MeetingTimeFilter(
            days=search.days,
            starts_from=search.starts_from,
            starts_to=search.starts_to,
            zone_name=search.zone,
            within_days=search.within_days,
            now=now,
        )
        place = {"near": (51.5, -0.12), "within_km": 5} if near else {}
        page = group_search(user=None, filters=[found], per_page=50, **place)

        zone = ZoneInfo(search.zone)
        until = now + timedelta(days=search.within_days or finder.horizon_days())
        first_match: dict[int, datetime] = {}
        for occurrence in Occurrence.objects.filter(status=Occurrence.Status.SCHEDULED):
            local = occurrence.starts_at.astimezone(zone)
            if now <= occurrence.starts_at <= until and wanted(local, search):
                earlier = first_match.get(occurrence.group_id, occurrence.starts_at)
                first_match[occurrence.group_id] = min(earlier, occurrence.starts_at)
        event("some groups match" if first_match else "no group matches")
        assert {r.group.pk for r in page.results} == set(first_match)
        assert page.total == len(first_match)
        for result in page.results:
            meeting = result.group.next_meeting
            assert meeting.starts_at == first_match[result.group.pk]
            assert meeting.local_start == meeting.starts_at
            assert meeting.local_start.utcoffset() == meeting.starts_at.astimezone(zone).utcoffset()
            assert wanted(meeting.local_start, search)
            assert any(r.kind == finder.KEY for r in result.reasons)


def test_utc_ranges_search_a_repeated_hour_twice_and_a_skipped_hour_not_at_all():
    london = ZoneInfo("Europe/London")
    # 25 October 2026: 01:00-02:00 happens twice (BST, then GMT).
    ranges = finder.utc_ranges_for_local(wall("2026-10-25 01:30"), wall("2026-10-25 01:45"), london)
    assert ranges == [
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 45, tzinfo=UTC)),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 45, tzinfo=UTC)),
    ]
    # 29 March 2026: 01:00-02:00 does not happen; 01:30-02:30 is only 02:00-02:30 BST.
    ranges = finder.utc_ranges_for_local(wall("2026-03-29 01:30"), wall("2026-03-29 02:30"), london)
    assert ranges == [
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    ]
    # Lord Howe moves by half an hour: 02:00-02:30 is skipped on 4 October 2026.
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    ranges = finder.utc_ranges_for_local(
        wall("2026-10-04 02:00"), wall("2026-10-04 02:29"), lord_howe
    )
    assert ranges == []


@pytest.mark.parametrize(
    ("now", "within_days", "expected"),
    [
        # 29 March 2026, London skips 01:00-02:00: 01:15 UTC shows as 02:15, inside 01:30-02:30.
        (datetime(2026, 3, 26, tzinfo=UTC), 5, datetime(2026, 3, 29, 1, 15, tzinfo=UTC)),
        # 25 October 2026, London repeats 01:00-02:00: 01:15 UTC shows as 01:15, outside.
        (datetime(2026, 10, 22, tzinfo=UTC), 5, None),
        # The Sunday before, still on summer time: 01:15 UTC shows as 02:15.
        (datetime(2026, 10, 15, tzinfo=UTC), 5, datetime(2026, 10, 18, 1, 15, tzinfo=UTC)),
    ],
)
def test_the_finder_reads_the_searchers_clock_on_the_days_it_changes(
    db, now, within_days, expected
):
    # Sundays 06:45 in Kolkata (no clock changes) is 01:15 UTC all year.
    series = new_series(Spec("Asia/Kolkata", "FREQ=WEEKLY;BYDAY=SU", date(2026, 1, 4), time(6, 45)))
    services.occurrences_refresh(series=series, now=now)
    found = finder.MeetingTimeFilter(
        days=(6,),
        starts_from=time(1, 30),
        starts_to=time(2, 30),
        zone_name="Europe/London",
        within_days=within_days,
        now=now,
    )
    page = group_search(user=None, filters=[found])
    if expected is None:
        assert page.total == 0
    else:
        [result] = page.results
        assert result.group.next_meeting.starts_at == expected
        assert result.group.next_meeting.local_start.strftime("%H:%M") == "02:15"
