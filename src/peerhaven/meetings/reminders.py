"""Reminders before each meeting, and reminders to confirm listings nobody has checked.

Each occurrence (and each stale series) is claimed with one conditional UPDATE before anything
is sent: only the worker whose UPDATE changed the row sends, so two workers running at once
never remind anyone twice. A claim is kept even if sending then fails (logged): a missed
reminder is better than a repeated one.

The e-mail carries the street address and join link only to people allowed to see them when
it is sent (policies.can_see_private_details); the in-app notice never does, since it stays
readable after the person's permission may have changed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Membership
from peerhaven.meetings import describe, feeds, policies, services
from peerhaven.meetings.models import MeetingSeries, Occurrence, Rsvp
from peerhaven.moderation.models import Notice
from peerhaven.moderation.services import notice_send

logger = logging.getLogger(__name__)


def _site_link(path: str) -> str:
    return str(settings.PEERHAVEN_SITE_URL).rstrip("/") + path


# --- Before each meeting -----------------------------------------------------------------


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Remind everyone going to a meeting that starts within the reminder time
    (PEERHAVEN_MEETING_REMINDER_MINUTES). Returns how many meetings this run reminded."""
    now = now or timezone.now()
    until = now + timedelta(minutes=settings.PEERHAVEN_MEETING_REMINDER_MINUTES)
    due = list(
        Occurrence.objects.filter(
            status=Occurrence.Status.SCHEDULED,
            reminded_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=until,
        ).values_list("pk", flat=True)
    )
    reminded = 0
    for pk in due:
        claimed = Occurrence.objects.filter(
            pk=pk, reminded_at__isnull=True, status=Occurrence.Status.SCHEDULED
        ).update(reminded_at=now)
        if claimed != 1:
            continue  # another worker has it, or it was cancelled meanwhile
        reminded += 1
        occurrence = Occurrence.objects.select_related("series", "series__group").get(pk=pk)
        going = Rsvp.objects.filter(
            occurrence=occurrence, status=Rsvp.Status.GOING, user__is_active=True
        ).select_related("user", "user__profile")
        for rsvp in going:
            try:
                _remind_person(rsvp.user, occurrence)
            except Exception:
                logger.exception("Could not remind user %s of occurrence %s", rsvp.user_id, pk)
    return reminded


def _remind_person(user: User, occurrence: Occurrence) -> None:
    series = occurrence.series
    group = series.group
    when = describe.occurrence_when(occurrence, describe.viewer_zone(user))
    when_text = f"{when.text} ({when.zone})"
    when_short = f"{when_text}; {when.meeting_text}" if when.meeting_text else when_text
    if when.meeting_text:
        when_text += "\n" + _("That is %(there)s.") % {"there": when.meeting_text}
    link = reverse("meetings-occurrence", kwargs={"occurrence_id": occurrence.pk})
    title = _("Reminder: %(title)s, %(when)s") % {"title": series.title, "when": when.text}
    notice_send(
        user=user,
        kind=Notice.Kind.MEETING,
        title=title[:200],
        body=_(
            "You said you are going to %(title)s (%(group)s): %(when)s. The meeting page has "
            "the details. If you can no longer come, please give up your place there."
        )
        % {"title": series.title, "group": group.name, "when": when_short},
        link=link,
    )
    if not user.email:
        return
    private = policies.can_see_private_details(user, group)
    member = group_policies.can_view_content(user, group)
    lines = [
        _("Hello %(name)s,") % {"name": user.display_name},
        "",
        _("You said you are going to %(title)s (%(group)s).")
        % {"title": series.title, "group": group.name},
        "",
        _("When: %(when)s") % {"when": when_text},
    ]
    if occurrence.moved:
        lines.append(_("This meeting was moved from its usual time."))
    if occurrence.note:
        lines.append(occurrence.note)
    lines.append(_("Format: %(format)s") % {"format": series.get_format_display()})
    in_person = series.format in (MeetingSeries.Format.IN_PERSON, MeetingSeries.Format.HYBRID)
    online = series.format in (MeetingSeries.Format.ONLINE, MeetingSeries.Format.HYBRID)
    if series.area:
        lines.append(_("Area: %(area)s") % {"area": series.area})
    if in_person and series.address:
        lines.append(
            _("Address: %(address)s") % {"address": series.address}
            if private
            else feeds.hidden_detail_line("address", member=member)
        )
    if online and series.join_link:
        lines.append(
            _("Join link: %(link)s") % {"link": series.join_link}
            if private
            else feeds.hidden_detail_line("link", member=member)
        )
    lines += [
        "",
        _("Meeting page: %(url)s") % {"url": _site_link(link)},
        "",
        _(
            "If you can no longer come, please give up your place on the meeting page so "
            "someone on the waitlist can have it."
        ),
    ]
    send_mail(
        subject=title,
        message="\n".join(lines),
        from_email=None,
        recipient_list=[user.email],
    )


