"""A facilitator sets up a meeting series; its occurrences follow the rule in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.meetings import rsvp, services
from peerhaven.meetings.exceptions import InvalidSchedule, OccurrenceCancelled
from peerhaven.meetings.models import MeetingSeries, Occurrence, Rsvp
from tests.conversations.helpers import group_with
from tests.meetings.helpers import group_with_meeting, meeting_input, weekly_meeting

pytestmark = pytest.mark.django_db


def test_a_weekly_meeting_stays_at_19_local_across_the_clock_change(facilitator, settings):
    settings.PEERHAVEN_MEETING_HORIZON_DAYS = 62
    series = group_with_meeting(facilitator)
    now = datetime(2026, 10, 1, tzinfo=UTC)
    series.occurrences.all().delete()

    services.occurrences_refresh(series=series, now=now)

    starts = list(series.occurrences.values_list("starts_at", flat=True))
    assert len(starts) == 9  # Tuesdays from 6 October to 1 December
    local = [s.astimezone(services.recurrence.time_zone("Europe/London")) for s in starts]
    assert {(t.hour, t.minute, t.weekday()) for t in local} == {(19, 0, 1)}
    # UTC moves by an hour when London leaves summer time on 25 October.
    assert starts[2].hour == 18 and starts[3].hour == 19


def test_the_series_is_worked_out_to_the_horizon_from_now(facilitator):
    series = group_with_meeting(facilitator, start_date=timezone.localdate())
    assert series.occurrences.count() >= 8
    assert all(o.starts_at > timezone.now() for o in series.occurrences.all())


@pytest.mark.parametrize(
    ("field", "value", "code_field"),
    [
        ("rule", "FREQ=SOMETIMES", "rule"),
        ("rule", "FREQ=HOURLY", "rule"),
        ("rule", "FREQ=WEEKLY;BYHOUR=9", "rule"),
        ("rule", "FREQ=WEEKLY;UNTIL=20270101", "rule"),
        ("time_zone", "Mars/Olympus_Mons", "time_zone"),
        ("end_date", date(2026, 1, 1), "end_date"),
        ("capacity", 0, "capacity"),
        ("duration_minutes", 0, "duration_minutes"),
        ("join_link", "http://plain.example.org", "join_link"),
        ("address", "", "address"),
        ("language", "xx", "language"),
        ("accessibility", ["jetpack"], "accessibility"),
    ],
)
def test_bad_schedules_are_refused_and_store_nothing(facilitator, field, value, code_field):
    group = group_with(facilitator=facilitator)
    with pytest.raises(InvalidSchedule) as refused:
        weekly_meeting(group, facilitator, **{field: value})
    assert refused.value.extra["field"] == code_field
    assert refused.value.message
    assert not MeetingSeries.objects.exists()
    assert not Occurrence.objects.exists()


def test_only_facilitators_set_up_meetings(facilitator, alice, charlie):
    group = group_with(facilitator=facilitator, members=[alice])
    with pytest.raises(NotAllowed):
        weekly_meeting(group, alice)
    with pytest.raises(NotFound):
        weekly_meeting(group, charlie)
    assert not MeetingSeries.objects.exists()


def test_a_cancelled_or_moved_meeting_survives_a_change_of_schedule(facilitator):
    series = group_with_meeting(facilitator, start_date=timezone.localdate())
    first, second = list(series.occurrences.all()[:2])
    services.occurrence_cancel(actor=facilitator, occurrence=first, note="Room closed")
    moved_to = datetime.combine(second.original_date, time(18, 0))
    services.occurrence_move(actor=facilitator, occurrence=second, local_start=moved_to)

    services.series_update(
        actor=facilitator,
        series=series,
        data=meeting_input(start_date=timezone.localdate(), duration_minutes=60),
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Occurrence.Status.CANCELLED and first.note == "Room closed"
    assert second.moved
    assert second.starts_at.astimezone(services.recurrence.time_zone("Europe/London")).hour == 18
    with pytest.raises(OccurrenceCancelled):
        services.occurrence_cancel(actor=facilitator, occurrence=first)


def test_ending_a_series_cancels_what_was_ahead(facilitator):
    series = group_with_meeting(facilitator, start_date=timezone.localdate())
    ahead = series.occurrences.count()
    assert services.series_end(actor=facilitator, series=series) == ahead
    assert not series.occurrences.filter(status=Occurrence.Status.SCHEDULED).exists()


def test_raising_the_capacity_gives_the_new_places_to_those_waiting(facilitator, alice, bob):
    series = group_with_meeting(
        facilitator, members=[alice, bob], start_date=timezone.localdate(), capacity=1
    )
    occurrence = series.occurrences.first()
    rsvp.rsvp_create(user=alice, occurrence=occurrence)
    waiting = rsvp.rsvp_create(user=bob, occurrence=occurrence)
    assert waiting.status == Rsvp.Status.WAITLISTED

    services.series_update(
        actor=facilitator,
        series=series,
        data=meeting_input(start_date=timezone.localdate(), capacity=2),
    )

    waiting.refresh_from_db()
    assert waiting.status == Rsvp.Status.GOING


def test_a_meeting_moved_later_survives_its_original_time_passing(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice], start_date=timezone.localdate())
    occurrence = series.occurrences.first()
    two_days_later = datetime.combine(occurrence.original_date + timedelta(days=2), time(19, 0))
    services.occurrence_move(actor=facilitator, occurrence=occurrence, local_start=two_days_later)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)

    # The refresh that runs after the original start, before the new one.
    services.occurrences_refresh(
        series=series, now=occurrence.starts_at - timedelta(days=1, hours=23)
    )

    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.SCHEDULED
    assert occurrence.moved


def test_meetings_stored_beyond_the_horizon_are_left_alone(facilitator, settings):
    series = group_with_meeting(facilitator, start_date=timezone.localdate())
    later = timezone.now() + timedelta(days=150)
    services.occurrences_refresh(series=series, now=later)
    far = series.occurrences.filter(starts_at__gt=later).count()
    assert far > 0

    services.occurrences_refresh(series=series)

    assert series.occurrences.filter(starts_at__gt=later).count() == far
