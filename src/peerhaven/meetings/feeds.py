"""Calendar files (RFC 5545): a member's private feed of their groups' meetings, and one
meeting as an .ics download.

A series is one VEVENT in its own time zone (DTSTART at the local start, the RRULE as the
facilitator set it), so calendar apps keep a weekly 19:00 meeting at 19:00 local on both
sides of a daylight-saving change. Cancelled meetings are EXDATEs; a moved meeting is an
overriding VEVENT with RECURRENCE-ID. The street address and the join link are written only
for members who agreed to the current guidelines (policies.can_see_private_details); the
others get the area and a line saying when the address or link is shown.

A feed is reached by a secret URL. Only the secret's SHA-256 is stored, so a copy of the
database cannot be used to read anyone's calendar; revoking a token ends it at once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.conf import global_settings, settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vRecur

from peerhaven.accounts.models import User
from peerhaven.core.exceptions import Conflict
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.meetings import policies, recurrence
from peerhaven.meetings.exceptions import FeedNotFound
from peerhaven.meetings.models import Accessibility, FeedToken, MeetingSeries, Occurrence

FEED_TOKEN_LIMIT = 5
PRODID = "-//Peerhaven//Meetings//EN"
# Cancelled and moved meetings older than this are left out of feeds so a feed stays small
# however old its series are (a calendar's history may then show them as they were planned).
FEED_HISTORY = timedelta(days=366)
# VTIMEZONE components list the zone's changes this many years past today.
ZONE_YEARS_AHEAD = 10
SECRET_MAX_LENGTH = 200


# --- Tokens ------------------------------------------------------------------------------


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def feed_token_create(*, user: User) -> tuple[FeedToken, str]:
    """A new secret feed address for `user`. The secret is returned once and never stored."""
    # Lock the person so two requests at once cannot pass the limit together.
    User.objects.select_for_update().filter(pk=user.pk).first()
    active = FeedToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= FEED_TOKEN_LIMIT:
        raise Conflict(
            _(
                "You can have at most %(limit)d calendar feed links. Revoke one you no "
                "longer use, then make a new one."
            )
            % {"limit": FEED_TOKEN_LIMIT},
            code="feed_token_limit",
        )
    secret = secrets.token_urlsafe(32)
    token = FeedToken.objects.create(user=user, token_hash=token_hash(secret))
    return token, secret


def feed_token_revoke(*, user: User, token_id: int) -> None:
    """End one of `user`'s feed links; calendar apps using it get 404 from now on."""
    token = FeedToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise FeedNotFound(_("There is no such calendar feed link."))
    FeedToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_calendar(secret: str) -> bytes:
    """The calendar behind a secret feed address, or FeedNotFound (revoked, unknown, or the
    account was closed)."""
    if not secret or len(secret) > SECRET_MAX_LENGTH:
        raise FeedNotFound(_("This calendar feed does not exist or was revoked."))
    token = (
        FeedToken.objects.select_related("user")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        raise FeedNotFound(_("This calendar feed does not exist or was revoked."))
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return member_calendar(token.user)


# --- Calendars ---------------------------------------------------------------------------


def member_calendar(user: User) -> bytes:
    """Every meeting series of every group `user` belongs to, in one calendar."""
    groups = {g.pk: g for g in Group.objects.filter(memberships__user=user)}
    all_series = list(MeetingSeries.objects.filter(group_id__in=groups).order_by("group_id", "pk"))
    for series in all_series:
        series.group = groups[series.group_id]
    allowed = policies.groups_with_private_details(user, groups.values())
    exceptions: dict[int, list[Occurrence]] = defaultdict(list)
    since = timezone.localdate() - FEED_HISTORY
    for occurrence in Occurrence.objects.filter(
        Q(status=Occurrence.Status.CANCELLED) | Q(moved=True),
        series_id__in=[s.pk for s in all_series],
        original_date__gte=since,
    ).order_by("original_date"):
        exceptions[occurrence.series_id].append(occurrence)
    calendar = _calendar(_("Peerhaven meetings"))
    stamp = timezone.now()
    for series in all_series:
        for event in _series_events(
            series,
            exceptions=exceptions[series.pk],
            private=series.group_id in allowed,
            stamp=stamp,
        ):
            calendar.add_component(event)
    first_years: dict[str, int] = {}
    for series in all_series:
        year = first_years.get(series.time_zone, series.start_date.year)
        first_years[series.time_zone] = min(year, series.start_date.year)
    _add_time_zones(calendar, first_years)
    return bytes(calendar.to_ical())


def occurrence_ics(*, user: Any, occurrence: Occurrence) -> bytes:
    """One meeting as a calendar file, for anyone who may see the group's meetings."""
    series = occurrence.series
    group = series.group
    policies.check_view_meetings(user, group)
    private = policies.can_see_private_details(user, group)
    member = group_policies.can_view_content(user, group)
    zone = recurrence.time_zone(series.time_zone)
    event = Event.new(
        uid=f"occurrence-{occurrence.pk}@peerhaven",
        stamp=timezone.now(),
        start=occurrence.starts_at.astimezone(zone),
        end=occurrence.ends_at.astimezone(zone),
        summary=_summary(series),
    )
    details = _details(series, private=private, member=member)
    _describe(event, details, note=occurrence.note)
    if occurrence.is_cancelled:
        event.add("status", "CANCELLED")
    calendar = _calendar(series.title)
    calendar.add_component(event)
    _add_time_zones(calendar, {series.time_zone: event.start.year})
    return bytes(calendar.to_ical())


def _calendar(name: str) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, name=name, refresh_interval=timedelta(hours=1))
    calendar.add("X-PUBLISHED-TTL", "PT1H")  # REFRESH-INTERVAL for Outlook
    return calendar