# --- Listings nobody has confirmed -------------------------------------------------------


def stale_listings_remind(*, now: datetime | None = None) -> int:
    """Ask the facilitators of each listing not confirmed for PEERHAVEN_MEETING_CONFIRM_DAYS
    to check it, once per lapse (confirming or editing the series starts a new one).
    Returns how many series were claimed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PEERHAVEN_MEETING_CONFIRM_DAYS)
    candidates = list(
        MeetingSeries.objects.filter(
            ended_at__isnull=True, stale_reminded_at__isnull=True, confirmed_at__lt=cutoff
        )
        .exclude(end_date__lt=(now - timedelta(days=1)).date())
        .values_list("pk", flat=True)
    )
    reminded = 0
    for pk in candidates:
        claimed = MeetingSeries.objects.filter(
            pk=pk, stale_reminded_at__isnull=True, confirmed_at__lt=cutoff
        ).update(stale_reminded_at=now)
        if claimed != 1:
            continue
        series = MeetingSeries.objects.select_related("group", "facilitator").get(pk=pk)
        if not services.is_stale(series, now=now):  # pragma: no cover - the filter says so
            continue
        reminded += 1
        for person in _listing_keepers(series):
            try:
                _ask_to_confirm(person, series)
            except Exception:
                logger.exception("Could not ask user %s to confirm series %s", person.pk, pk)
    return reminded


def _listing_keepers(series: MeetingSeries) -> list[User]:
    """The series' facilitator while they still facilitate the group; else its facilitators."""
    named = series.facilitator
    if named is not None and named.is_active and policies.can_manage_meetings(named, series.group):
        return [named]
    return list(
        User.objects.filter(
            memberships__group_id=series.group_id,
            memberships__role=Membership.Role.FACILITATOR,
            is_active=True,
        ).order_by("pk")
    )


def _ask_to_confirm(user: User, series: MeetingSeries) -> None:
    link = reverse("meetings-series-confirm", kwargs={"series_id": series.pk})
    title = _("Is “%(title)s” still right?") % {"title": series.title}
    days = settings.PEERHAVEN_MEETING_CONFIRM_DAYS
    body = _(
        "Nobody has confirmed the listing of %(title)s (%(group)s) for %(days)d days, so "
        "people looking for a meeting see it marked as possibly out of date. Please check the "
        "time, place and details, then confirm it or change what is wrong."
    ) % {"title": series.title, "group": series.group.name, "days": days}
    notice_send(user=user, kind=Notice.Kind.MEETING, title=title[:200], body=body, link=link)
    if not user.email:
        return
    message = "\n".join(
        [
            _("Hello %(name)s,") % {"name": user.display_name},
            "",
            body,
            "",
            _("Confirm or edit the listing: %(url)s") % {"url": _site_link(link)},
            "",
            _("When it ends for good, end the series there so nobody turns up to an empty room."),
        ]
    )
    send_mail(subject=title, message=message, from_email=None, recipient_list=[user.email])
