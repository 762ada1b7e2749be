"""Reads of meeting series, occurrences, RSVPs and calendar feeds, already filtered by what
the person may see (policies.py). A meeting of a group someone may not see answers 404
(MeetingNotFound), exactly like a missing one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.groups.models import Group, Membership
from peerhaven.meetings import policies
from peerhaven.meetings.exceptions import FeedNotFound, MeetingNotFound
from peerhaven.meetings.models import Attendance, FeedToken, MeetingSeries, Occurrence, Rsvp

UPCOMING_LIMIT = 5


def meeting_not_found() -> MeetingNotFound:
    # The same words whether the meeting is missing or its group hidden.
    return MeetingNotFound(_("There is no such meeting, or it is not visible to you."))


def _running(now: datetime) -> Q:
    """Series not stopped, and not past their last date (a day's slack for time zones)."""
    last_day = (now - timedelta(days=1)).date()
    return Q(ended_at__isnull=True) & (Q(end_date__isnull=True) | Q(end_date__gte=last_day))


def series_for_group(*, user: Any, group: Group) -> QuerySet[MeetingSeries]:
    """The group's running series, by local start time."""
    policies.check_view_meetings(user, group)
    return (
        MeetingSeries.objects.filter(_running(timezone.now()), group=group)
        .select_related("facilitator", "group")
        .order_by("start_time", "pk")
    )


def series_get(*, user: Any, series_id: int) -> MeetingSeries:
    series = (
        MeetingSeries.objects.select_related("group", "group__rules", "facilitator")
        .filter(pk=series_id)
        .first()
    )
    if series is None or not policies.can_view_meetings(user, series.group):
        raise meeting_not_found()
    return series


def _with_going(occurrences: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """Each occurrence with `going_count`, the places taken, counted in the same query."""
    return occurrences.annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.GOING))
    )


def occurrence_list_for_group(
    *, user: Any, group: Group, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[Occurrence]:
    """Occurrences of the group's running series that have not ended by `start` (default:
    now) and start before `end`, cancelled ones included, in time order."""
    policies.check_view_meetings(user, group)
    start = start or timezone.now()
    occurrences = Occurrence.objects.filter(
        group=group, series__ended_at__isnull=True, ends_at__gt=start
    )
    if end is not None:
        occurrences = occurrences.filter(starts_at__lt=end)
    return _with_going(
        occurrences.select_related("series", "series__facilitator", "group").order_by(
            "starts_at", "pk"
        )
    )


def upcoming_occurrences(
    *, user: Any, group: Group, limit: int = UPCOMING_LIMIT
) -> list[Occurrence]:
    """The next `limit` occurrences of the group (one still under way included)."""
    return list(occurrence_list_for_group(user=user, group=group)[:limit])


def occurrence_get(*, user: Any, occurrence_id: int) -> Occurrence:
    """The occurrence, if its group is visible to this person; MeetingNotFound otherwise."""
    occurrence = (
        _with_going(Occurrence.objects.filter(pk=occurrence_id))
        .select_related("series", "series__facilitator", "group", "group__rules")
        .first()
    )
    if occurrence is None or not policies.can_view_meetings(user, occurrence.group):
        raise meeting_not_found()
    return occurrence


def places_left(occurrence: Occurrence) -> int | None:
    """Free places of an occurrence from `occurrence_list_for_group` or `occurrence_get`
    (with going_count); None when there is no limit."""
    capacity = occurrence.series.capacity
    if capacity is None:
        return None
    going = getattr(occurrence, "going_count", None)
    if going is None:
        going = occurrence.rsvps.filter(status=Rsvp.Status.GOING).count()
    return max(0, capacity - going)


def rsvps_of(*, user: Any, occurrences: list[Occurrence]) -> dict[int, Rsvp]:
    """The person's RSVPs to these occurrences, by occurrence id."""
    if not getattr(user, "is_authenticated", False) or not occurrences:
        return {}
    rows = Rsvp.objects.filter(user=user, occurrence__in=[o.pk for o in occurrences])
    return {r.occurrence_id: r for r in rows}


def rsvp_of(*, user: Any, occurrence: Occurrence) -> Rsvp | None:
    return rsvps_of(user=user, occurrences=[occurrence]).get(occurrence.pk)


def check_in_list(*, occurrence: Occurrence) -> list[dict[str, Any]]:
    """The group's members for the facilitator's check-in: who said they would come and
    who is already marked as there. Those going first, then by display name."""
    members = list(
        Membership.objects.filter(group_id=occurrence.group_id)
        .select_related("user")
        .order_by("user__display_name")
    )
    statuses = dict(Rsvp.objects.filter(occurrence=occurrence).values_list("user_id", "status"))
    came = set(Attendance.objects.filter(occurrence=occurrence).values_list("user_id", flat=True))
    rows = [
        {"user": m.user, "rsvp": statuses.get(m.user_id), "came": m.user_id in came}
        for m in members
    ]
    rows.sort(key=lambda row: row["rsvp"] != Rsvp.Status.GOING)
    return rows


def feed_not_found() -> FeedNotFound:
    return FeedNotFound(_("There is no such calendar link, or it was stopped."))


def feed_tokens_active(*, user: User) -> QuerySet[FeedToken]:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).order_by(
        "-created_at", "-pk"
    )
