"""window_covers: wall-clock windows in their own time zone, past midnight and across clock
changes. Unsaved windows: no database needed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerhaven.safety.duty import window_covers
from peerhaven.safety.models import DutyWindow

LONDON = ZoneInfo("Europe/London")
MON, TUE, WED, SUN = 0, 1, 2, 6


def window(weekday: int, starts: str, ends: str, zone: str = "UTC") -> DutyWindow:
    return DutyWindow(
        kind=DutyWindow.Kind.FALLBACK,
        weekday=weekday,
        starts=time.fromisoformat(starts),
        ends=time.fromisoformat(ends),
        time_zone=zone,
    )


def at(text: str, zone: ZoneInfo | None = None) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=zone or UTC)


# 2025-03-24 is a Monday.


def test_a_window_covers_its_own_hours_and_not_its_end():
    evening = window(MON, "19:00", "21:00")
    assert window_covers(evening, at("2025-03-24 19:00"))
    assert window_covers(evening, at("2025-03-24 20:59:59"))
    assert not window_covers(evening, at("2025-03-24 21:00"))
    assert not window_covers(evening, at("2025-03-24 18:59:59"))
    assert not window_covers(evening, at("2025-03-25 19:30")), "a Tuesday"


def test_a_night_window_runs_past_midnight_into_the_next_day():
    night = window(MON, "22:00", "06:00")
    assert window_covers(night, at("2025-03-24 23:30"))
    assert window_covers(night, at("2025-03-25 03:00")), "Tuesday 03:00"
    assert not window_covers(night, at("2025-03-25 06:00"))
    assert not window_covers(night, at("2025-03-24 03:00")), "Monday early is the week before"
    assert not window_covers(night, at("2025-03-25 23:00")), "Tuesday night is not Monday night"


def test_a_sunday_night_window_runs_into_monday():
    night = window(SUN, "22:00", "02:00")
    assert window_covers(night, at("2025-03-24 01:00"))
    assert window_covers(night, at("2025-03-30 23:00"))
    assert not window_covers(night, at("2025-03-25 01:00"))


def test_midnight_to_midnight_is_the_whole_day_and_no_more():
    day = window(TUE, "00:00", "00:00")
    assert window_covers(day, at("2025-03-25 00:00"))
    assert window_covers(day, at("2025-03-25 12:00"))
    assert window_covers(day, at("2025-03-25 23:59:59"))
    assert not window_covers(day, at("2025-03-26 00:00"))
    assert not window_covers(day, at("2025-03-24 23:59:59"))


def test_a_window_ending_at_midnight_stops_at_midnight():
    late = window(MON, "20:00", "00:00")
    assert window_covers(late, at("2025-03-24 23:59"))
    assert not window_covers(late, at("2025-03-25 00:00"))
    assert not window_covers(late, at("2025-03-25 00:30"))


@pytest.mark.parametrize(
    "local_day",
    [
        date(2025, 3, 24),  # GMT, the week the clocks go forward (Sunday 30 March)
        date(2025, 3, 31),  # BST, the Monday after
        date(2025, 10, 20),  # BST, the week the clocks go back (Sunday 26 October)
        date(2025, 10, 27),  # GMT, the Monday after
    ],
)
def test_a_london_evening_window_keeps_its_wall_clock_across_clock_changes(local_day):
    evening = window(MON, "19:00", "21:00", "Europe/London")
    half_past_seven = datetime.combine(local_day, time(19, 30), tzinfo=LONDON)
    assert window_covers(evening, half_past_seven)
    assert window_covers(evening, half_past_seven.astimezone(UTC))
    assert not window_covers(evening, datetime.combine(local_day, time(21, 0), tzinfo=LONDON))
    assert not window_covers(evening, datetime.combine(local_day, time(18, 59), tzinfo=LONDON))


def test_the_same_utc_hour_is_in_or_out_of_a_london_window_by_season():
    evening = window(MON, "19:00", "21:00", "Europe/London")
    # 20:30 UTC is 20:30 GMT in winter (inside) but 21:30 BST in summer (outside).
    assert window_covers(evening, at("2025-03-24 20:30"))
    assert not window_covers(evening, at("2025-03-31 20:30"))
    # 18:30 UTC is 18:30 GMT in winter (outside) but 19:30 BST in summer (inside).
    assert not window_covers(evening, at("2025-03-24 18:30"))
    assert window_covers(evening, at("2025-03-31 18:30"))


def test_a_night_window_over_the_spring_clock_change():
    # Saturday 29 March 22:00 to Sunday 06:00 London: the night is an hour shorter.
    night = window(5, "22:00", "06:00", "Europe/London")
    assert window_covers(night, at("2025-03-29 22:30"))  # 22:30 GMT
    assert window_covers(night, at("2025-03-30 00:59"))  # 00:59 GMT, before the change
    assert window_covers(night, at("2025-03-30 01:00"))  # 02:00 BST, just after
    assert window_covers(night, at("2025-03-30 04:59"))  # 05:59 BST
    assert not window_covers(night, at("2025-03-30 05:00"))  # 06:00 BST


def test_a_night_window_over_the_autumn_clock_change():
    # Saturday 25 October 22:00 to Sunday 06:00 London: the night is an hour longer.
    night = window(5, "22:00", "06:00", "Europe/London")
    assert window_covers(night, at("2025-10-25 21:00"))  # 22:00 BST
    assert window_covers(night, at("2025-10-26 00:30"))  # 01:30 BST, first time round
    assert window_covers(night, at("2025-10-26 01:30"))  # 01:30 GMT, second time round
    assert window_covers(night, at("2025-10-26 05:59"))  # 05:59 GMT
    assert not window_covers(night, at("2025-10-26 06:00"))


def test_the_window_is_read_in_its_own_time_zone_not_in_utc():
    # 09:00–17:00 on Monday in New York (EDT, UTC−4 in late March).
    new_york = window(MON, "09:00", "17:00", "America/New_York")
    assert window_covers(new_york, at("2025-03-24 13:00"))  # 09:00 EDT
    assert not window_covers(new_york, at("2025-03-24 12:59"))  # 08:59 EDT
    assert window_covers(new_york, at("2025-03-24 20:59"))  # 16:59 EDT
    # 08:00–10:00 on Tuesday in Kolkata (UTC+05:30) is Tuesday 02:30–04:30 UTC...
    kolkata = window(TUE, "08:00", "10:00", "Asia/Kolkata")
    assert window_covers(kolkata, at("2025-03-25 02:30"))
    assert not window_covers(kolkata, at("2025-03-25 04:30"))
    # ...and 00:30–01:00 on Tuesday in Kolkata is still Monday in UTC.
    early = window(TUE, "00:30", "01:00", "Asia/Kolkata")
    assert window_covers(early, at("2025-03-24 19:15"))
    assert not window_covers(early, at("2025-03-25 19:15"))


def test_an_aware_time_in_any_zone_gives_the_same_answer():
    evening = window(WED, "19:00", "21:00", "Europe/Berlin")
    moment = datetime(2025, 3, 26, 19, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"):
        assert window_covers(evening, moment.astimezone(ZoneInfo(zone)))


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        window_covers(window(MON, "19:00", "21:00"), datetime(2025, 3, 24, 19, 30))  # noqa: DTZ001


def _reference(window: DutyWindow, moment: datetime) -> bool:
    """A second reading of the rule, with dates instead of weekdays."""
    local = moment.astimezone(ZoneInfo(window.time_zone)).replace(tzinfo=None)
    for back in (0, 1):
        day = local.date() - timedelta(days=back)
        if day.weekday() != window.weekday:
            continue
        start = datetime.combine(day, window.starts)  # noqa: DTZ001 - wall clock
        end_day = day if window.ends > window.starts else day + timedelta(days=1)
        end = datetime.combine(end_day, window.ends)  # noqa: DTZ001 - wall clock
        if start <= local < end:
            return True
    return False


@given(
    weekday=st.integers(0, 6),
    starts=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    ends=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    zone=st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"]),
    moment=st.datetimes(
        min_value=datetime(2024, 1, 1),  # noqa: DTZ001
        max_value=datetime(2026, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
def test_the_rule_agrees_with_a_date_based_reading(weekday, starts, ends, zone, moment):
    # Equal start and end (refused by the service unless 00:00) read as 24 hours from the
    # start in both, as the model says: rows stored some other way still make sense.
    candidate = DutyWindow(weekday=weekday, starts=starts, ends=ends, time_zone=zone)
    assert window_covers(candidate, moment) == _reference(candidate, moment)
