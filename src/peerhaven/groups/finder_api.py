"""GET /api/v1/groups/: search the groups the caller may see (listed ones when signed out)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer
from peerhaven.groups.api import TopicRefSerializer
from peerhaven.groups.exceptions import MalformedCoordinates
from peerhaven.groups.models import Group
from peerhaven.groups.places import miles_to_km, require_place
from peerhaven.groups.search import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
    UNITS,
    SearchPage,
    SearchResult,
    group_search,
)
from peerhaven.meetings import finder as meeting_finder

TAGS = ["groups"]


class ReasonSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(
        help_text="words, topic, format, language, join_policy, distance or meeting_time."
    )
    text = serializers.CharField(help_text="Ready to show, in the caller's language.")
    words = serializers.ListField(child=serializers.CharField(), help_text="Search words.")
    distance_km = serializers.FloatField(allow_null=True)

    class Meta:
        ref_name = "GroupMatchReason"


class NextMeetingSerializer(serializers.Serializer[meeting_finder.NextMeeting]):
    occurrence_id = serializers.IntegerField()
    series_id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField(help_text="In UTC.")
    local_start = serializers.DateTimeField(
        help_text="On the searcher's clock (`tz`, or the profile's time zone)."
    )
    time_zone = serializers.CharField(help_text="The searcher's time zone.")
    group_local_start = serializers.DateTimeField(help_text="On the meeting's own clock.")
    group_time_zone = serializers.CharField(help_text="The meeting's own time zone.")
    text = serializers.CharField(help_text="Ready to show: “Tuesday 3 March, 19:00 your time”.")
    group_text = serializers.CharField(help_text="The same on the meeting's own clock.")

    class Meta:
        ref_name = "GroupSearchNextMeeting"

    def to_representation(self, instance: meeting_finder.NextMeeting) -> dict[str, Any]:
        data = super().to_representation(instance)
        # Each time keeps its own clock's offset, not the server's.
        data["local_start"] = instance.local_start.isoformat()
        data["group_local_start"] = instance.group_local_start.isoformat()
        return data


class ResultSerializer(serializers.Serializer[SearchResult]):
    slug = serializers.CharField(source="group.slug")
    name = serializers.CharField(source="group.name")
    description = serializers.CharField(source="group.description")
    what_to_expect = serializers.CharField(source="group.what_to_expect")
    format = serializers.ChoiceField(source="group.format", choices=Group.Format.choices)
    languages = serializers.ListField(source="group.languages", child=serializers.CharField())
    join_policy = serializers.ChoiceField(
        source="group.join_policy", choices=Group.JoinPolicy.choices
    )
    topics = TopicRefSerializer(source="group.topics.all", many=True)
    place_name = serializers.CharField(source="group.place_name")
    country = serializers.CharField(source="group.country")
    distance_km = serializers.FloatField(allow_null=True)
    reasons = ReasonSerializer(many=True, help_text="Why this group matched.")
    next_meeting = serializers.SerializerMethodField(
        help_text="With a meeting day, time or `within_days` filter: the group's next "
        "occurrence that matched, on the searcher's clock and the meeting's own."
    )

    class Meta:
        ref_name = "GroupSearchResult"

    @extend_schema_field(NextMeetingSerializer(allow_null=True))
    def get_next_meeting(self, result: SearchResult) -> dict[str, Any] | None:
        meeting = getattr(result.group, "next_meeting", None)
        return NextMeetingSerializer(meeting).data if meeting is not None else None


class HintSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="The filter to relax: words, topics, distance, ...")
    text = serializers.CharField()
    count = serializers.IntegerField(help_text="Groups that would match without it.")

    class Meta:
        ref_name = "GroupSearchHint"


class JsonOnlyNegotiation(DefaultContentNegotiation):
    """Here `?format=` filters groups by format; it must not pick a renderer (DRF's default)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class GroupSearchApi(APIView):
    permission_classes = [AllowAny]
    content_negotiation_class = JsonOnlyNegotiation

    class QuerySerializer(serializers.Serializer[Any]):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            help_text=f"Words (at most {MAX_QUERY_LENGTH} characters); prefixes and other "
            "word forms match too.",
        )
        topic = serializers.ListField(
            child=serializers.CharField(), required=False, help_text="Topic slugs (any of)."
        )
        format = serializers.ListField(
            child=serializers.ChoiceField(choices=Group.Format.choices), required=False
        )
        language = serializers.ListField(
            child=serializers.CharField(), required=False, help_text="Language codes (any of)."
        )
        join_policy = serializers.ListField(
            child=serializers.ChoiceField(choices=Group.JoinPolicy.choices), required=False
        )
        place = serializers.CharField(
            required=False, help_text="A town or city, e.g. “Leeds” or “Leeds, GB”."
        )
        lat = serializers.FloatField(required=False, help_text="Instead of place.")
        lon = serializers.FloatField(required=False, help_text="Instead of place.")
        within = serializers.FloatField(
            required=False, help_text="Distance in `units` (default 25 km)."
        )
        units = serializers.ChoiceField(choices=list(UNITS), default="km")
        day = serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text="Meets on any of these days on the searcher's clock: mon, tue, wed, "
            "thu, fri, sat, sun (repeat the parameter).",
        )
        tz = serializers.CharField(
            required=False,
            help_text="The searcher's IANA time zone for `day`, `from` and `to` and for the "
            "times shown. Default: the caller's profile time zone, or UTC when signed out.",
        )
        within_days = serializers.IntegerField(
            required=False,
            help_text="Only groups meeting in the next N days (1 to the horizon, "
            "PEERHAVEN_MEETING_HORIZON_DAYS, default 62). Without it, day and time "
            "filters look as far ahead as the horizon.",
        )
        page = serializers.IntegerField(
            min_value=1,
            max_value=MAX_PAGE,
            default=1,
            help_text="Past the last page, results are empty and `count` still says how "
            "many matched.",
        )
        per_page = serializers.IntegerField(
            min_value=1, max_value=MAX_PER_PAGE, default=DEFAULT_PER_PAGE
        )

        class Meta:
            ref_name = "GroupSearchQuery"

        def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
            fields = super().get_fields()
            # "from" is a Python keyword, so the two times are added here.
            fields["from"] = serializers.CharField(
                required=False,
                help_text="Meeting starts at or after this time (HH:MM) on the searcher's clock.",
            )
            fields["to"] = serializers.CharField(
                required=False,
                help_text="Meeting starts at or before this time (HH:MM); earlier than "
                "`from` runs past midnight (22:00 to 01:00), counted on the day it starts.",
            )
            return fields

    class OutputSerializer(serializers.Serializer[SearchPage]):
        count = serializers.IntegerField(source="total")
        page = serializers.IntegerField()
        per_page = serializers.IntegerField()
        pages = serializers.IntegerField(source="num_pages")
        units = serializers.ChoiceField(choices=list(UNITS))
        results = ResultSerializer(many=True)
        hints = HintSerializer(many=True, help_text="When nothing matched: what to relax.")

        class Meta:
            ref_name = "GroupSearchPage"

    @extend_schema(
        tags=TAGS,
        summary="Find groups",
        operation_id="groups_search",
        description="Listed groups, plus unlisted groups the caller belongs to. Works signed "
        "out. Each result says why it matched; an empty page says what to relax. With `day`, "
        "`from`, `to` or `within_days`, only groups with a scheduled meeting that matches, "
        "on the searcher's clock (`tz`), and each result gives its next such meeting.",
        parameters=[QuerySerializer],
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="A parameter is not valid."),
        },
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        near: Any = None
        if "place" in data and ("lat" in data or "lon" in data):
            raise MalformedCoordinates(
                _("Give either a place or coordinates, not both."), extra={"field": "place"}
            )
        if data.get("place"):
            near = require_place(data["place"])
        elif "lat" in data or "lon" in data:
            near = (data.get("lat"), data.get("lon"))
        within = data.get("within")
        if within is not None and data["units"] == "mi":
            within = miles_to_km(within)
        meetings = meeting_finder.meeting_filter(
            days=data.get("day", []),
            starts_from=data.get("from"),
            starts_to=data.get("to"),
            zone=data.get("tz") or meeting_finder.profile_zone(request.user),
            within_days=data.get("within_days"),
        )
        page = group_search(
            user=request.user,
            words=data.get("q", ""),
            topics=data.get("topic", []),
            formats=data.get("format", []),
            languages=data.get("language", []),
            join_policies=data.get("join_policy", []),
            near=near,
            within_km=within,
            units=data["units"],
            page=data["page"],
            per_page=data["per_page"],
            filters=[meetings] if meetings is not None else [],
        )
        return Response(self.OutputSerializer(page).data)
