"""Saying you will come: RSVPs with a capacity and a waitlist.

Every change takes a lock on the Occurrence row before counting who is going, so two people
asking for the last place at the same moment are served one after the other: one gets it,
the other is waitlisted. On PostgreSQL that is `SELECT ... FOR UPDATE`; on SQLite the
IMMEDIATE transactions (config/settings.py) already let only one writer in at a time.

The waitlist is first come, first served in (created_at, pk) order. Whenever a place is free
and someone is waiting, the first waiting person gets it and is told: a notice in their
inbox, plus a live `notify` event (kind "meeting.place") after commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.conversations import fanout
from peerhaven.core.consumers import user_group
from peerhaven.meetings import describe, policies
from peerhaven.meetings.exceptions import OccurrenceCancelled, OccurrencePast
from peerhaven.meetings.models import Occurrence, Rsvp
from peerhaven.moderation.models import Notice
from peerhaven.moderation.services import notice_send

GOING = Rsvp.Status.GOING
WAITLISTED = Rsvp.Status.WAITLISTED


def occurrence_path(occurrence: Occurrence) -> str:
    return f"/meetings/occurrences/{occurrence.pk}/"


def _lock(occurrence: Occurrence) -> Occurrence:
    """The occurrence re-read under a row lock. Call inside `transaction.atomic`."""
    return Occurrence.objects.select_for_update().select_related("series").get(pk=occurrence.pk)


def _going_count(occurrence: Occurrence) -> int:
    return Rsvp.objects.filter(occurrence=occurrence, status=GOING).count()


def _open_for_rsvp(occurrence: Occurrence) -> bool:
    return not occurrence.is_cancelled and occurrence.starts_at > timezone.now()


@transaction.atomic
def rsvp_create(*, user: User, occurrence: Occurrence) -> Rsvp:
    """Say `user` will come: a place if one is free, else a place on the waitlist. Asking
    again returns the RSVP they already have."""
    policies.check_rsvp(user, occurrence.group)
    occurrence = _lock(occurrence)
    if occurrence.is_cancelled:
        raise OccurrenceCancelled(_("This meeting is cancelled, so you cannot say you will come."))
    if occurrence.starts_at <= timezone.now():
        raise OccurrencePast(_("This meeting has already started or taken place."))
    existing = Rsvp.objects.filter(occurrence=occurrence, user=user).first()
    if existing is not None:
        return existing
    _fill_free_places(occurrence)  # people already waiting come first
    free = places_left(occurrence)
    status = GOING if free is None or free > 0 else WAITLISTED
    return Rsvp.objects.create(occurrence=occurrence, user=user, status=status)


@transaction.atomic
def rsvp_cancel(*, user: User, occurrence: Occurrence) -> Rsvp | None:
    """Withdraw `user`'s RSVP (nothing happens if they had none). If that frees a place at a
    meeting still to come, the first person waiting gets it; returns their RSVP, or None."""
    occurrence = _lock(occurrence)
    deleted, _by_model = Rsvp.objects.filter(occurrence=occurrence, user=user).delete()
    if not deleted or not _open_for_rsvp(occurrence):
        return None
    promoted = _fill_free_places(occurrence)
    return promoted[0] if promoted else None


@transaction.atomic
def waitlist_fill(*, occurrence: Occurrence) -> list[Rsvp]:
    """Give free places to the people waiting, in order (after the capacity was raised).
    Returns the RSVPs that got a place."""
    occurrence = _lock(occurrence)
    if not _open_for_rsvp(occurrence):
        return []
    return _fill_free_places(occurrence)


def _fill_free_places(occurrence: Occurrence) -> list[Rsvp]:
    """Call with the occurrence row locked."""
    free = places_left(occurrence)
    waiting = (
        Rsvp.objects.filter(occurrence=occurrence, status=WAITLISTED)
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )
    promoted = list(waiting if free is None else waiting[:free])
    for rsvp in promoted:
        rsvp.status = GOING
        rsvp.save(update_fields=["status"])
        _tell_place_freed(rsvp, occurrence)
    return promoted


def _when(occurrence: Occurrence, user: User) -> str:
    when = describe.occurrence_when(occurrence, describe.viewer_zone(user))
    text = f"{when.text} ({when.zone})"
    return f"{text}; {when.meeting_text}" if when.meeting_text else text


def _tell_place_freed(rsvp: Rsvp, occurrence: Occurrence) -> None:
    user = rsvp.user
    title = _("A place opened up for you")
    body = _(
        "You were on the waitlist for %(meeting)s on %(when)s. A place is now yours; "
        "if you can no longer come, please cancel so the next person can have it."
    ) % {"meeting": occurrence.series.title, "when": _when(occurrence, user)}
    link = occurrence_path(occurrence)
    notice_send(user=user, kind=Notice.Kind.MEETING, title=title, body=body, link=link)
    event: dict[str, Any] = {
        "type": "notify",
        "kind": "meeting.place",
        "payload": {"occurrence": occurrence.pk, "title": title, "url": link},
    }
    user_id = user.pk
    transaction.on_commit(lambda: fanout.send(user_group(user_id), event))


def places_left(occurrence: Occurrence) -> int | None:
    """Free places; None when the meeting has no limit."""
    capacity = occurrence.series.capacity
    if capacity is None:
        return None
    return max(0, capacity - _going_count(occurrence))


def waitlist_position(rsvp: Rsvp) -> int | None:
    """1 for the first person waiting; None for someone who has a place."""
    if rsvp.status != WAITLISTED:
        return None
    ahead = Rsvp.objects.filter(occurrence_id=rsvp.occurrence_id, status=WAITLISTED).filter(
        Q(created_at__lt=rsvp.created_at) | Q(created_at=rsvp.created_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1
