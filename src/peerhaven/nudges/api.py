"""POST /api/v1/coach/analyze: the communication coach and the crisis-risk screen for any
text, for clients that show hints their own way. Nothing sent here is stored or counted."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven import coach
from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.models import SupportPreference
from peerhaven.nudges import services

TAGS = ["coach"]
LOCALE = re.compile(r"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$")
ACCEPTANCE_EXAMPLE = "you should just get over it, at least you have a job"


class ContextSerializer(serializers.Serializer[Any]):
    support_preference = serializers.ChoiceField(
        choices=SupportPreference.choices,
        required=False,
        allow_null=True,
        help_text=(
            "What the post being replied to asked for. Unset in a reply is taken as "
            "just_listen: advice is then pointed out as unasked for."
        ),
    )

    class Meta:
        ref_name = "CoachContext"


class RiskSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=["none", "concern", "urgent"])
    score = serializers.FloatField(min_value=0, max_value=1)
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="What in the text raised the level."
    )
    fallback = serializers.BooleanField(
        required=False,
        help_text=(
            "Present (true) when the locale is not supported and a conservative keyword "
            "list was used instead."
        ),
    )

    class Meta:
        ref_name = "CoachRisk"


class FindingSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=list(coach.KINDS))
    guideline = serializers.CharField(help_text="The key of the community guideline it is from.")
    start = serializers.IntegerField(
        min_value=0, help_text="Offset into the text, in characters (Unicode code points)."
    )
    end = serializers.IntegerField(min_value=0, help_text="text[start:end] is the span.")
    message = serializers.CharField(help_text="Why, in a few kind words.")
    suggestion = serializers.CharField(
        allow_null=True, help_text="A rewrite of the span, where one helps."
    )

    class Meta:
        ref_name = "CoachFinding"


class CoachAnalyzeApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        text = StrictCharField(
            allow_blank=True,
            trim_whitespace=False,
            max_length=coach.MAX_CHARS,
            help_text=f"The text, at most {coach.MAX_CHARS} characters.",
        )
        mode = serializers.ChoiceField(
            choices=["post", "reply"],
            default="post",
            help_text="A new post, or a reply to someone's post.",
        )
        locale = StrictCharField(
            required=False,
            allow_blank=True,
            max_length=35,
            default="en",
            help_text=(
                "The text's language (en, en-GB…). Findings are offered for English; other "
                "languages get the risk screen only."
            ),
        )
        # DRF takes declared fields off the class, so this does not shadow Field.context.
        context = ContextSerializer(required=False, allow_null=True)  # type: ignore[assignment]

        class Meta:
            ref_name = "CoachAnalyzeInput"

        def validate_locale(self, value: str) -> str:
            if value and not LOCALE.match(value):
                raise serializers.ValidationError(_("Give a language code such as en or en-GB."))
            return value

    class OutputSerializer(serializers.Serializer[Any]):
        risk = RiskSerializer()
        findings = FindingSerializer(many=True)
        findings_supported = serializers.BooleanField(
            help_text="False when findings are not offered for this locale."
        )

        class Meta:
            ref_name = "CoachAnalysis"

    @extend_schema(
        tags=TAGS,
        summary="Analyze a text with the communication coach",
        description=(
            "Findings tie the text to the community guidelines (unasked-for advice, blame, "
            "judgment, diagnosis, pressure, personal details), each with offsets, a reason "
            "and a suggested rewrite where one helps; the risk screen says whether the text "
            "suggests its writer may be at risk. Signed-in only; counted as a write for rate "
            "limits. Nothing sent here is stored."
        ),
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Invalid data (field errors in extra.fields); nothing was analyzed.",
            ),
            403: OpenApiResponse(ErrorSerializer, description="Not signed in."),
            429: OpenApiResponse(ErrorSerializer, description="Too many writes; wait a while."),
        },
        examples=[
            OpenApiExample(
                "A reply to someone who asked to be listened to",
                request_only=True,
                value={
                    "text": ACCEPTANCE_EXAMPLE,
                    "mode": "reply",
                    "locale": "en",
                    "context": {"support_preference": "just_listen"},
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        analysis = services.coach_analyze(
            text=data["text"],
            mode=data["mode"],
            locale=data.get("locale") or "en",
            context=data.get("context") or None,
        )
        result = {**analysis.to_dict(), "findings_supported": analysis.findings_supported}
        return Response(self.OutputSerializer(result).data)
