"""The guidelines API: read any set you can see; edit, preview and publish sets you may edit.

/guidelines/ is the community guideline set; /rule-sets/<id>/ is any set, a group's rules
too. Permission rules live in policies and services; errors come back as
{"message", "code", "extra"} through the project's exception handler.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.guidelines import policies, selectors, services
from peerhaven.guidelines.exceptions import (
    GuidelineNotFound,
    VersionNotFound,
)
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion

TAGS = ["guidelines"]

ERRORS: dict[int, Any] = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid data; nothing was changed."),
    403: OpenApiResponse(
        ErrorSerializer, description="Not signed in, or not allowed to edit this set."
    ),
    404: OpenApiResponse(ErrorSerializer, description="No such set, version or guideline."),
    409: OpenApiResponse(
        ErrorSerializer, description="The version is published and can no longer change."
    ),
    429: OpenApiResponse(ErrorSerializer, description="Too many writes; try again later."),
}
READ_ERRORS = {404: ERRORS[404]}


# --- Shapes shared by several endpoints -----------------------------------------------


class GuidelineSerializer(serializers.Serializer[Guideline]):
    key = serializers.SlugField(help_text="Stable: other features cite the guideline by it.")
    title = serializers.CharField()
    text = serializers.CharField()
    examples = serializers.ListField(child=serializers.CharField())
    position = serializers.IntegerField()

    class Meta:
        ref_name = "Guideline"


class VersionSerializer(serializers.Serializer[RuleSetVersion]):
    rule_set = serializers.IntegerField(source="rule_set_id")
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RuleSetVersion.Status.choices)
    change = serializers.ChoiceField(
        choices=RuleSetVersion.Change.choices,
        allow_blank=True,
        help_text="Blank while a draft; initial and material ones must be agreed to again.",
    )
    note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    # The model's default ordering is the reading order (position, then key).
    guidelines = GuidelineSerializer(many=True)

    class Meta:
        ref_name = "RuleSetVersion"


class VersionSummarySerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    change = serializers.ChoiceField(choices=RuleSetVersion.Change.choices)
    note = serializers.CharField()
    published_at = serializers.DateTimeField()
    needs_agreement = serializers.BooleanField(
        help_text="True for the first version and material changes."
    )

    class Meta:
        ref_name = "RuleSetVersionSummary"


class GuidelineChangeLineSerializer(serializers.Serializer[Any]):
    op = serializers.ChoiceField(choices=["same", "added", "removed"])
    text = serializers.CharField()

    class Meta:
        ref_name = "GuidelineChangeLine"


class GuidelineChangeFieldSerializer(serializers.Serializer[Any]):
    field = serializers.ChoiceField(choices=["title", "text", "examples"])
    lines = GuidelineChangeLineSerializer(many=True)

    class Meta:
        ref_name = "GuidelineChangeField"


class GuidelineChangeSerializer(serializers.Serializer[Any]):
    key = serializers.SlugField()
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    title = serializers.CharField()
    # "fields" is taken by the serializer itself.
    diffs = GuidelineChangeFieldSerializer(many=True, source="fields")

    class Meta:
        ref_name = "GuidelineChange"


# --- Helpers --------------------------------------------------------------------------


# --- Reading --------------------------------------------------------------------------


class RuleSetDetailApi(APIView):
    """The current version of a set, with every guideline."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer[RuleSet]):
        id = serializers.IntegerField()
        scope = serializers.ChoiceField(choices=RuleSet.Scope.choices)
        name = serializers.CharField()
        required_version = serializers.SerializerMethodField(
            help_text="The newest version members must have agreed to (null if none)."
        )
        current_version = serializers.SerializerMethodField()

        class Meta:
            ref_name = "RuleSet"

        def get_required_version(self, rule_set: RuleSet) -> int | None:
            version = selectors.required_version(rule_set)
            return version.number if version else None

        @extend_schema_field(VersionSerializer(allow_null=True))
        def get_current_version(self, rule_set: RuleSet) -> dict[str, Any] | None:
            version = selectors.current_version(rule_set)
            return dict(VersionSerializer(version).data) if version else None

    @extend_schema(
        tags=TAGS,
        summary="Current guidelines",
        description=(
            "The community guidelines at /guidelines/, any set (a group's rules too) at "
            "/rule-sets/{rule_set_id}/. Open to everyone, signed out too, for sets they "
            "can see."
        ),
        responses={200: OutputSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, rule_set_id: int | None = None) -> Response:
        return Response(
            self.OutputSerializer(policies.rule_set_get_readable(request.user, rule_set_id)).data
        )


class RuleSetVersionListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Published versions",
        description="Newest first, with the kind of change and the note to members.",
        responses={200: VersionSummarySerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, rule_set_id: int | None = None) -> Response:
        versions = selectors.published_versions(
            policies.rule_set_get_readable(request.user, rule_set_id)
        )
        return Response(VersionSummarySerializer(versions, many=True).data)


class RuleSetVersionDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="One published version",
        responses={200: VersionSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, number: int, rule_set_id: int | None = None) -> Response:
        version = selectors.published_version_get(
            policies.rule_set_get_readable(request.user, rule_set_id), number
        )
        if version is None:
            raise VersionNotFound(_("There is no published version %(n)d.") % {"n": number})
        return Response(VersionSerializer(version).data)


# --- Editing --------------------------------------------------------------------------


class RuleSetDraftApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="The draft of a set",
        description="Only for people who may edit the set. 404 (code no_draft) without one.",
        responses={200: VersionSerializer, **ERRORS},
    )
    def get(self, request: Request, rule_set_id: int) -> Response:
        draft = selectors.draft_get(policies.rule_set_get_editable(request.user, rule_set_id))
        return Response(VersionSerializer(draft).data)

    @extend_schema(
        tags=TAGS,
        summary="Start a draft",
        description=(
            "Copies the current published version into a new draft (201), or returns the "
            "draft that already exists (200). A set has at most one draft."
        ),
        request=None,
        responses={201: VersionSerializer, 200: VersionSerializer, **ERRORS},
    )
    def post(self, request: Request, rule_set_id: int) -> Response:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        existed = selectors.draft_of(rule_set) is not None
        draft = services.draft_create(rule_set=rule_set, author=signed_in_user(request))
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(VersionSerializer(draft).data, status=code)

    @extend_schema(
        tags=TAGS,
        summary="Discard the draft",
        responses={204: OpenApiResponse(description="Discarded."), **ERRORS},
    )
    def delete(self, request: Request, rule_set_id: int) -> Response:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        services.draft_discard(
            version=selectors.draft_get(rule_set), author=signed_in_user(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RuleSetDraftDiffApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="What the draft changes",
        description="Guideline by guideline against the current version, with line diffs.",
        responses={200: GuidelineChangeSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, rule_set_id: int) -> Response:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        changes = services.version_diff(
            old=selectors.current_version(rule_set), new=selectors.draft_get(rule_set)
        )
        return Response(GuidelineChangeSerializer(changes, many=True).data)


class DraftGuidelineCreateApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        key = StrictCharField(max_length=services.KEY_MAX, help_text="e.g. active-listening")
        title = StrictCharField(max_length=services.TITLE_MAX)
        text = StrictCharField(max_length=services.TEXT_MAX)
        examples = serializers.ListField(
            child=StrictCharField(max_length=services.EXAMPLE_MAX),
            max_length=services.EXAMPLES_MAX,
            required=False,
        )

        class Meta:
            ref_name = "GuidelineInput"

    @extend_schema(
        tags=TAGS,
        summary="Add a guideline to the draft",
        request=InputSerializer,
        responses={201: GuidelineSerializer, **ERRORS},
    )
    def post(self, request: Request, rule_set_id: int) -> Response:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        guideline = services.draft_guideline_add(
            version=selectors.draft_get(rule_set),
            author=signed_in_user(request),
            **serializer.validated_data,
        )
        return Response(GuidelineSerializer(guideline).data, status=status.HTTP_201_CREATED)


class VersionGuidelineDetailApi(APIView):
    """One guideline, by key: of the draft (/draft/guidelines/{key}/) or of a numbered
    version (/versions/{number}/guidelines/{key}/). Only a draft's guidelines change."""

    class InputSerializer(serializers.Serializer[Any]):
        key = StrictCharField(
            max_length=services.KEY_MAX, help_text="Can change only if never published."
        )
        title = StrictCharField(max_length=services.TITLE_MAX)
        text = StrictCharField(max_length=services.TEXT_MAX)
        examples = serializers.ListField(
            child=StrictCharField(max_length=services.EXAMPLE_MAX),
            max_length=services.EXAMPLES_MAX,
        )

        class Meta:
            ref_name = "GuidelineUpdateInput"

    def _guideline(
        self, request: Request, rule_set_id: int, number: int | None, key: str
    ) -> Guideline:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        version_number = selectors.draft_get(rule_set).number if number is None else number
        guideline = (
            Guideline.objects.select_related("version__rule_set")
            .filter(version__rule_set=rule_set, version__number=version_number, key=key)
            .first()
        )
        if guideline is None:
            raise GuidelineNotFound(_("This version has no guideline with that key."))
        return guideline

    @extend_schema(
        tags=TAGS,
        summary="Change a draft guideline",
        description=(
            "Send only the fields to change. A published version answers 409 "
            "(code version_published): start a draft instead."
        ),
        request=InputSerializer,
        responses={200: GuidelineSerializer, **ERRORS},
    )
    def patch(
        self, request: Request, rule_set_id: int, key: str, number: int | None = None
    ) -> Response:
        guideline = self._guideline(request, rule_set_id, number, key)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        guideline = services.draft_guideline_update(
            guideline=guideline, author=signed_in_user(request), **serializer.validated_data
        )
        return Response(GuidelineSerializer(guideline).data)

    @extend_schema(
        tags=TAGS,
        summary="Remove a guideline from the draft",
        responses={204: OpenApiResponse(description="Removed."), **ERRORS},
    )
    def delete(
        self, request: Request, rule_set_id: int, key: str, number: int | None = None
    ) -> Response:
        guideline = self._guideline(request, rule_set_id, number, key)
        services.draft_guideline_remove(guideline=guideline, author=signed_in_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftGuidelineOrderApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        keys = serializers.ListField(
            child=serializers.SlugField(max_length=services.KEY_MAX),
            max_length=services.GUIDELINES_MAX,
            help_text="Every key of the draft exactly once, in the new order.",
        )

        class Meta:
            ref_name = "GuidelineOrderInput"

    @extend_schema(
        tags=TAGS,
        summary="Reorder the draft's guidelines",
        request=InputSerializer,
        responses={200: VersionSerializer, **ERRORS},
    )
    def put(self, request: Request, rule_set_id: int) -> Response:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = selectors.draft_get(rule_set)
        services.draft_guideline_reorder(
            version=draft, author=signed_in_user(request), keys=serializer.validated_data["keys"]
        )
        return Response(VersionSerializer(draft).data)


class RuleSetPublishApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        change = serializers.ChoiceField(
            choices=services.PUBLISH_CHANGES,
            help_text=(
                "minor: members are told what changed. material: members must agree again "
                "before they post, chat, RSVP or see meeting details."
            ),
        )
        note = StrictCharField(
            max_length=services.NOTE_MAX,
            allow_blank=True,
            help_text="Required: what changed and why, shown to members.",
        )

        class Meta:
            ref_name = "RuleSetPublishInput"

    @extend_schema(
        tags=TAGS,
        summary="Publish the draft",
        description=(
            "The draft becomes the new current version and can never change again. "
            "Affected members are e-mailed once. Needs a note and at least one guideline."
        ),
        request=InputSerializer,
        responses={201: VersionSerializer, **ERRORS},
    )
    def post(self, request: Request, rule_set_id: int) -> Response:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.version_publish(
            version=selectors.draft_get(rule_set),
            author=signed_in_user(request),
            **serializer.validated_data,
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)
