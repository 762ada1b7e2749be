"""GET /api/v1/resources/: the resource directory, open to everyone, signed out too.

Read-only for everyone: staff edit entries in the admin console. Other methods get 405.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer
from peerhaven.accounts.models import LANGUAGE_CODES, Topic
from peerhaven.accounts.selectors import COUNTRY_CODES
from peerhaven.core.api import page_of
from peerhaven.resources import selectors
from peerhaven.resources.exceptions import CrisisLineNotFound, UnknownFilter
from peerhaven.resources.models import CrisisLine, LineKind

TAGS = ["resources"]
PAGE_SIZE = 50


class CrisisLineSerializer(serializers.Serializer[CrisisLine]):
    slug = serializers.SlugField()
    country = serializers.CharField(help_text="ISO 3166-1 code; blank for lines for anywhere.")
    subdivision = serializers.CharField(
        help_text="ISO 3166-2 code (CA-QC) for a line that serves one region; else blank."
    )
    kind = serializers.ChoiceField(choices=LineKind.choices)
    name = serializers.CharField()
    description = serializers.CharField(help_text="What it helps with.")
    phone = serializers.CharField()
    sms_number = serializers.CharField()
    sms_keyword = serializers.CharField(help_text="A word to text, when the service asks.")
    chat_url = serializers.CharField(help_text="A chat or web address; may be blank.")
    hours = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField(), help_text="Language codes.")
    topics: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="Topic slugs."
    )
    source_url = serializers.CharField(help_text="The official page the details were checked on.")
    last_verified = serializers.DateField()
    needs_reverification = serializers.BooleanField(
        help_text="Not checked for over a year: the details may have changed."
    )

    class Meta:
        ref_name = "Resource"
        model = CrisisLine  # lets the schema read the topic slug type


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


class CrisisLineListApi(APIView):
    permission_classes = [AllowAny]

    class QuerySerializer(serializers.Serializer[Any]):
        country = serializers.CharField(
            required=False, allow_blank=True, help_text="ISO 3166-1 code, such as GB."
        )
        language = serializers.CharField(
            required=False, allow_blank=True, help_text="A language code, such as fr."
        )
        topic = serializers.CharField(
            required=False, allow_blank=True, help_text="A topic slug, such as grief."
        )
        page = serializers.IntegerField(min_value=1, default=1)

        class Meta:
            ref_name = "ResourceQuery"

    class OutputSerializer(serializers.Serializer[Any]):
        count = serializers.IntegerField()
        page = serializers.IntegerField()
        pages = serializers.IntegerField()
        per_page = serializers.IntegerField()
        results = CrisisLineSerializer(many=True)

        class Meta:
            ref_name = "ResourcePage"

    @extend_schema(
        tags=TAGS,
        summary="The resource directory",
        operation_id="resources_list",
        description=(
            "Crisis lines, emergency numbers and directories of help, by country, region "
            f"and name, {PAGE_SIZE} a page. Open to everyone, signed out too. Filters "
            "combine; an unknown country, language or topic is refused."
        ),
        parameters=[QuerySerializer],
        responses={
            200: OutputSerializer,
            400: _error("A filter names an unknown country, language or topic."),
        },
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        country = data.get("country", "").strip().upper()
        language = data.get("language", "").strip().lower()
        topic = data.get("topic", "").strip().lower()
        _check_filters(country=country, language=language, topic=topic)
        lines = selectors.crisis_line_list(country=country, language=language, topic=topic)
        page, meta = page_of(lines, data["page"], PAGE_SIZE)
        return Response(self.OutputSerializer({**meta, "results": page}).data)


class CrisisLineDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="One resource",
        operation_id="resources_retrieve",
        description="An entry of the directory, by its slug. Open to everyone, signed out too.",
        responses={200: CrisisLineSerializer, 404: _error("No such entry is shown.")},
        auth=[],
    )
    def get(self, request: Request, slug: str) -> Response:
        line = selectors.crisis_line_get(slug=slug)
        if line is None:
            raise CrisisLineNotFound(_("There is no resource called “%(slug)s”.") % {"slug": slug})
        return Response(CrisisLineSerializer(line).data)


def _check_filters(*, country: str, language: str, topic: str) -> None:
    if country and country not in COUNTRY_CODES:
        raise UnknownFilter(
            _(
                "“%(value)s” is not a country code we know. Use a two-letter ISO code, "
                "such as GB or US."
            )
            % {"value": country},
            code="unknown_country",
            extra={"field": "country"},
        )
    if language and language not in LANGUAGE_CODES:
        raise UnknownFilter(
            _("“%(value)s” is not a language code we know. Use one such as en or fr.")
            % {"value": language},
            code="unknown_language",
            extra={"field": "language"},
        )
    if topic and not selectors.topic_exists(slug=topic):
        raise UnknownFilter(
            _("There is no topic “%(value)s”. Use a topic's slug, such as grief.")
            % {"value": topic},
            code="unknown_topic",
            extra={"field": "topic"},
        )
