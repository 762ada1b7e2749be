"""Facilitators record who came; after the retention period only the number is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerhaven.core.exceptions import Conflict, DomainError, NotAllowed, NotFound
from peerhaven.meetings import services
from peerhaven.meetings.attendance import attendance_purge_expired, attendance_record
from peerhaven.meetings.exceptions import OccurrenceCancelled
from peerhaven.meetings.models import Attendance, Occurrence
from tests.factories import UserFactory
from tests.meetings.helpers import group_with_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(db):
    return UserFactory(display_name="Dana", email="dana@example.org")


def meeting_starting_in(facilitator, members, delta: timedelta) -> Occurrence:
    series = group_with_meeting(facilitator, members=members, start_date=timezone.localdate())
    occurrence = series.occurrences.order_by("starts_at").first()
    starts = timezone.now() + delta
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=starts, ends_at=starts + timedelta(minutes=90)
    )
    occurrence.refresh_from_db()
    return occurrence


def who_came(occurrence) -> set[int]:
    return set(Attendance.objects.filter(occurrence=occurrence).values_list("user_id", flat=True))


def test_a_facilitator_records_who_came_to_a_meeting_under_way(facilitator, alice, bob):
    occurrence = meeting_starting_in(facilitator, [alice, bob], -timedelta(minutes=20))

    assert attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk]) == 1

    row = Attendance.objects.get(occurrence=occurrence)
    assert row.user == alice and row.recorded_by == facilitator


def test_recording_again_replaces_the_list(facilitator, alice, bob, dana):
    occurrence = meeting_starting_in(facilitator, [alice, bob], -timedelta(minutes=20))
    attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk, bob.pk])
    first_bob = Attendance.objects.get(occurrence=occurrence, user=bob)

    count = attendance_record(
        actor=facilitator, occurrence=occurrence, user_ids=[bob.pk, facilitator.pk]
    )

    assert count == 2
    assert who_came(occurrence) == {bob.pk, facilitator.pk}
    assert Attendance.objects.get(occurrence=occurrence, user=bob).pk == first_bob.pk


def test_recording_the_same_people_twice_changes_nothing(facilitator, alice, bob):
    occurrence = meeting_starting_in(facilitator, [alice, bob], -timedelta(minutes=20))
    attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk, bob.pk])
    before = list(Attendance.objects.order_by("pk").values_list("pk", "user_id", "recorded_at"))

    assert (
        attendance_record(
            actor=facilitator, occurrence=occurrence, user_ids=[bob.pk, alice.pk, alice.pk]
        )
        == 2
    )

    assert list(Attendance.objects.order_by("pk").values_list("pk", "user_id", "recorded_at")) == (
        before
    )


def test_an_empty_list_clears_who_came(facilitator, alice):
    occurrence = meeting_starting_in(facilitator, [alice], -timedelta(minutes=20))
    attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk])

    assert attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[]) == 0
    assert not Attendance.objects.exists()


def test_only_the_groups_facilitators_record_who_came(facilitator, alice, charlie):
    occurrence = meeting_starting_in(facilitator, [alice], -timedelta(minutes=20))

    with pytest.raises(NotAllowed) as refused:
        attendance_record(actor=alice, occurrence=occurrence, user_ids=[alice.pk])
    assert refused.value.message == "Only the group's facilitators record who came."
    with pytest.raises(NotFound):
        attendance_record(actor=charlie, occurrence=occurrence, user_ids=[charlie.pk])
    assert not Attendance.objects.exists()


def test_only_members_of_the_group_can_be_checked_in(facilitator, alice, charlie):
    occurrence = meeting_starting_in(facilitator, [alice], -timedelta(minutes=20))
    attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk])

    with pytest.raises(DomainError) as refused:
        attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk, charlie.pk])

    assert refused.value.message == "Only members of the group can be checked in."
    assert refused.value.code == "not_members"
    assert refused.value.extra == {"user_ids": [charlie.pk]}
    assert who_came(occurrence) == {alice.pk}


def test_check_in_opens_an_hour_before_the_meeting(facilitator, alice):
    later = meeting_starting_in(facilitator, [alice], timedelta(hours=2))
    with pytest.raises(Conflict) as refused:
        attendance_record(actor=facilitator, occurrence=later, user_ids=[alice.pk])
    assert refused.value.message == "Check-in opens an hour before the meeting starts."
    assert not Attendance.objects.exists()

    Occurrence.objects.filter(pk=later.pk).update(starts_at=timezone.now() + timedelta(minutes=30))
    later.refresh_from_db()
    assert attendance_record(actor=facilitator, occurrence=later, user_ids=[alice.pk]) == 1


def test_a_cancelled_meeting_has_nobody_to_check_in(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice], start_date=timezone.localdate())
    occurrence = series.occurrences.order_by("starts_at").first()
    services.occurrence_cancel(actor=facilitator, occurrence=occurrence)
    Occurrence.objects.filter(pk=occurrence.pk).update(starts_at=timezone.now())

    with pytest.raises(OccurrenceCancelled):
        attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk])
    assert not Attendance.objects.exists()


def test_after_the_retention_period_only_the_number_who_came_is_kept(
    facilitator, alice, bob, settings
):
    settings.PEERHAVEN_ATTENDANCE_RETENTION_DAYS = 90
    occurrence = meeting_starting_in(facilitator, [alice, bob], -timedelta(minutes=20))
    attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk, bob.pk])

    assert attendance_purge_expired(now=occurrence.ends_at + timedelta(days=89)) == 0
    assert who_came(occurrence) == {alice.pk, bob.pk}

    assert attendance_purge_expired(now=occurrence.ends_at + timedelta(days=91)) == 1

    occurrence.refresh_from_db()
    assert occurrence.attendance_count == 2
    assert not Attendance.objects.exists()
    assert attendance_purge_expired(now=occurrence.ends_at + timedelta(days=92)) == 0
    occurrence.refresh_from_db()
    assert occurrence.attendance_count == 2


def test_a_list_reduced_to_a_number_cannot_be_recorded_again(facilitator, alice, settings):
    settings.PEERHAVEN_ATTENDANCE_RETENTION_DAYS = 90
    occurrence = meeting_starting_in(facilitator, [alice], -timedelta(days=100))
    attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk])
    attendance_purge_expired()
    occurrence.refresh_from_db()

    with pytest.raises(Conflict) as refused:
        attendance_record(actor=facilitator, occurrence=occurrence, user_ids=[alice.pk])

    assert refused.value.code == "attendance_purged"
    assert not Attendance.objects.exists()
