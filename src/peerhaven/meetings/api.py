"""The meetings API: a group's schedules and occurrences, RSVP, and private calendar feeds.

Every rule comes from meetings/policies.py through the selectors and services, as on the
web. Meetings of a group the caller may not see answer 404. The street address and the
join link are null for everyone but members who agreed to the guidelines in force.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.selectors import user_list_named
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.api import page_of
from peerhaven.groups import selectors as group_selectors
from peerhaven.groups.models import Group
from peerhaven.meetings import describe, feeds, policies, recurrence, rsvp, selectors, services
from peerhaven.meetings.exceptions import InvalidSchedule
from peerhaven.meetings.models import Accessibility, FeedToken, MeetingSeries, Occurrence, Rsvp

TAGS = ["meetings"]
PAGE_SIZE = 25
# The widest window one list of occurrences may ask for.
MAX_WINDOW = timedelta(days=400)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


E400 = _error(
    "invalid (field errors in extra.fields) or invalid_schedule: extra.field names the "
    "field at fault (rule, time_zone, start_date, end_date, duration_minutes, capacity, "
    "format, language, accessibility, address, join_link, latitude, facilitator, starts_at)."
)
E403 = _error("Not signed in, or not allowed (not_facilitator: facilitators only).")
E404 = _error("No such group or meeting, or not visible to you.")
E409 = _error(
    "occurrence_cancelled or occurrence_past: the meeting is cancelled or already started; "
    "agreement_needed: agree to the guidelines in force first (extra holds the versions); "
    "feed_token_limit: too many calendar links."
)


# --- Shared pieces ------------------------------------------------------------------------


class PageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    per_page = serializers.IntegerField()

    class Meta:
        ref_name = "MeetingPage"


class PageQuerySerializer(serializers.Serializer[Any]):
    page = serializers.IntegerField(min_value=1, default=1)

    class Meta:
        ref_name = "MeetingPageQuery"


def _page(rows: Any, number: int) -> tuple[list[Any], dict[str, int]]:
    return page_of(rows, number, PAGE_SIZE)


PAGE_PARAMETER = OpenApiParameter("page", OpenApiTypes.INT, description="1 for the first page.")


def _group(request: Request, group_slug: str) -> Group:
    return group_selectors.group_get_visible(user=request.user, slug=group_slug)


def _managed_series(request: Request, series_id: int) -> MeetingSeries:
    series = selectors.series_get(user=request.user, series_id=series_id)
    policies.check_manage_meetings(signed_in_user(request), series.group)
    return series


def _managed_occurrence(request: Request, occurrence_id: int) -> Occurrence:
    occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
    policies.check_manage_meetings(signed_in_user(request), occurrence.group)
    return occurrence


def _local_iso(moment: datetime, zone: str) -> str:
    return moment.astimezone(recurrence.time_zone(zone)).isoformat()


# --- Series -------------------------------------------------------------------------------


class SeriesOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    group = serializers.SlugField()
    title = serializers.CharField()
    schedule = serializers.CharField(help_text="The schedule in words, on the meeting's clock.")
    rule = serializers.CharField(help_text="RFC 5545 RRULE without DTSTART/UNTIL; empty: once.")
    time_zone = serializers.CharField(help_text="IANA name; the times below are on this clock.")
    start_date = serializers.DateField(help_text="Local date of the first meeting.")
    start_time = serializers.TimeField(help_text="Local start time; kept across DST changes.")
    duration_minutes = serializers.IntegerField()
    end_date = serializers.DateField(allow_null=True, help_text="Last local date, if any.")
    format = serializers.ChoiceField(choices=MeetingSeries.Format.choices)
    area = serializers.CharField(help_text="Shown to everyone: a neighbourhood and town.")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    address = serializers.CharField(
        allow_null=True,
        help_text="Street address; null unless you are a member who agreed to the guidelines "
        "in force (or the meeting is online only).",
    )
    join_link = serializers.CharField(
        allow_null=True,
        help_text="Null unless you are a member who agreed to the guidelines in force (or the "
        "meeting is in person only).",
    )
    language = serializers.CharField()
    accessibility = serializers.ListField(child=serializers.ChoiceField(Accessibility.choices))
    what_to_expect = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True, help_text="Null: no limit.")
    facilitator = serializers.CharField(allow_null=True, help_text="Display name.")
    possibly_out_of_date = serializers.BooleanField(
        help_text="Not confirmed by a facilitator within the configured time."
    )
    confirmed_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "MeetingSeries"


def _series_data(series: MeetingSeries, *, private: bool) -> dict[str, Any]:
    in_person = series.format != MeetingSeries.Format.ONLINE
    online = series.format != MeetingSeries.Format.IN_PERSON
    return {
        "id": series.pk,
        "group": series.group.slug,
        "title": series.title,
        "schedule": describe.schedule_text(series),
        "rule": series.rule,
        "time_zone": series.time_zone,
        "start_date": series.start_date,
        "start_time": series.start_time,
        "duration_minutes": series.duration_minutes,
        "end_date": series.end_date,
        "format": series.format,
        "area": series.area,
        "latitude": series.latitude,
        "longitude": series.longitude,
        "address": series.address if private and in_person else None,
        "join_link": series.join_link if private and online else None,
        "language": series.language,
        "accessibility": list(series.accessibility),
        "what_to_expect": series.what_to_expect,
        "capacity": series.capacity,
        "facilitator": series.facilitator.display_name if series.facilitator else None,
        "possibly_out_of_date": services.is_stale(series),
        "confirmed_at": series.confirmed_at,
        "ended_at": series.ended_at,
    }


class SeriesInputSerializer(serializers.Serializer[Any]):
    title = StrictCharField(max_length=120)
    time_zone = StrictCharField(help_text="IANA name, e.g. Europe/London.")
    start_date = serializers.DateField(help_text="Local date of the first meeting.")
    start_time = serializers.TimeField(help_text="Local start time, e.g. 19:00.")
    duration_minutes = serializers.IntegerField(
        min_value=5, max_value=services.MAX_DURATION_MINUTES
    )
    format = serializers.ChoiceField(choices=MeetingSeries.Format.choices)
    language = StrictCharField(help_text="A language code, e.g. en.")
    rule = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=recurrence.MAX_RULE_LENGTH,
        help_text="RFC 5545 RRULE without DTSTART, UNTIL or times, e.g. FREQ=WEEKLY;BYDAY=TU. "
        "Empty: meets once.",
    )
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    accessibility = serializers.ListField(
        child=serializers.ChoiceField(Accessibility.choices), required=False, default=list
    )
    what_to_expect = StrictCharField(required=False, allow_blank=True, default="", max_length=2000)
    capacity = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Null: no limit; else at least 1."
    )
    facilitator = StrictCharField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Display name of one of the group's facilitators; null for nobody.",
    )
    area = StrictCharField(required=False, allow_blank=True, default="", max_length=120)
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    address = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Needed in person and hybrid; shown only to members who agreed.",
    )
    join_link = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="https:// link; needed online and hybrid; shown only to members who agreed.",
    )

    class Meta:
        ref_name = "MeetingSeriesInput"


def _series_input(data: dict[str, Any], group: Group) -> services.SeriesInput:
    fields = dict(data)
    name = fields.pop("facilitator", None)
    facilitator = None
    if name:
        membership = (
            group_selectors.group_facilitators(group=group)
            .filter(user__in=user_list_named(name))
            .first()
        )
        if membership is None:
            raise InvalidSchedule(
                _("The facilitator must be one of the group's facilitators."),
                extra={"field": "facilitator"},
            )
        facilitator = membership.user
    return services.SeriesInput(facilitator=facilitator, **fields)


def _series_editable(series: MeetingSeries) -> dict[str, Any]:
    """The series as SeriesInputSerializer fields, to merge a PATCH into."""
    fields = services.series_fields(series)
    fields["facilitator"] = series.facilitator.display_name if series.facilitator else None
    return fields


class GroupSeriesApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class OutputSerializer(PageSerializer):
        results = SeriesOutputSerializer(many=True)

        class Meta:
            ref_name = "MeetingSeriesPage"

    @extend_schema(
        tags=TAGS,
        summary="A group's meeting series",
        operation_id="meetings_group_series_list",
        description=(
            f"Anyone who may see the group; running series by start time, {PAGE_SIZE} a page. "
            "address and join_link are null unless you are a member who agreed to the "
            "guidelines in force."
        ),
        parameters=[PAGE_PARAMETER],
        responses={200: OutputSerializer, 400: E400, 404: E404},
    )
    def get(self, request: Request, group_slug: str) -> Response:
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group = _group(request, group_slug)
        rows, meta = _page(
            selectors.series_for_group(user=request.user, group=group), query.validated_data["page"]
        )
        private = policies.can_see_private_details(request.user, group)
        data = meta | {"results": [_series_data(s, private=private) for s in rows]}
        return Response(self.OutputSerializer(data).data)

    @extend_schema(
        tags=TAGS,
        summary="List a new meeting series",
        description=(
            "The group's facilitators. Times are local to time_zone and stay so across "
            "daylight-saving changes. Nothing is stored when anything is invalid."
        ),
        request=SeriesInputSerializer,
        responses={201: SeriesOutputSerializer, 400: E400, 403: E403, 404: E404},
        examples=[
            OpenApiExample(
                "Every Tuesday at 19:00 in London, online and in person",
                value={
                    "title": "Tuesday evening circle",
                    "time_zone": "Europe/London",
                    "start_date": "2026-12-01",
                    "start_time": "19:00",
                    "duration_minutes": 90,
                    "format": "hybrid",
                    "language": "en",
                    "rule": "FREQ=WEEKLY;BYDAY=TU",
                    "area": "Camden, London",
                    "address": "12 Quiet Lane, London NW1",
                    "join_link": "https://meet.example.org/evening-circle",
                    "accessibility": ["step_free", "captions"],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, group_slug: str) -> Response:
        group = _group(request, group_slug)
        actor = signed_in_user(request)
        policies.check_manage_meetings(actor, group)
        serializer = SeriesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        series = services.series_create(
            actor=actor, group=group, data=_series_input(serializer.validated_data, group)
        )
        return Response(
            SeriesOutputSerializer(_series_data(series, private=True)).data,
            status=status.HTTP_201_CREATED,
        )


class SeriesDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        tags=TAGS,
        summary="A meeting series",
        responses={200: SeriesOutputSerializer, 404: E404},
    )
    def get(self, request: Request, series_id: int) -> Response:
        series = selectors.series_get(user=request.user, series_id=series_id)
        private = policies.can_see_private_details(request.user, series.group)
        return Response(SeriesOutputSerializer(_series_data(series, private=private)).data)

    @extend_schema(
        tags=TAGS,
        summary="Change a meeting series",
        description=(
            "The group's facilitators. Send every field (PUT) or only those that change "
            "(PATCH). Coming dates follow the new schedule; cancelled and moved dates stay; "
            "a date that disappears but had replies is kept as cancelled. Also confirms the "
            "listing is still right."
        ),
        request=SeriesInputSerializer,
        responses={200: SeriesOutputSerializer, 400: E400, 403: E403, 404: E404},
    )
    def put(self, request: Request, series_id: int) -> Response:
        return self._update(request, series_id, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some fields of a meeting series",
        request=SeriesInputSerializer,
        responses={200: SeriesOutputSerializer, 400: E400, 403: E403, 404: E404},
    )
    def patch(self, request: Request, series_id: int) -> Response:
        return self._update(request, series_id, partial=True)

    def _update(self, request: Request, series_id: int, *, partial: bool) -> Response:
        series = _managed_series(request, series_id)
        serializer = SeriesInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = _series_editable(series) if partial else {}
        fields.update(serializer.validated_data)
        series = services.series_update(
            actor=signed_in_user(request),
            series=series,
            data=_series_input(fields, series.group),
        )
        return Response(SeriesOutputSerializer(_series_data(series, private=True)).data)


class SeriesConfirmApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Confirm a listing is still right",
        description="The group's facilitators. Clears possibly_out_of_date.",
        request=None,
        responses={200: SeriesOutputSerializer, 403: E403, 404: E404},
    )
    def post(self, request: Request, series_id: int) -> Response:
        series = _managed_series(request, series_id)
        series = services.series_confirm(actor=signed_in_user(request), series=series)
        return Response(SeriesOutputSerializer(_series_data(series, private=True)).data)


class SeriesEndApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        cancelled = serializers.IntegerField(help_text="Coming meetings now cancelled.")

        class Meta:
            ref_name = "MeetingSeriesEnded"

    @extend_schema(
        tags=TAGS,
        summary="End a meeting series",
        description="The group's facilitators. Its coming meetings show as cancelled.",
        request=None,
        responses={200: OutputSerializer, 403: E403, 404: E404},
    )
    def post(self, request: Request, series_id: int) -> Response:
        series = _managed_series(request, series_id)
        cancelled = services.series_end(actor=signed_in_user(request), series=series)
        return Response(self.OutputSerializer({"cancelled": cancelled}).data)


# --- Occurrences --------------------------------------------------------------------------


class RsvpSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Rsvp.Status.choices)
    waitlist_position = serializers.IntegerField(
        allow_null=True, help_text="1 for the first person waiting; null with a place."
    )

    class Meta:
        ref_name = "MeetingRsvp"


class OccurrenceOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    series = serializers.IntegerField()
    group = serializers.SlugField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField(help_text="UTC.")
    ends_at = serializers.DateTimeField(help_text="UTC.")
    time_zone = serializers.CharField(help_text="The meeting's own IANA time zone.")
    local_start = serializers.CharField(help_text="ISO 8601 start on the meeting's clock.")
    your_time_zone = serializers.CharField(
        allow_null=True, help_text="Your profile's time zone; null when not signed in."
    )
    your_start = serializers.CharField(
        allow_null=True, help_text="ISO 8601 start on your clock; null when not signed in."
    )
    status = serializers.ChoiceField(choices=Occurrence.Status.choices)
    moved = serializers.BooleanField(help_text="Moved from the time its series gives.")
    note = serializers.CharField(help_text="Why it was cancelled or moved.")
    area = serializers.CharField()
    address = serializers.CharField(
        allow_null=True, help_text="Null unless you are a member who agreed to the guidelines."
    )
    join_link = serializers.CharField(
        allow_null=True, help_text="Null unless you are a member who agreed to the guidelines."
    )
    capacity = serializers.IntegerField(allow_null=True)
    places_left = serializers.IntegerField(allow_null=True, help_text="Null: no limit.")
    you = RsvpSerializer(allow_null=True, help_text="Your reply; null when you have none.")
    page = serializers.CharField(help_text="The meeting's page on the site.")
    ics = serializers.CharField(help_text="The meeting as an .ics file.")

    class Meta:
        ref_name = "MeetingOccurrence"


def _rsvp_data(own: Rsvp | None) -> dict[str, Any] | None:
    if own is None:
        return None
    return {"status": own.status, "waitlist_position": rsvp.waitlist_position(own)}


def _occurrence_data(
    occurrence: Occurrence, *, private: bool, zone: str | None, own: Rsvp | None
) -> dict[str, Any]:
    series = occurrence.series
    in_person = series.format != MeetingSeries.Format.ONLINE
    online = series.format != MeetingSeries.Format.IN_PERSON
    return {
        "id": occurrence.pk,
        "series": series.pk,
        "group": occurrence.group.slug,
        "title": series.title,
        "starts_at": occurrence.starts_at,
        "ends_at": occurrence.ends_at,
        "time_zone": series.time_zone,
        "local_start": _local_iso(occurrence.starts_at, series.time_zone),
        "your_time_zone": zone,
        "your_start": _local_iso(occurrence.starts_at, zone) if zone else None,
        "status": occurrence.status,
        "moved": occurrence.moved,
        "note": occurrence.note,
        "area": series.area if in_person else "",
        "address": series.address if private and in_person else None,
        "join_link": series.join_link if private and online else None,
        "capacity": series.capacity,
        "places_left": selectors.places_left(occurrence),
        "you": _rsvp_data(own),
        "page": reverse("meetings-occurrence", kwargs={"occurrence_id": occurrence.pk}),
        "ics": reverse("meetings-occurrence-ics", kwargs={"occurrence_id": occurrence.pk}),
    }


class OccurrenceQuerySerializer(PageQuerySerializer):
    """page, from, to ("from" is a Python keyword, hence get_fields)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = serializers.DateTimeField(required=False)
        fields["to"] = serializers.DateTimeField(required=False)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("from") or timezone.now()
        end = attrs.get("to")
        if end is not None and end <= start:
            raise serializers.ValidationError({"to": _("Give a time after “from”.")})
        if end is not None and end - start > MAX_WINDOW:
            raise serializers.ValidationError(
                {"to": _("Ask for at most %(days)d days at a time.") % {"days": MAX_WINDOW.days}}
            )
        return attrs | {"from": start}

    class Meta:
        ref_name = "MeetingOccurrenceQuery"


class GroupOccurrencesApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class OutputSerializer(PageSerializer):
        results = OccurrenceOutputSerializer(many=True)

        class Meta:
            ref_name = "MeetingOccurrencePage"

    @extend_schema(
        tags=TAGS,
        summary="A group's meetings, date by date",
        operation_id="meetings_group_occurrences_list",
        description=(
            "Anyone who may see the group. Meetings that have not ended by `from` (default: "
            f"now) and start before `to`, cancelled ones included, in time order, {PAGE_SIZE} "
            "a page. Dates are worked out some weeks ahead "
            "(PEERHAVEN_MEETING_HORIZON_DAYS). address and join_link are null unless you are "
            "a member who agreed to the guidelines in force."
        ),
        parameters=[
            PAGE_PARAMETER,
            OpenApiParameter("from", OpenApiTypes.DATETIME, description="ISO 8601; default now."),
            OpenApiParameter("to", OpenApiTypes.DATETIME, description="ISO 8601; optional."),
        ],
        responses={200: OutputSerializer, 400: E400, 404: E404},
    )
    def get(self, request: Request, group_slug: str) -> Response:
        query = OccurrenceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group = _group(request, group_slug)
        rows, meta = _page(
            selectors.occurrence_list_for_group(
                user=request.user,
                group=group,
                start=query.validated_data["from"],
                end=query.validated_data.get("to"),
            ),
            query.validated_data["page"],
        )
        user = request.user
        private = policies.can_see_private_details(user, group)
        zone = describe.viewer_zone(user)
        own = selectors.rsvps_of(user=user, occurrences=rows)
        results = [_occurrence_data(o, private=private, zone=zone, own=own.get(o.pk)) for o in rows]
        return Response(self.OutputSerializer(meta | {"results": results}).data)