def _series_events(
    series: MeetingSeries,
    *,
    exceptions: list[Occurrence],
    private: bool,
    stamp: datetime,
) -> list[Event]:
    zone = recurrence.time_zone(series.time_zone)
    duration = timedelta(minutes=series.duration_minutes)
    naive_start = datetime.combine(series.start_date, series.start_time)
    rule = recurrence.parse_rule(series.rule, start=naive_start)
    if rule is not None:
        # RFC 5545 counts DTSTART as the first meeting: start at the rule's first date.
        first = rule.after(naive_start, inc=True)
        naive_start = first if first is not None else naive_start
    start = naive_start.replace(tzinfo=zone)
    until = _until(series, zone)
    if until is not None and until < recurrence.to_utc(naive_start, zone):
        return []  # stopped before it ever met
    uid = f"series-{series.pk}@peerhaven"
    main = Event.new(
        uid=uid,
        stamp=stamp,
        start=start,
        end=_local_end(start, duration, zone),
        summary=_summary(series),
    )
    details = _details(series, private=private, member=True)
    _describe(main, details)
    events = [main]
    if rule is None:
        # A one-off meeting: its own row says whether it moved or was cancelled.
        for occurrence in exceptions:
            if occurrence.is_cancelled:
                main.add("status", "CANCELLED")
            elif occurrence.moved:
                main.start = occurrence.starts_at.astimezone(zone)
                main.end = occurrence.ends_at.astimezone(zone)
        return events
    recur = vRecur.from_ical(_rule_text(series.rule))
    if until is not None:
        recur["UNTIL"] = [until]
    main.add("rrule", recur)
    cancelled = [
        datetime.combine(o.original_date, series.start_time, tzinfo=zone)
        for o in exceptions
        if o.is_cancelled
    ]
    if cancelled:
        main.add("exdate", cancelled)
    for occurrence in exceptions:
        if occurrence.is_cancelled or not occurrence.moved:
            continue
        moved = Event.new(
            uid=uid,
            stamp=stamp,
            recurrence_id=datetime.combine(
                occurrence.original_date, series.start_time, tzinfo=zone
            ),
            start=occurrence.starts_at.astimezone(zone),
            end=occurrence.ends_at.astimezone(zone),
            summary=_summary(series),
        )
        _describe(moved, details, note=occurrence.note)
        events.append(moved)
    return events


def _rule_text(rule: str) -> str:
    text = rule.strip().upper()
    return text[6:] if text.startswith("RRULE:") else text


def _until(series: MeetingSeries, zone: Any) -> datetime | None:
    """The last moment the series may start, in UTC as RFC 5545 wants with a TZID start."""
    ends: list[datetime] = []
    if series.end_date is not None:
        ends.append(recurrence.to_utc(datetime.combine(series.end_date, time(23, 59, 59)), zone))
    if series.ended_at is not None:
        ends.append(series.ended_at.astimezone(UTC).replace(microsecond=0))
    return min(ends) if ends else None


def _local_end(start: datetime, duration: timedelta, zone: Any) -> datetime:
    # Add the duration in UTC: a meeting over a clock change still lasts as long.
    return (start.astimezone(UTC) + duration).astimezone(zone)


