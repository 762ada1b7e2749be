"""Members say they will come; when a meeting is full they wait in line, and the first in
line gets a place that frees up and is told."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from peerhaven.conversations import fanout
from peerhaven.core.exceptions import NotFound
from peerhaven.groups.exceptions import AgreementNeeded
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.meetings import rsvp, services
from peerhaven.meetings.exceptions import OccurrenceCancelled, OccurrencePast
from peerhaven.meetings.models import MeetingSeries, Occurrence, Rsvp
from peerhaven.moderation.models import Notice
from tests.factories import UserFactory
from tests.groups.helpers import agree_now, join_now, publish_instance_version
from tests.meetings.helpers import group_with_meeting

pytestmark = pytest.mark.django_db

GOING = Rsvp.Status.GOING
WAITLISTED = Rsvp.Status.WAITLISTED


@pytest.fixture
def dana(db):
    return UserFactory(display_name="Dana", email="dana@example.org")


@pytest.fixture
def erin(db):
    return UserFactory(display_name="Erin", email="erin@example.org")


def next_meeting(facilitator, members, **overrides) -> Occurrence:
    series = group_with_meeting(
        facilitator, members=members, start_date=timezone.localdate(), **overrides
    )
    return series.occurrences.order_by("starts_at").first()


@pytest.fixture
def live_events(monkeypatch):
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(fanout, "send", lambda group, event: sent.append((group, event)))
    return sent


def test_people_get_a_place_until_the_meeting_is_full_then_wait_in_line(
    facilitator, alice, bob, dana
):
    occurrence = next_meeting(facilitator, [alice, bob, dana], capacity=2)

    first = rsvp.rsvp_create(user=alice, occurrence=occurrence)
    assert rsvp.places_left(occurrence) == 1
    second = rsvp.rsvp_create(user=bob, occurrence=occurrence)
    third = rsvp.rsvp_create(user=dana, occurrence=occurrence)

    assert [first.status, second.status, third.status] == [GOING, GOING, WAITLISTED]
    assert rsvp.places_left(occurrence) == 0
    assert rsvp.waitlist_position(first) is None
    assert rsvp.waitlist_position(third) == 1


def test_a_meeting_without_a_limit_has_a_place_for_everyone(facilitator, alice, bob):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=None)

    assert rsvp.rsvp_create(user=alice, occurrence=occurrence).status == GOING
    assert rsvp.rsvp_create(user=bob, occurrence=occurrence).status == GOING
    assert rsvp.places_left(occurrence) is None


def test_the_waitlist_is_first_come_first_served(facilitator, alice, bob, dana, erin):
    occurrence = next_meeting(facilitator, [alice, bob, dana, erin], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)

    waiting = [rsvp.rsvp_create(user=person, occurrence=occurrence) for person in (bob, dana, erin)]

    assert [rsvp.waitlist_position(r) for r in waiting] == [1, 2, 3]


def test_asking_twice_keeps_the_first_answer(facilitator, alice, bob):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=1)
    going = rsvp.rsvp_create(user=alice, occurrence=occurrence)
    waiting = rsvp.rsvp_create(user=bob, occurrence=occurrence)

    assert rsvp.rsvp_create(user=alice, occurrence=occurrence).pk == going.pk
    again = rsvp.rsvp_create(user=bob, occurrence=occurrence)

    assert again.pk == waiting.pk and again.status == WAITLISTED
    assert Rsvp.objects.filter(occurrence=occurrence).count() == 2


def test_when_someone_cancels_the_first_in_line_gets_the_place_and_is_told(
    facilitator, alice, bob, dana, live_events, django_capture_on_commit_callbacks
):
    occurrence = next_meeting(facilitator, [alice, bob, dana], capacity=1)
    bob.profile.time_zone = "Australia/Sydney"
    bob.profile.save()
    for person in (alice, bob, dana):
        rsvp.rsvp_create(user=person, occurrence=occurrence)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = rsvp.rsvp_cancel(user=alice, occurrence=occurrence)

    assert promoted is not None and promoted.user == bob and promoted.status == GOING
    assert not Rsvp.objects.filter(occurrence=occurrence, user=alice).exists()
    dana_rsvp = Rsvp.objects.get(occurrence=occurrence, user=dana)
    assert dana_rsvp.status == WAITLISTED and rsvp.waitlist_position(dana_rsvp) == 1

    notice = Notice.objects.get(user=bob)
    assert notice.kind == Notice.Kind.MEETING
    assert notice.title == "A place opened up for you"
    assert "Tuesday evening circle" in notice.body
    # Shown on Bob's Sydney clock, with London's beside it.
    sydney = occurrence.starts_at.astimezone(ZoneInfo("Australia/Sydney"))
    assert f"{sydney:%H:%M}–" in notice.body and "(Australia/Sydney)" in notice.body
    assert "19:00–20:30 in Europe/London" in notice.body
    assert notice.link == f"/meetings/occurrences/{occurrence.pk}/"
    assert not Notice.objects.filter(user__in=[alice, dana]).exists()

    assert live_events == [
        (
            f"user-{bob.pk}",
            {
                "type": "notify",
                "kind": "meeting.place",
                "payload": {
                    "occurrence": occurrence.pk,
                    "title": "A place opened up for you",
                    "url": notice.link,
                },
            },
        )
    ]


def test_nobody_is_told_before_the_change_is_saved(
    facilitator, alice, bob, live_events, django_capture_on_commit_callbacks
):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)
    rsvp.rsvp_create(user=bob, occurrence=occurrence)

    with django_capture_on_commit_callbacks(execute=False) as pending:
        rsvp.rsvp_cancel(user=alice, occurrence=occurrence)

    assert live_events == []
    assert len(pending) == 1


def test_when_someone_waiting_gives_up_nobody_else_moves_up(facilitator, alice, bob, dana):
    occurrence = next_meeting(facilitator, [alice, bob, dana], capacity=1)
    for person in (alice, bob, dana):
        rsvp.rsvp_create(user=person, occurrence=occurrence)

    assert rsvp.rsvp_cancel(user=bob, occurrence=occurrence) is None

    assert Rsvp.objects.get(occurrence=occurrence, user=alice).status == GOING
    dana_rsvp = Rsvp.objects.get(occurrence=occurrence, user=dana)
    assert dana_rsvp.status == WAITLISTED and rsvp.waitlist_position(dana_rsvp) == 1
    assert not Notice.objects.exists()


def test_cancelling_without_having_said_you_would_come_changes_nothing(facilitator, alice, bob):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)

    assert rsvp.rsvp_cancel(user=bob, occurrence=occurrence) is None
    assert Rsvp.objects.filter(occurrence=occurrence).count() == 1


def test_people_already_waiting_get_places_before_a_newcomer_when_the_limit_is_raised(
    facilitator, alice, bob, dana
):
    occurrence = next_meeting(facilitator, [alice, bob, dana], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)
    rsvp.rsvp_create(user=bob, occurrence=occurrence)
    MeetingSeries.objects.filter(pk=occurrence.series_id).update(capacity=2)
    occurrence.series.refresh_from_db()

    newcomer = rsvp.rsvp_create(user=dana, occurrence=occurrence)

    assert newcomer.status == WAITLISTED
    assert Rsvp.objects.get(occurrence=occurrence, user=bob).status == GOING
    assert Notice.objects.filter(user=bob, kind=Notice.Kind.MEETING).count() == 1


def test_filling_the_waitlist_after_the_limit_is_raised_gives_places_in_order(
    facilitator, alice, bob, dana, erin
):
    occurrence = next_meeting(facilitator, [alice, bob, dana, erin], capacity=1)
    for person in (alice, bob, dana, erin):
        rsvp.rsvp_create(user=person, occurrence=occurrence)
    MeetingSeries.objects.filter(pk=occurrence.series_id).update(capacity=3)

    promoted = rsvp.waitlist_fill(occurrence=occurrence)

    assert [r.user for r in promoted] == [bob, dana]
    erin_rsvp = Rsvp.objects.get(occurrence=occurrence, user=erin)
    assert erin_rsvp.status == WAITLISTED and rsvp.waitlist_position(erin_rsvp) == 1


def test_a_cancelled_meeting_refuses_rsvps_and_stores_nothing(facilitator, alice):
    occurrence = next_meeting(facilitator, [alice])
    services.occurrence_cancel(actor=facilitator, occurrence=occurrence, note="Room flooded")

    with pytest.raises(OccurrenceCancelled) as refused:
        rsvp.rsvp_create(user=alice, occurrence=occurrence)

    assert refused.value.message == "This meeting is cancelled, so you cannot say you will come."
    assert refused.value.status == 409
    assert not Rsvp.objects.exists()


def test_when_a_facilitator_cancels_the_meeting_nobody_is_moved_up(
    facilitator, alice, bob, live_events, django_capture_on_commit_callbacks
):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)
    rsvp.rsvp_create(user=bob, occurrence=occurrence)
    services.occurrence_cancel(actor=facilitator, occurrence=occurrence)

    with django_capture_on_commit_callbacks(execute=True):
        assert rsvp.rsvp_cancel(user=alice, occurrence=occurrence) is None

    assert Rsvp.objects.get(occurrence=occurrence, user=bob).status == WAITLISTED
    assert not Notice.objects.exists()
    assert live_events == []


def test_a_meeting_that_has_started_refuses_rsvps_and_stores_nothing(facilitator, alice):
    occurrence = next_meeting(facilitator, [alice])
    started = timezone.now() - timedelta(minutes=5)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=started, ends_at=started + timedelta(minutes=90)
    )

    with pytest.raises(OccurrencePast) as refused:
        rsvp.rsvp_create(user=alice, occurrence=occurrence)

    assert refused.value.message == "This meeting has already started or taken place."
    assert not Rsvp.objects.exists()


def test_a_stranger_is_told_there_is_no_such_group_and_nothing_is_stored(
    facilitator, alice, charlie
):
    occurrence = next_meeting(facilitator, [alice])

    with pytest.raises(NotFound) as refused:
        rsvp.rsvp_create(user=charlie, occurrence=occurrence)

    assert refused.value.status == 404
    assert refused.value.message == "There is no such group, or it is not visible to you."
    assert not Rsvp.objects.exists()


def test_a_member_who_must_agree_again_is_asked_to_first_and_nothing_is_stored(facilitator, alice):
    occurrence = next_meeting(facilitator, [alice])
    publish_instance_version(
        change=RuleSetVersion.Change.MATERIAL, changed_text="Listen fully before replying."
    )

    with pytest.raises(AgreementNeeded) as refused:
        rsvp.rsvp_create(user=alice, occurrence=occurrence)

    assert "agree again" in refused.value.message
    assert not Rsvp.objects.exists()

    agree_now(alice, occurrence.group)
    assert rsvp.rsvp_create(user=alice, occurrence=occurrence).status == GOING


def test_a_member_who_left_can_still_withdraw_their_rsvp(facilitator, alice, bob):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)
    rsvp.rsvp_create(user=bob, occurrence=occurrence)
    occurrence.group.memberships.filter(user=alice).delete()

    promoted = rsvp.rsvp_cancel(user=alice, occurrence=occurrence)

    assert promoted is not None and promoted.user == bob
    assert not Rsvp.objects.filter(user=alice).exists()


def test_someone_who_joins_later_still_queues_behind_earlier_people(facilitator, alice, bob, dana):
    occurrence = next_meeting(facilitator, [alice, bob], capacity=1)
    rsvp.rsvp_create(user=alice, occurrence=occurrence)
    rsvp.rsvp_create(user=bob, occurrence=occurrence)
    join_now(dana, occurrence.group)

    late = rsvp.rsvp_create(user=dana, occurrence=occurrence)

    assert late.status == WAITLISTED and rsvp.waitlist_position(late) == 2
