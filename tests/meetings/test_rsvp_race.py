"""Many people asking for the same few places at the same moment: nobody gets a place that
is not there, and nobody who was waiting is skipped.

Each thread has its own database connection, so the requests really overlap; the threads
only see committed rows, hence `transaction=True`. PostgreSQL only: the SQLite test database
lives in this process's memory and lets one writer in at a time anyway.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connection
from django.utils import timezone

from peerhaven.meetings import rsvp
from peerhaven.meetings.models import Occurrence, Rsvp
from peerhaven.moderation.models import Notice
from tests.factories import UserFactory
from tests.meetings.helpers import group_with_meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

T = TypeVar("T")


@pytest.fixture(autouse=True)
def _on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (set DATABASE_URL): threads cannot share the in-memory SQLite "
            "test database, and SQLite lets only one writer in at a time anyway."
        )


def all_at_once(jobs: list[Callable[[], T]]) -> list[T]:
    """Run every job in its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], T]) -> T:
        try:
            barrier.wait(timeout=30)
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def meeting_for(facilitator, people, capacity: int) -> Occurrence:
    series = group_with_meeting(
        facilitator, members=people, capacity=capacity, start_date=timezone.localdate()
    )
    return series.occurrences.order_by("starts_at").first()


def test_fifty_people_asking_at_once_for_ten_places_give_ten_going_and_forty_waiting(
    facilitator,
):
    people = [UserFactory() for _ in range(50)]
    occurrence = meeting_for(facilitator, people, capacity=10)

    statuses = all_at_once(
        [
            lambda person=person: rsvp.rsvp_create(user=person, occurrence=occurrence).status
            for person in people
        ]
    )

    assert Counter(statuses) == {Rsvp.Status.GOING: 10, Rsvp.Status.WAITLISTED: 40}
    stored = Rsvp.objects.filter(occurrence=occurrence)
    assert stored.filter(status=Rsvp.Status.GOING).count() == 10
    assert stored.filter(status=Rsvp.Status.WAITLISTED).count() == 40
    # Places went to the first ten in line: nobody waiting arrived before someone going.
    ordered = list(stored.order_by("created_at", "pk").values_list("status", flat=True))
    assert ordered == [Rsvp.Status.GOING] * 10 + [Rsvp.Status.WAITLISTED] * 40
    positions = sorted(rsvp.waitlist_position(r) for r in stored.filter(status="waitlisted"))
    assert positions == list(range(1, 41))


def test_people_giving_up_their_places_while_others_ask_never_overfill_the_meeting(
    facilitator,
):
    people = [UserFactory() for _ in range(45)]
    going, waiting, leaving_early, newcomers = people[:10], people[10:25], people[:5], people[25:]
    occurrence = meeting_for(facilitator, people, capacity=10)
    for person in going + waiting:
        rsvp.rsvp_create(user=person, occurrence=occurrence)

    all_at_once(
        [lambda p=p: rsvp.rsvp_cancel(user=p, occurrence=occurrence) for p in leaving_early]
        + [lambda p=p: rsvp.rsvp_create(user=p, occurrence=occurrence) for p in newcomers]
    )

    stored = Rsvp.objects.filter(occurrence=occurrence)
    now_going = set(stored.filter(status=Rsvp.Status.GOING).values_list("user_id", flat=True))
    assert now_going == {p.pk for p in going[5:] + waiting[:5]}
    assert stored.filter(status=Rsvp.Status.WAITLISTED).count() == 10 + 20
    told = Notice.objects.filter(kind=Notice.Kind.MEETING).values_list("user_id", flat=True)
    assert sorted(told) == sorted(p.pk for p in waiting[:5])
