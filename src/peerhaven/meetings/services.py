"""Every write to meeting schedules: series, their occurrences and exceptions.

RSVPs are in rsvp.py, reminders and listing checks in tasks.py, check-in in attendance.py,
calendar feeds in feeds.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import LANGUAGE_CODES, User
from peerhaven.groups.exceptions import MalformedCoordinates
from peerhaven.groups.models import Group
from peerhaven.groups.places import check_coordinates
from peerhaven.meetings import policies, recurrence
from peerhaven.meetings.exceptions import InvalidSchedule, OccurrenceCancelled, OccurrencePast
from peerhaven.meetings.models import Accessibility, MeetingSeries, Occurrence

MAX_DURATION_MINUTES = 720
MAX_CAPACITY = 10_000
# A series may start at most this far back (editing an old one) or ahead.
MAX_START_DISTANCE = timedelta(days=5 * 366)


@dataclass
class SeriesInput:
    """What a facilitator sets for a series; validated by `_clean`."""

    title: str
    time_zone: str
    start_date: date
    start_time: time
    duration_minutes: int
    format: str
    language: str
    rule: str = ""
    end_date: date | None = None
    accessibility: list[str] = field(default_factory=list)
    what_to_expect: str = ""
    capacity: int | None = None
    facilitator: User | None = None
    area: str = ""
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    join_link: str = ""


def _invalid(message: str, field_name: str) -> InvalidSchedule:
    return InvalidSchedule(message, extra={"field": field_name})


def _clean(data: SeriesInput, group: Group) -> SeriesInput:
    """Check everything before anything is stored; the first problem is raised."""
    data.title = data.title.strip()
    if not data.title or len(data.title) > 120:
        raise _invalid(_("Give the meeting a title of at most 120 characters."), "title")
    try:
        recurrence.time_zone(data.time_zone)
    except recurrence.RecurrenceError as exc:
        raise _invalid(
            _("Unknown time zone “%(zone)s”. Use a name like Europe/London.")
            % {"zone": data.time_zone},
            "time_zone",
        ) from exc
    today = timezone.localdate()
    if abs(data.start_date - today) > MAX_START_DISTANCE:
        raise _invalid(_("The first meeting must be within five years of today."), "start_date")
    if not 5 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        raise _invalid(_("A meeting lasts between 5 minutes and 12 hours."), "duration_minutes")
    try:
        recurrence.parse_rule(data.rule, start=datetime.combine(data.start_date, data.start_time))
    except recurrence.RecurrenceError as exc:
        raise _invalid(_("The repeat rule cannot be used: %(why)s") % {"why": exc}, "rule") from exc
    if data.end_date is not None and data.end_date < data.start_date:
        raise _invalid(_("The last date must be on or after the first."), "end_date")
    if data.format not in MeetingSeries.Format.values:
        raise _invalid(_("Choose in person, online or hybrid."), "format")
    if data.language not in LANGUAGE_CODES:
        raise _invalid(_("Choose a language from the list."), "language")
    unknown = sorted(set(data.accessibility) - set(Accessibility.values))
    if unknown:
        raise _invalid(
            _("Unknown accessibility options: %(names)s.") % {"names": ", ".join(unknown)},
            "accessibility",
        )
    data.accessibility = [a for a in Accessibility.values if a in data.accessibility]
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        raise _invalid(_("Capacity is at least 1 (or leave it empty for no limit)."), "capacity")
    if len(data.what_to_expect) > 2000:
        raise _invalid(_("Keep “what to expect” under 2,000 characters."), "what_to_expect")
    in_person = data.format in (MeetingSeries.Format.IN_PERSON, MeetingSeries.Format.HYBRID)
    online = data.format in (MeetingSeries.Format.ONLINE, MeetingSeries.Format.HYBRID)
    if in_person and not data.address.strip():
        raise _invalid(
            _("An in-person meeting needs its address (members only see it)."), "address"
        )
    if online and not data.join_link.strip():
        raise _invalid(
            _("An online meeting needs its join link (members only see it)."), "join_link"
        )
    if data.join_link and not data.join_link.startswith("https://"):
        raise _invalid(_("The join link must start with https://."), "join_link")
    if len(data.address) > 300 or len(data.join_link) > 500 or len(data.area) > 120:
        raise _invalid(_("The address, link or area is too long."), "address")
    if (data.latitude is None) != (data.longitude is None):
        raise _invalid(_("Give both latitude and longitude, or neither."), "latitude")
    if data.latitude is not None:
        try:
            data.latitude, data.longitude = check_coordinates(data.latitude, data.longitude)
        except MalformedCoordinates as exc:
            raise _invalid(exc.message, "latitude") from None
    if data.facilitator is not None and not policies.can_manage_meetings(data.facilitator, group):
        raise _invalid(_("The facilitator must be one of the group's facilitators."), "facilitator")
    return data


@transaction.atomic
def series_create(*, actor: User, group: Group, data: SeriesInput) -> MeetingSeries:
    policies.check_manage_meetings(actor, group)
    data = _clean(data, group)
    series = MeetingSeries.objects.create(group=group, **vars(data))
    occurrences_refresh(series=series)
    return series


@transaction.atomic
def series_update(*, actor: User, series: MeetingSeries, data: SeriesInput) -> MeetingSeries:
    """Change a series. Future occurrences follow the new schedule; cancelled and moved ones
    stay as they were; a dropped date that people had said they would come to is cancelled
    (and kept), not deleted."""
    from peerhaven.meetings import rsvp  # rsvp builds on this module

    policies.check_manage_meetings(actor, series.group)
    data = _clean(data, series.group)
    more_places = series.capacity is not None and (
        data.capacity is None or data.capacity > series.capacity
    )
    for name, value in vars(data).items():
        setattr(series, name, value)
    series.confirmed_at = timezone.now()
    series.stale_reminded_at = None
    series.save()
    occurrences_refresh(series=series)
    if more_places:
        # People waiting take the new places at once, in the order they asked.
        ahead = series.occurrences.filter(
            starts_at__gt=timezone.now(), status=Occurrence.Status.SCHEDULED
        )
        for occurrence in ahead:
            rsvp.waitlist_fill(occurrence=occurrence)
    return series


def series_confirm(*, actor: User, series: MeetingSeries) -> MeetingSeries:
    """The facilitator says the listing is still right."""
    policies.check_manage_meetings(actor, series.group)
    series.confirmed_at = timezone.now()
    series.stale_reminded_at = None
    series.save(update_fields=["confirmed_at", "stale_reminded_at"])
    return series


@transaction.atomic
def series_end(*, actor: User, series: MeetingSeries) -> int:
    """Stop a series: its future occurrences are cancelled. Returns how many."""
    policies.check_manage_meetings(actor, series.group)
    now = timezone.now()
    series.ended_at = now
    series.save(update_fields=["ended_at"])
    return series.occurrences.filter(starts_at__gt=now, status=Occurrence.Status.SCHEDULED).update(
        status=Occurrence.Status.CANCELLED, note=_("This meeting series has ended.")
    )


def is_stale(series: MeetingSeries, *, now: datetime | None = None) -> bool:
    limit = timedelta(days=settings.PEERHAVEN_MEETING_CONFIRM_DAYS)
    return (now or timezone.now()) - series.confirmed_at > limit


# --- Occurrences -------------------------------------------------------------------------


def occurrences_refresh(*, series: MeetingSeries, now: datetime | None = None) -> int:
    """Work out the series' occurrences from now to the horizon and store what changed.
    Returns how many were added. Call inside `transaction.atomic`."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.PEERHAVEN_MEETING_HORIZON_DAYS)
    wanted: dict[date, recurrence.LocalOccurrence] = {}
    if series.ended_at is None:
        for item in recurrence.occurrences(
            rule_text=series.rule,
            zone_name=series.time_zone,
            start_date=series.start_date,
            start_time=series.start_time,
            duration=timedelta(minutes=series.duration_minutes),
            end_date=series.end_date,
            after=now,
            before=horizon,
        ):
            wanted[item.original_date] = item
    # Only the window worked out here: a meeting stored further ahead (the horizon was
    # shortened) is left until the window reaches it.
    existing = {
        o.original_date: o
        for o in series.occurrences.filter(starts_at__gt=now, starts_at__lt=horizon)
    }
    added = []
    for day, item in wanted.items():
        current = existing.get(day)
        if current is None:
            added.append(
                Occurrence(
                    series=series,
                    group_id=series.group_id,
                    original_date=day,
                    starts_at=item.starts_at,
                    ends_at=item.ends_at,
                )
            )
        elif (
            not current.moved
            and not current.is_cancelled
            and (current.starts_at != item.starts_at or current.ends_at != item.ends_at)
        ):
            current.starts_at, current.ends_at = item.starts_at, item.ends_at
            current.reminded_at = None
            current.save(update_fields=["starts_at", "ends_at", "reminded_at"])
    # A moved meeting is the facilitator's own exception: it stays whatever the rule says.
    dropped = [
        o for day, o in existing.items() if day not in wanted and not o.is_cancelled and not o.moved
    ]
    for occurrence in dropped:
        if occurrence.rsvps.exists():
            occurrence.status = Occurrence.Status.CANCELLED
            occurrence.note = _("The schedule changed; this meeting no longer takes place.")
            occurrence.save(update_fields=["status", "note"])
        else:
            occurrence.delete()
    Occurrence.objects.bulk_create(added, ignore_conflicts=True)
    return len(added)


