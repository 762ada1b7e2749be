"""Meeting pages: a group's meetings, one meeting, RSVP, the facilitator's pages (series,
cancelling or moving one meeting, check-in) and the member's private calendar feed.

Every rule comes from meetings/policies.py through the selectors and services. The street
address and the join link reach the page only through `_where`, and only for members who
agreed to the guidelines in force; everyone else sees the area and how to get access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.groups import policies as group_policies
from peerhaven.groups import selectors as group_selectors
from peerhaven.groups.models import Group
from peerhaven.groups.views import GroupPageView, NoIndexMixin
from peerhaven.meetings import attendance, describe, feeds, policies, rsvp, selectors, services
from peerhaven.meetings.exceptions import InvalidSchedule
from peerhaven.meetings.forms import (
    CheckInForm,
    OccurrenceCancelForm,
    OccurrenceMoveForm,
    SeriesForm,
)
from peerhaven.meetings.models import Accessibility, MeetingSeries, Occurrence, Rsvp

CALENDAR_TYPE = "text/calendar; charset=utf-8"


# --- What a viewer may see ---------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """Where a series meets, for one viewer: the address and link only when allowed."""

    in_person: bool
    online: bool
    area: str
    address: str | None
    join_link: str | None


def _where(series: MeetingSeries, *, private: bool) -> Where:
    in_person = series.format != MeetingSeries.Format.ONLINE
    online = series.format != MeetingSeries.Format.IN_PERSON
    return Where(
        in_person=in_person,
        online=online,
        area=series.area if in_person else "",
        address=series.address if private and in_person else None,
        join_link=series.join_link if private and online else None,
    )


def _access(user: Any, group: Group) -> str:
    """What stands between this person and the address or link: 'sign_in', 'join',
    'invite' (joining only by invitation), 'agree' (agree to the current guidelines),
    or '' when nothing does."""
    if not getattr(user, "is_authenticated", False):
        return "sign_in"
    if policies.can_see_private_details(user, group):
        return ""
    if group_policies.membership_of(user, group) is not None:
        return "agree"
    if group.join_policy == Group.JoinPolicy.INVITE or group.listing == Group.Listing.UNLISTED:
        return "invite"
    return "join"


@dataclass(frozen=True)
class OccurrenceRow:
    occurrence: Occurrence
    when: describe.When
    places_left: int | None
    rsvp: Rsvp | None


@dataclass(frozen=True)
class SeriesCard:
    series: MeetingSeries
    schedule: str
    where: Where
    accessibility: list[str]
    language: str
    stale: bool
    occurrences: list[OccurrenceRow]


ACCESSIBILITY_LABELS = dict(Accessibility.choices)


def _accessibility(series: MeetingSeries) -> list[str]:
    return [str(ACCESSIBILITY_LABELS[a]) for a in series.accessibility if a in ACCESSIBILITY_LABELS]


def occurrence_rows(user: Any, occurrences: list[Occurrence]) -> list[OccurrenceRow]:
    zone = describe.viewer_zone(user)
    rsvps = selectors.rsvps_of(user=user, occurrences=occurrences)
    return [
        OccurrenceRow(
            occurrence=o,
            when=describe.occurrence_when(o, zone),
            places_left=selectors.places_left(o),
            rsvp=rsvps.get(o.pk),
        )
        for o in occurrences
    ]


def _calendar_response(body: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _sign_in_first(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path())


# --- A group's meetings ------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class GroupMeetingsView(NoIndexMixin):
    """Everyone who may see the group: its meetings, schedules in words and next dates."""

    template_name = "meetings/group_meetings/index.html"
    per_series = 4

    def get(self, request: HttpRequest, group_slug: str) -> HttpResponse:
        user = request.user
        group = group_selectors.group_get_visible(user=user, slug=group_slug)
        series_list = list(selectors.series_for_group(user=user, group=group))
        horizon = timezone.now() + timedelta(days=35)
        upcoming = list(selectors.occurrence_list_for_group(user=user, group=group, end=horizon))
        rows = occurrence_rows(user, upcoming)
        private = policies.can_see_private_details(user, group)
        cards = []
        for series in series_list:
            mine = [row for row in rows if row.occurrence.series_id == series.pk]
            cards.append(
                SeriesCard(
                    series=series,
                    schedule=describe.schedule_text(series),
                    where=_where(series, private=private),
                    accessibility=_accessibility(series),
                    language=account_selectors.language_label(series.language),
                    stale=services.is_stale(series),
                    occurrences=mine[: self.per_series],
                )
            )
        context = {
            "group": group,
            "cards": cards,
            "access": _access(user, group),
            "can_manage": policies.can_manage_meetings(user, group),
            "viewer_zone": describe.viewer_zone(user),
        }
        return render(request, self.template_name, context)


# --- One meeting -------------------------------------------------------------------------


def _occurrence_context(request: HttpRequest, occurrence: Occurrence) -> dict[str, Any]:
    user = request.user
    series, group = occurrence.series, occurrence.group
    own = selectors.rsvp_of(user=user, occurrence=occurrence)
    access = _access(user, group)
    now = timezone.now()
    return {
        "occurrence": occurrence,
        "series": series,
        "group": group,
        "when": describe.occurrence_when(occurrence, describe.viewer_zone(user)),
        "schedule": describe.schedule_text(series),
        "where": _where(series, private=access == ""),
        "access": access,
        "accessibility": _accessibility(series),
        "language": account_selectors.language_label(series.language),
        "stale": services.is_stale(series),
        "places_left": selectors.places_left(occurrence),
        "rsvp": own,
        "waitlist_position": rsvp.waitlist_position(own) if own is not None else None,
        "can_rsvp": access == "" and not occurrence.is_cancelled and occurrence.starts_at > now,
        "has_started": occurrence.starts_at <= now,
        "can_manage": policies.can_manage_meetings(user, group),
        "can_change": not occurrence.is_cancelled and occurrence.starts_at > now,
        "check_in_open": not occurrence.is_cancelled
        and occurrence.starts_at <= now + attendance.CHECK_IN_OPENS_BEFORE,
    }


@method_decorator(never_cache, name="dispatch")
class OccurrenceDetailView(NoIndexMixin):
    template_name = "meetings/occurrence_detail/index.html"

    def get(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        return render(request, self.template_name, _occurrence_context(request, occurrence))


@method_decorator(never_cache, name="dispatch")
class OccurrenceIcsView(View):
    """One meeting as an .ics file; the address and link only for those who may see them."""

    def get(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        body = feeds.occurrence_ics(user=request.user, occurrence=occurrence)
        return _calendar_response(body, filename=f"meeting-{occurrence.pk}.ics")


@method_decorator(never_cache, name="dispatch")
class OccurrenceRsvpView(NoIndexMixin):
    """Say you will come (a place, or the waitlist when full), or take it back."""

    partial_name = "meetings/occurrence_detail/_rsvp.html"

    def post(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        if (response := _sign_in_first(request)) is not None:
            return response
        user = signed_in_user(request)
        if request.POST.get("action") == "cancel":
            rsvp.rsvp_cancel(user=user, occurrence=occurrence)
            message = _("You no longer have a place. Thank you for letting others have it.")
        else:
            made = rsvp.rsvp_create(user=user, occurrence=occurrence)
            if made.status == Rsvp.Status.GOING:
                message = _("You have a place. See you there.")
            else:
                message = _("The meeting is full, so you are on the waitlist.")
        if getattr(request, "htmx", False):
            fresh = selectors.occurrence_get(user=user, occurrence_id=occurrence.pk)
            context = _occurrence_context(request, fresh) | {"rsvp_message": message}
            return render(request, self.partial_name, context)
        messages.success(request, message)
        return redirect("meetings-occurrence", occurrence_id=occurrence.pk)


# --- Facilitators ------------------------------------------------------------------------


def _managed_series(request: HttpRequest, series_id: int) -> MeetingSeries | HttpResponse:
    """The series for one of its group's facilitators: 404 if its group is not visible
    (before any sign-in redirect), then sign-in, then the facilitator check."""
    series = selectors.series_get(user=request.user, series_id=series_id)
    if (response := _sign_in_first(request)) is not None:
        return response
    policies.check_manage_meetings(request.user, series.group)
    return series


def _managed_occurrence(request: HttpRequest, occurrence_id: int) -> Occurrence | HttpResponse:
    occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
    if (response := _sign_in_first(request)) is not None:
        return response
    policies.check_manage_meetings(request.user, occurrence.group)
    return occurrence


def _facilitators(group: Group) -> list[User]:
    return [m.user for m in group_selectors.group_facilitators(group=group)]


def _render_series_form(
    request: HttpRequest,
    group: Group,
    form: SeriesForm,
    series: MeetingSeries | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"group": group, "form": form, "series": series}
    return render(request, "meetings/series_edit/index.html", context, status=status)


def _save_series(
    request: HttpRequest, group: Group, form: SeriesForm, series: MeetingSeries | None
) -> MeetingSeries | None:
    """The saved series, or None with the service's complaint put on the form's field."""
    actor = signed_in_user(request)
    try:
        if series is None:
            return services.series_create(actor=actor, group=group, data=form.series_input())
        return services.series_update(actor=actor, series=series, data=form.series_input())
    except InvalidSchedule as exc:
        form.add_service_error(str(exc.extra.get("field", "")), exc.message)
        return None


@method_decorator(never_cache, name="dispatch")
class SeriesCreateView(GroupPageView):
    checks = {"get": policies.check_manage_meetings, "post": policies.check_manage_meetings}

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        facilitators = _facilitators(group)
        initial = SeriesForm.initial_new(signed_in_user(request))
        if initial["facilitator_id"] not in {u.pk for u in facilitators}:
            initial["facilitator_id"] = None
        return _render_series_form(
            request, group, SeriesForm(initial=initial, facilitators=facilitators)
        )

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        form = SeriesForm(request.POST, facilitators=_facilitators(group))
        if form.is_valid() and _save_series(request, group, form, None) is not None:
            messages.success(request, _("The meeting is listed."))
            return redirect("meetings-group", group_slug=group.slug)
        return _render_series_form(request, group, form, status=400)


@method_decorator(never_cache, name="dispatch")
class SeriesEditView(NoIndexMixin):
    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = _managed_series(request, series_id)
        if isinstance(series, HttpResponse):
            return series
        form = SeriesForm(
            initial=SeriesForm.initial_for(series), facilitators=_facilitators(series.group)
        )
        return _render_series_form(request, series.group, form, series)

    def post(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = _managed_series(request, series_id)
        if isinstance(series, HttpResponse):
            return series
        form = SeriesForm(request.POST, facilitators=_facilitators(series.group))
        if form.is_valid() and _save_series(request, series.group, form, series) is not None:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings-group", group_slug=series.group.slug)
        return _render_series_form(request, series.group, form, series, status=400)


@method_decorator(never_cache, name="dispatch")
class SeriesConfirmView(NoIndexMixin):
    """The facilitator says the listing is still right, which clears 'possibly out of date'."""

    template_name = "meetings/series_confirm/index.html"

    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = _managed_series(request, series_id)
        if isinstance(series, HttpResponse):
            return series
        context = {
            "series": series,
            "group": series.group,
            "schedule": describe.schedule_text(series),
            "where": _where(series, private=True),
            "accessibility": _accessibility(series),
            "language": account_selectors.language_label(series.language),
            "stale": services.is_stale(series),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = _managed_series(request, series_id)
        if isinstance(series, HttpResponse):
            return series
        services.series_confirm(actor=signed_in_user(request), series=series)
        messages.success(request, _("Thank you. The listing is marked as up to date."))
        return redirect("meetings-group", group_slug=series.group.slug)


@method_decorator(never_cache, name="dispatch")
class SeriesEndView(NoIndexMixin):
    template_name = "meetings/series_end/index.html"

    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = _managed_series(request, series_id)
        if isinstance(series, HttpResponse):
            return series
        upcoming = series.occurrences.filter(
            starts_at__gt=timezone.now(), status=Occurrence.Status.SCHEDULED
        ).count()
        context = {"series": series, "group": series.group, "upcoming": upcoming}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = _managed_series(request, series_id)
        if isinstance(series, HttpResponse):
            return series
        cancelled = services.series_end(actor=signed_in_user(request), series=series)
        messages.success(
            request,
            ngettext(
                "The meeting series has ended; %(count)d coming meeting was cancelled.",
                "The meeting series has ended; %(count)d coming meetings were cancelled.",
                cancelled,
            )
            % {"count": cancelled},
        )
        return redirect("meetings-group", group_slug=series.group.slug)


@method_decorator(never_cache, name="dispatch")
class OccurrenceCancelView(NoIndexMixin):
    template_name = "meetings/occurrence_cancel/index.html"

    def get(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = _managed_occurrence(request, occurrence_id)
        if isinstance(occurrence, HttpResponse):
            return occurrence
        return self._render(request, occurrence, OccurrenceCancelForm())

    def post(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = _managed_occurrence(request, occurrence_id)
        if isinstance(occurrence, HttpResponse):
            return occurrence
        form = OccurrenceCancelForm(request.POST)
        if not form.is_valid():
            return self._render(request, occurrence, form, status=400)
        services.occurrence_cancel(
            actor=signed_in_user(request), occurrence=occurrence, note=form.cleaned_data["note"]
        )
        messages.success(
            request, _("The meeting is cancelled. It shows as cancelled with your note.")
        )
        return redirect("meetings-occurrence", occurrence_id=occurrence.pk)

    def _render(
        self,
        request: HttpRequest,
        occurrence: Occurrence,
        form: OccurrenceCancelForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "occurrence": occurrence,
            "group": occurrence.group,
            "when": describe.occurrence_when(occurrence, describe.viewer_zone(request.user)),
            "going": occurrence.rsvps.count(),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class OccurrenceMoveView(NoIndexMixin):
    template_name = "meetings/occurrence_move/index.html"

    def get(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = _managed_occurrence(request, occurrence_id)
        if isinstance(occurrence, HttpResponse):
            return occurrence
        there = services.local_start(occurrence, occurrence.series.time_zone)
        form = OccurrenceMoveForm(
            initial={"date": there.date(), "time": there.time(), "note": occurrence.note}
        )
        return self._render(request, occurrence, form)

    def post(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = _managed_occurrence(request, occurrence_id)
        if isinstance(occurrence, HttpResponse):
            return occurrence
        form = OccurrenceMoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.occurrence_move(
                    actor=signed_in_user(request),
                    occurrence=occurrence,
                    local_start=datetime.combine(data["date"], data["time"]),
                    note=data["note"],
                )
            except InvalidSchedule as exc:
                form.add_error("date", exc.message)
            else:
                messages.success(
                    request, _("The meeting is moved. It shows as moved with your note.")
                )
                return redirect("meetings-occurrence", occurrence_id=occurrence.pk)
        return self._render(request, occurrence, form, status=400)

    def _render(
        self,
        request: HttpRequest,
        occurrence: Occurrence,
        form: OccurrenceMoveForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "occurrence": occurrence,
            "group": occurrence.group,
            "when": describe.occurrence_when(occurrence, describe.viewer_zone(request.user)),
            "zone": occurrence.series.time_zone,
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class OccurrenceCheckInView(NoIndexMixin):
    """Facilitators tick who came. Names are kept for the retention period, then only the
    number."""

    template_name = "meetings/check_in/index.html"

    def get(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = _managed_occurrence(request, occurrence_id)
        if isinstance(occurrence, HttpResponse):
            return occurrence
        return self._render(request, occurrence)

    def post(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = _managed_occurrence(request, occurrence_id)
        if isinstance(occurrence, HttpResponse):
            return occurrence
        people = selectors.check_in_list(occurrence=occurrence)
        form = CheckInForm(request.POST, people=[row["user"] for row in people])
        if not form.is_valid():
            return self._render(request, occurrence, form=form, status=400)
        count = attendance.attendance_record(
            actor=signed_in_user(request), occurrence=occurrence, user_ids=form.cleaned_data["came"]
        )
        messages.success(
            request,
            ngettext("Saved: %(count)d person came.", "Saved: %(count)d people came.", count)
            % {"count": count},
        )
        return redirect("meetings-check-in", occurrence_id=occurrence.pk)

    def _render(
        self,
        request: HttpRequest,
        occurrence: Occurrence,
        form: CheckInForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        people = selectors.check_in_list(occurrence=occurrence)
        if form is None:
            form = CheckInForm(
                initial={"came": [row["user"].pk for row in people if row["came"]]},
                people=[row["user"] for row in people],
            )
        now = timezone.now()
        context = {
            "occurrence": occurrence,
            "group": occurrence.group,
            "when": describe.occurrence_when(occurrence, describe.viewer_zone(request.user)),
            "form": form,
            "people": people,
            "chosen": {int(v) for v in (form["came"].value() or [])},
            "open": not occurrence.is_cancelled
            and occurrence.starts_at <= now + attendance.CHECK_IN_OPENS_BEFORE,
            "purged": occurrence.attendance_count is not None,
            "retention_days": _retention_days(),
        }
        return render(request, self.template_name, context, status=status)


def _retention_days() -> int:
    return int(settings.PEERHAVEN_ATTENDANCE_RETENTION_DAYS)


# --- My calendar feed --------------------------------------------------------------------


def _feed_links(request: HttpRequest, secret: str) -> dict[str, str]:
    https = request.build_absolute_uri(reverse("meetings-feed-calendar", kwargs={"secret": secret}))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


# The link just made, kept in the session for the one page view that shows it.
NEW_FEED_SESSION_KEY = "meetings_new_feed"


@method_decorator(never_cache, name="dispatch")
class FeedListView(LoginRequiredMixin, NoIndexMixin):
    """Make a private calendar link (shown once), see the ones in use, stop one.

    Making one redirects here, so reloading the page shows the list and makes no second
    link. Only the secret's hash is stored: the full link is shown on that one view."""

    template_name = "meetings/feed_list/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        new = request.session.pop(NEW_FEED_SESSION_KEY, None)
        new_id, secret = new if isinstance(new, list) and len(new) == 2 else (None, None)
        context = {
            "tokens": selectors.feed_tokens_active(user=signed_in_user(request)),
            "new_links": _feed_links(request, secret) if isinstance(secret, str) else None,
            "new_id": new_id,
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        token, secret = feeds.feed_token_create(user=signed_in_user(request))
        request.session[NEW_FEED_SESSION_KEY] = [token.pk, secret]
        return redirect("meetings-feed")


@method_decorator(never_cache, name="dispatch")
class FeedRevokeView(LoginRequiredMixin, NoIndexMixin):
    template_name = "meetings/feed_revoke/index.html"

    def get(self, request: HttpRequest, token_id: int) -> HttpResponse:
        token = (
            selectors.feed_tokens_active(user=signed_in_user(request)).filter(pk=token_id).first()
        )
        if token is None:
            raise selectors.feed_not_found()
        return render(request, self.template_name, {"token": token})

    def post(self, request: HttpRequest, token_id: int) -> HttpResponse:
        feeds.feed_token_revoke(user=signed_in_user(request), token_id=token_id)
        messages.success(
            request, _("That calendar link is stopped. Calendars using it no longer update.")
        )
        return redirect("meetings-feed")


@method_decorator(never_cache, name="dispatch")
class FeedCalendarView(View):
    """The private feed itself: no sign-in, the secret is the key. 404 once revoked."""

    def get(self, request: HttpRequest, secret: str) -> HttpResponse:
        return _calendar_response(feeds.feed_calendar(secret))
