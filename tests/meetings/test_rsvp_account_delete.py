"""Deleting an account gives up its places at meetings still to come, exactly as cancelling
does: the first person waiting gets each place and is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerhaven.conversations import fanout
from peerhaven.meetings import rsvp
from peerhaven.meetings.models import Occurrence, Rsvp
from peerhaven.moderation.models import Notice
from tests.factories import PASSWORD, UserFactory
from tests.meetings.helpers import group_with_meeting

pytestmark = pytest.mark.django_db

GOING = Rsvp.Status.GOING
WAITLISTED = Rsvp.Status.WAITLISTED


@pytest.fixture
def dana(db):
    return UserFactory(display_name="Dana", email="dana@example.org")


@pytest.fixture
def live_events(monkeypatch):
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(fanout, "send", lambda group, event: sent.append((group, event)))
    return sent


def meetings_of(facilitator, members, **overrides) -> list[Occurrence]:
    series = group_with_meeting(
        facilitator, members=members, start_date=timezone.localdate(), **overrides
    )
    return list(series.occurrences.order_by("starts_at"))


def delete_account(api_as, user):
    response = api_as(user).post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")
    assert response.status_code == 204, response.content


def test_deleting_the_account_of_a_place_holder_gives_the_place_to_the_first_waiting(
    api_as, facilitator, alice, bob, dana, live_events, django_capture_on_commit_callbacks
):
    first, second = meetings_of(facilitator, [alice, bob, dana], capacity=1)[:2]
    for occurrence in (first, second):
        for person in (alice, bob, dana):
            rsvp.rsvp_create(user=person, occurrence=occurrence)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(api_as, alice)

    for occurrence in (first, second):
        statuses = dict(
            Rsvp.objects.filter(occurrence=occurrence).values_list("user__display_name", "status")
        )
        assert statuses == {"Bob": GOING, "Dana": WAITLISTED}
    notices = Notice.objects.filter(user=bob, kind=Notice.Kind.MEETING)
    assert sorted(notices.values_list("link", flat=True)) == sorted(
        f"/meetings/occurrences/{o.pk}/" for o in (first, second)
    )
    assert notices.first().title == "A place opened up for you"
    assert not Notice.objects.filter(user=dana).exists()
    places = [(g, e) for g, e in live_events if e.get("kind") == "meeting.place"]
    assert sorted(e["payload"]["occurrence"] for _g, e in places) == [first.pk, second.pk]
    assert {group for group, _event in places} == {f"user-{bob.pk}"}


def test_deleting_the_account_of_someone_waiting_moves_nobody_up(
    api_as, facilitator, alice, bob, dana
):
    occurrence = meetings_of(facilitator, [alice, bob, dana], capacity=1)[0]
    for person in (bob, alice, dana):
        rsvp.rsvp_create(user=person, occurrence=occurrence)

    delete_account(api_as, alice)

    statuses = dict(
        Rsvp.objects.filter(occurrence=occurrence).values_list("user__display_name", "status")
    )
    assert statuses == {"Bob": GOING, "Dana": WAITLISTED}
    assert rsvp.waitlist_position(Rsvp.objects.get(occurrence=occurrence, user=dana)) == 1
    assert not Notice.objects.exists()


def test_a_place_at_a_meeting_that_already_took_place_is_not_given_away(
    api_as, facilitator, alice, bob
):
    occurrence = meetings_of(facilitator, [alice, bob], capacity=1)[0]
    for person in (alice, bob):
        rsvp.rsvp_create(user=person, occurrence=occurrence)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - timedelta(hours=3)
    )

    delete_account(api_as, alice)

    assert Rsvp.objects.get(occurrence=occurrence).status == WAITLISTED
    assert not Rsvp.objects.filter(user_id=alice.pk).exists()
    assert not Notice.objects.exists()
