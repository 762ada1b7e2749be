"""The safety plan API: only ever the caller's own plan, at one address with no id.

GET reads it (empty sections and "exists": false when there is none), PUT replaces it,
PATCH changes some sections, DELETE erases it. Answers are never cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.safety import plan_selectors, plan_services
from peerhaven.safety.models import SafetyPlan
from peerhaven.safety.plan_sections import PROMPTS, SECTION_MAX

TAGS = ["safety plan"]

ERRORS: dict[int, Any] = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="Unknown section, text not a string, or too long; nothing was saved.",
    ),
    403: OpenApiResponse(ErrorSerializer, description="Not signed in, or a CSRF failure."),
    429: OpenApiResponse(ErrorSerializer, description="Too many writes; try again later."),
}


def _section_input(name: str) -> StrictCharField:
    return StrictCharField(
        max_length=SECTION_MAX,
        allow_blank=True,
        required=False,
        help_text=str(PROMPTS[name]),
        error_messages={
            "max_length": _("Keep this section to {max_length} characters or fewer."),
        },
    )


class SafetyPlanDetailApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        warning_signs = _section_input("warning_signs")
        coping_steps = _section_input("coping_steps")
        distractions = _section_input("distractions")
        people_to_ask = _section_input("people_to_ask")
        professionals = _section_input("professionals")
        safer_surroundings = _section_input("safer_surroundings")
        reasons_to_live = _section_input("reasons_to_live")

        class Meta:
            ref_name = "SafetyPlanInput"

        def to_internal_value(self, data: Any) -> dict[str, Any]:
            # Refuse names that are not sections instead of silently dropping them: a
            # client with a typo must not believe its text was kept.
            errors: dict[str, Any] = {}
            if isinstance(data, Mapping):
                message = _("A safety plan has no section with this name.")
                errors = {str(key): [message] for key in data if key not in self.fields}
            try:
                value: dict[str, Any] = super().to_internal_value(data)
            except serializers.ValidationError as exc:
                if not isinstance(exc.detail, dict):
                    raise
                errors.update(exc.detail)
                value = {}
            if errors:
                raise serializers.ValidationError(errors)
            return value

    class OutputSerializer(serializers.Serializer[Any]):
        exists = serializers.BooleanField(help_text="False until the plan is first saved.")
        warning_signs = serializers.CharField()
        coping_steps = serializers.CharField()
        distractions = serializers.CharField()
        people_to_ask = serializers.CharField()
        professionals = serializers.CharField()
        safer_surroundings = serializers.CharField()
        reasons_to_live = serializers.CharField()
        updated_at = serializers.DateTimeField(allow_null=True)

        class Meta:
            ref_name = "SafetyPlan"

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def _output(self, plan: SafetyPlan | None) -> Response:
        data: dict[str, Any] = dict.fromkeys(SafetyPlan.SECTIONS, "")
        data.update(exists=False, updated_at=None)
        if plan is not None:
            data.update({name: getattr(plan, name) for name in SafetyPlan.SECTIONS})
            data.update(exists=True, updated_at=plan.updated_at)
        return Response(self.OutputSerializer(data).data)

    def _input(self, request: Request) -> dict[str, str]:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        tags=TAGS,
        summary="Your safety plan",
        description="Only ever your own. With no plan yet, every section is empty.",
        responses={200: OutputSerializer, 403: ERRORS[403]},
    )
    def get(self, request: Request) -> Response:
        return self._output(plan_selectors.safety_plan_get(user=signed_in_user(request)))

    @extend_schema(
        tags=TAGS,
        summary="Replace your safety plan",
        description="Sections left out are emptied. Creates the plan if there is none.",
        request=InputSerializer,
        responses={200: OutputSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "Two sections", value={"coping_steps": "Go for a walk.", "people_to_ask": ""}
            )
        ],
    )
    def put(self, request: Request) -> Response:
        sent = self._input(request)
        data = {name: sent.get(name, "") for name in SafetyPlan.SECTIONS}
        plan = plan_services.safety_plan_save(user=signed_in_user(request), data=data)
        return self._output(plan)

    @extend_schema(
        tags=TAGS,
        summary="Change some sections of your safety plan",
        description="Sections left out keep what they have. Creates the plan if there is none.",
        request=InputSerializer,
        responses={200: OutputSerializer, **ERRORS},
    )
    def patch(self, request: Request) -> Response:
        data = self._input(request)
        plan = plan_services.safety_plan_save(user=signed_in_user(request), data=data)
        return self._output(plan)

    @extend_schema(
        tags=TAGS,
        summary="Erase your safety plan",
        description="For good. Answers 204 whether or not there was a plan.",
        responses={204: OpenApiResponse(description="Erased."), 403: ERRORS[403]},
    )
    def delete(self, request: Request) -> Response:
        plan_services.safety_plan_clear(user=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