def _occurrence_response(request: Request, occurrence_id: int, code: int = 200) -> Response:
    user = request.user
    occurrence = selectors.occurrence_get(user=user, occurrence_id=occurrence_id)
    data = _occurrence_data(
        occurrence,
        private=policies.can_see_private_details(user, occurrence.group),
        zone=describe.viewer_zone(user),
        own=selectors.rsvp_of(user=user, occurrence=occurrence),
    )
    return Response(OccurrenceOutputSerializer(data).data, status=code)


class OccurrenceDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        tags=TAGS,
        summary="One meeting",
        description="address and join_link are null unless you are a member who agreed.",
        responses={200: OccurrenceOutputSerializer, 404: E404},
    )
    def get(self, request: Request, occurrence_id: int) -> Response:
        return _occurrence_response(request, occurrence_id)


class NoteInputSerializer(serializers.Serializer[Any]):
    note = StrictCharField(
        required=False, allow_blank=True, default="", max_length=300, help_text="Shown with it."
    )

    class Meta:
        ref_name = "MeetingNoteInput"


class OccurrenceCancelApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Cancel one meeting",
        description="The group's facilitators. The series goes on; this date shows cancelled.",
        request=NoteInputSerializer,
        responses={200: OccurrenceOutputSerializer, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request: Request, occurrence_id: int) -> Response:
        occurrence = _managed_occurrence(request, occurrence_id)
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.occurrence_cancel(
            actor=signed_in_user(request),
            occurrence=occurrence,
            note=serializer.validated_data["note"],
        )
        return _occurrence_response(request, occurrence.pk)