def _summary(series: MeetingSeries) -> str:
    return f"{series.title} · {series.group.name}"


def hidden_detail_line(what: str, *, member: bool) -> str:
    """What people who may not see the address ("address") or link ("link") read instead."""
    if member and what == "address":
        return _("The address is shown once you agree to the group's current guidelines.")
    if member:
        return _("The join link is shown once you agree to the group's current guidelines.")
    if what == "address":
        return _("The address is shown after joining the group.")
    return _("The join link is shown after joining the group.")


@dataclass(frozen=True)
class _Details:
    description: str
    location: str
    url: str


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The fixed words of event descriptions in one language, translated once per process."""
    words = {
        "format": _("Format: %(format)s"),
        "language": _("Language: %(language)s"),
        "access": _("Accessibility: %(list)s"),
        "access_none": _("Accessibility: not described yet; ask the facilitator."),
        "area": _("Area: %(area)s"),
        "address": _("Address: %(address)s"),
        "link": _("Join link: %(link)s"),
        "page": _("Group page: %(url)s"),
        "online": _("Online"),
    }
    for member in (True, False):
        for what in ("address", "link"):
            words[f"hidden_{what}_{member}"] = hidden_detail_line(what, member=member)
    for value, label in MeetingSeries.Format.choices:
        words[f"format_{value}"] = str(label)
    for value, label in Accessibility.choices:
        words[f"access_{value}"] = str(label)
    for code, name in global_settings.LANGUAGES:
        words[f"language_{code}"] = _(name)
    return words


def _details(series: MeetingSeries, *, private: bool, member: bool) -> _Details:
    """What a series' events say, with the address and link only when `private`."""
    words = _words(get_language())
    in_person = series.format in (MeetingSeries.Format.IN_PERSON, MeetingSeries.Format.HYBRID)
    online = series.format in (MeetingSeries.Format.ONLINE, MeetingSeries.Format.HYBRID)
    lines: list[str] = []
    if series.what_to_expect:
        lines += [series.what_to_expect, ""]
    lines.append(words["format"] % {"format": words.get(f"format_{series.format}", "")})
    language = words.get(f"language_{series.language}", series.language)
    lines.append(words["language"] % {"language": language})
    access = [words[f"access_{a}"] for a in series.accessibility if f"access_{a}" in words]
    lines.append(words["access"] % {"list": ", ".join(access)} if access else words["access_none"])
    if series.area:
        lines.append(words["area"] % {"area": series.area})
    if in_person and series.address:
        lines.append(
            words["address"] % {"address": series.address}
            if private
            else words[f"hidden_address_{member}"]
        )
    if online and series.join_link:
        lines.append(
            words["link"] % {"link": series.join_link}
            if private
            else words[f"hidden_link_{member}"]
        )
    page = _group_page(series.group)
    if page:
        lines.append(words["page"] % {"url": page})
    if private and in_person and series.address:
        location = series.address
    elif private and online and series.join_link:
        location = series.join_link
    elif series.area:
        location = series.area
    else:
        location = words["online"] if online else ""
    url = series.join_link if private and online else ""
    return _Details("\n".join(lines), location, url)


def _describe(event: Event, details: _Details, *, note: str = "") -> None:
    event.add("description", f"{note}\n\n{details.description}" if note else details.description)
    if details.location:
        event.add("location", details.location)
    if details.url:
        event.add("url", details.url)


def _group_page(group: Group) -> str:
    try:
        path = reverse("group-detail", kwargs={"group_slug": group.slug})
    except NoReverseMatch:  # pragma: no cover - the groups app is always installed
        return ""
    return str(settings.PEERHAVEN_SITE_URL).rstrip("/") + path


def _add_time_zones(calendar: Calendar, first_years: dict[str, int]) -> None:
    """A VTIMEZONE for every zone used (name: the earliest year an event starts in it),
    first among the components as RFC 5545 asks."""
    last_year = timezone.now().year + ZONE_YEARS_AHEAD
    position = 0
    for name in sorted(first_years):
        try:
            component = _vtimezone(name, min(first_years[name], last_year), last_year)
        except ValueError:  # pragma: no cover - every stored zone is a known IANA name
            continue  # calendar apps know IANA names by themselves
        calendar.subcomponents.insert(position, component)
        position += 1


@lru_cache(maxsize=512)
def _vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    # Working out a zone's changes takes milliseconds; the result never changes.
    return Timezone.from_tzid(
        name, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