def occurrences_refresh_all(*, now: datetime | None = None) -> int:
    """Extend every running series to the horizon (the daily task)."""
    added = 0
    for series in MeetingSeries.objects.filter(ended_at__isnull=True).iterator():
        with transaction.atomic():
            added += occurrences_refresh(series=series, now=now)
    return added


def _check_future(occurrence: Occurrence) -> None:
    if occurrence.starts_at <= timezone.now():
        raise OccurrencePast(_("This meeting has already started or taken place."))


@transaction.atomic
def occurrence_cancel(*, actor: User, occurrence: Occurrence, note: str = "") -> Occurrence:
    """Cancel one meeting of a series (an exception to its rule)."""
    policies.check_manage_meetings(actor, occurrence.group)
    _check_future(occurrence)
    if occurrence.is_cancelled:
        raise OccurrenceCancelled(_("This meeting is already cancelled."))
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.note = note.strip()[:300]
    occurrence.save(update_fields=["status", "note"])
    return occurrence


@transaction.atomic
def occurrence_move(
    *, actor: User, occurrence: Occurrence, local_start: datetime, note: str = ""
) -> Occurrence:
    """Move one meeting to another local date and time (in the series' time zone)."""
    policies.check_manage_meetings(actor, occurrence.group)
    _check_future(occurrence)
    if occurrence.is_cancelled:
        raise OccurrenceCancelled(_("A cancelled meeting cannot be moved."))
    series = occurrence.series
    zone = recurrence.time_zone(series.time_zone)
    starts_at = recurrence.to_utc(local_start.replace(tzinfo=None), zone)
    if starts_at <= timezone.now():
        raise _invalid(_("Move it to a time in the future."), "starts_at")
    occurrence.starts_at = starts_at
    occurrence.ends_at = starts_at + timedelta(minutes=series.duration_minutes)
    occurrence.moved = True
    occurrence.reminded_at = None
    occurrence.note = note.strip()[:300]
    occurrence.save(update_fields=["starts_at", "ends_at", "moved", "reminded_at", "note"])
    return occurrence


def local_start(occurrence: Occurrence, zone_name: str) -> datetime:
    """When the occurrence starts on a clock in `zone_name`."""
    return occurrence.starts_at.astimezone(recurrence.time_zone(zone_name))


def series_fields(series: MeetingSeries) -> dict[str, Any]:
    return {name: getattr(series, name) for name in SeriesInput.__dataclass_fields__}