class OccurrenceMoveApi(APIView):
    class InputSerializer(NoteInputSerializer):
        local_start = serializers.DateTimeField(
            help_text="The new start on the meeting's own clock (time_zone), without an "
            "offset, e.g. 2026-12-08T18:30.",
            default_timezone=None,
        )

        class Meta:
            ref_name = "MeetingMoveInput"

    @extend_schema(
        tags=TAGS,
        summary="Move one meeting",
        description="The group's facilitators. Only this date moves; it shows as moved.",
        request=InputSerializer,
        responses={200: OccurrenceOutputSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request: Request, occurrence_id: int) -> Response:
        occurrence = _managed_occurrence(request, occurrence_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.occurrence_move(
            actor=signed_in_user(request),
            occurrence=occurrence,
            local_start=serializer.validated_data["local_start"].replace(tzinfo=None),
            note=serializer.validated_data["note"],
        )
        return _occurrence_response(request, occurrence.pk)


class OccurrenceRsvpApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Say you will come",
        description=(
            "Members who agreed to the guidelines in force. A place if one is free, else "
            "the waitlist: when a place frees up, the first waiting gets it and is told. "
            "Asking again changes nothing."
        ),
        request=None,
        responses={201: OccurrenceOutputSerializer, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request: Request, occurrence_id: int) -> Response:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        rsvp.rsvp_create(user=signed_in_user(request), occurrence=occurrence)
        return _occurrence_response(request, occurrence.pk, code=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Take back your reply",
        description="Your place (or waitlist place) goes; the first person waiting gets it.",
        request=None,
        responses={200: OccurrenceOutputSerializer, 403: E403, 404: E404},
    )
    def delete(self, request: Request, occurrence_id: int) -> Response:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        rsvp.rsvp_cancel(user=signed_in_user(request), occurrence=occurrence)
        return _occurrence_response(request, occurrence.pk)


# --- Calendar feeds -----------------------------------------------------------------------


class FeedTokenSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "MeetingFeedToken"


def _token_data(token: FeedToken) -> dict[str, Any]:
    return {"id": token.pk, "created_at": token.created_at, "last_used_at": token.last_used_at}


class FeedTokensApi(APIView):
    class CreatedSerializer(FeedTokenSerializer):
        url = serializers.CharField(help_text="https:// address of the feed. Shown only once.")
        webcal = serializers.CharField(help_text="The same as webcal://, for calendar apps.")

        class Meta:
            ref_name = "MeetingFeedTokenCreated"

    @extend_schema(
        tags=TAGS,
        summary="Your calendar feed links",
        description="The links in use (their secrets are never shown again).",
        responses={200: FeedTokenSerializer(many=True), 403: E403},
    )
    def get(self, request: Request) -> Response:
        tokens = selectors.feed_tokens_active(user=signed_in_user(request))
        return Response(FeedTokenSerializer([_token_data(t) for t in tokens], many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Make a calendar feed link",
        description=(
            "A private iCalendar feed of your groups' meetings. The address holds a secret "
            "and is returned only in this answer; only its hash is kept. Addresses and join "
            "links are in it for groups whose guidelines you agreed to."
        ),
        request=None,
        responses={201: CreatedSerializer, 403: E403, 409: E409},
    )
    def post(self, request: Request) -> Response:
        token, secret = feeds.feed_token_create(user=signed_in_user(request))
        url = request.build_absolute_uri(
            reverse("meetings-feed-calendar", kwargs={"secret": secret})
        )
        data = _token_data(token) | {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}
        return Response(self.CreatedSerializer(data).data, status=status.HTTP_201_CREATED)


class FeedTokenDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Stop a calendar feed link",
        description="Calendars using it get 404 from now on.",
        request=None,
        responses={204: OpenApiResponse(description="Stopped."), 403: E403, 404: E404},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        feeds.feed_token_revoke(user=signed_in_user(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
