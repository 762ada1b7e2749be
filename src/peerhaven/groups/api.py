"""The group API: a group's details, joining, leaving, agreeing, members, and the caller's
own groups and agreements. Every rule comes from groups/policies.py, as on the web:
a group the caller may not see, and members-only content, answer 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.core.api import page_of
from peerhaven.groups import policies, selectors, services
from peerhaven.groups.models import Agreement, Group, JoinRequest, Membership

TAGS = ["groups"]
ME_TAGS = ["account"]

ERRORS: dict[int, Any] = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid data; nothing was changed."),
    403: OpenApiResponse(ErrorSerializer, description="Not signed in, or not allowed."),
    404: OpenApiResponse(
        ErrorSerializer,
        description="No such group, or not visible to you (members-only content included).",
    ),
    409: OpenApiResponse(
        ErrorSerializer,
        description=(
            "Refused as things stand: already a member (already_member), group full "
            "(group_full), versions not current (superseded_version / unknown_version; "
            "extra holds the current ones), wrong way to join (invite_only, request_needed), "
            "request already pending (request_pending), last facilitator (last_facilitator)."
        ),
    ),
}


def _group(request: Request, group_slug: str) -> Group:
    return selectors.group_get_visible(user=request.user, slug=group_slug)


class TopicRefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField()
    name = serializers.CharField()

    class Meta:
        ref_name = "GroupTopic"


class VersionsSerializer(serializers.Serializer[Any]):
    instance_version = serializers.IntegerField(
        allow_null=True, help_text="Community guidelines version number."
    )
    group_version = serializers.IntegerField(
        allow_null=True, help_text="The group's rules version number; null when it has none."
    )

    class Meta:
        ref_name = "GuidelineVersions"


class YouSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    can_take_part = serializers.BooleanField(
        help_text="False until you agree to the guidelines in force (reading stays open)."
    )
    agreement_needed = VersionsSerializer(
        help_text="Versions you still have to agree to (null where nothing is needed)."
    )

    class Meta:
        ref_name = "GroupMembershipOfYou"


def _you(user: Any, group: Group) -> dict[str, Any] | None:
    membership = policies.membership_of(user, group)
    if membership is None:
        return None
    instance_needed, group_needed = policies.missing_agreement(user, group)
    return {
        "role": membership.role,
        "can_take_part": instance_needed is None and group_needed is None,
        "agreement_needed": {
            "instance_version": instance_needed.number if instance_needed else None,
            "group_version": group_needed.number if group_needed else None,
        },
    }


class GroupDetailApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer[Any]):
        slug = serializers.SlugField()
        name = serializers.CharField()
        description = serializers.CharField()
        topics = TopicRefSerializer(many=True, help_text="Empty for a general group.")
        format = serializers.ChoiceField(choices=Group.Format.choices)
        languages = serializers.ListField(child=serializers.CharField())
        listing = serializers.ChoiceField(choices=Group.Listing.choices)
        join_policy = serializers.ChoiceField(choices=Group.JoinPolicy.choices)
        join_questions = serializers.ListField(child=serializers.CharField())
        what_to_expect = serializers.CharField()
        listening_only_is_fine = serializers.BooleanField()
        capacity = serializers.IntegerField(allow_null=True)
        member_count = serializers.IntegerField()
        place_name = serializers.CharField(help_text="A town, for in-person and hybrid groups.")
        country = serializers.CharField()
        facilitators = serializers.ListField(
            child=serializers.CharField(), help_text="Display names."
        )
        guidelines = VersionsSerializer(help_text="The versions a person joining agrees to now.")
        you = YouSerializer(allow_null=True, help_text="Your membership; null if not a member.")
        request_pending = serializers.BooleanField()

        class Meta:
            ref_name = "GroupDetail"

    @extend_schema(
        tags=TAGS,
        summary="A group",
        description="Open to visitors for listed groups. Unlisted groups only for members.",
        responses={200: OutputSerializer, 404: ERRORS[404]},
    )
    def get(self, request: Request, group_slug: str) -> Response:
        group = _group(request, group_slug)
        terms = selectors.agreement_terms(group=group)
        show_place = group.format != Group.Format.ONLINE
        data = {
            "slug": group.slug,
            "name": group.name,
            "description": group.description,
            "topics": [{"slug": t.slug, "name": t.name} for t in group.topics.all()],
            "format": group.format,
            "languages": list(group.languages),
            "listing": group.listing,
            "join_policy": group.join_policy,
            "join_questions": list(group.join_questions or []),
            "what_to_expect": group.what_to_expect,
            "listening_only_is_fine": True,
            "capacity": group.capacity,
            "member_count": selectors.group_member_count(group=group),
            "place_name": group.place_name if show_place else "",
            "country": group.country if show_place else "",
            "facilitators": [
                m.user.display_name for m in selectors.group_facilitators(group=group)
            ],
            "guidelines": {
                "instance_version": terms.instance_number,
                "group_version": terms.group_number,
            },
            "you": _you(request.user, group),
            "request_pending": selectors.join_request_pending_of(user=request.user, group=group)
            is not None,
        }
        return Response(self.OutputSerializer(data).data)


class AgreeInputSerializer(serializers.Serializer[Any]):
    agree_instance_version = serializers.IntegerField(
        min_value=1, help_text="The community guidelines version you read and agree to."
    )
    agree_group_version = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        required=False,
        default=None,
        help_text="The group's rules version you agree to; null when the group has none.",
    )

    class Meta:
        ref_name = "AgreeInput"


class GroupJoinApi(APIView):
    class InputSerializer(AgreeInputSerializer):
        answers = serializers.ListField(
            child=serializers.CharField(allow_blank=True, trim_whitespace=False),
            required=False,
            default=list,
            max_length=services.QUESTIONS_MAX,
            help_text=(
                "For groups that take requests: one answer per question, in order "
                f"(optional; at most {services.ANSWER_MAX_LENGTH} characters each)."
            ),
        )

        class Meta:
            ref_name = "GroupJoinInput"

    class OutputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=[("member", "member"), ("requested", "requested")],
            help_text="member: joined. requested: a facilitator will decide.",
        )
        group = serializers.SlugField()

        class Meta:
            ref_name = "GroupJoinResult"

    @extend_schema(
        tags=TAGS,
        summary="Join a group, or ask to join",
        description=(
            "Open groups: joins at once. Groups that take requests: sends a request with the "
            "answers. Invite-only groups answer 409 invite_only. Either way you agree to the "
            "community guidelines and the group's rules: send the version numbers you read "
            "(GET the group for the current ones)."
        ),
        request=InputSerializer,
        responses={201: OutputSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "Agree and join",
                value={"agree_instance_version": 1, "agree_group_version": None, "answers": []},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, group_slug: str) -> Response:
        group = _group(request, group_slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.group_join_or_request(
            user=signed_in_user(request),
            group=group,
            answers=data["answers"],
            instance_version=data["agree_instance_version"],
            group_version=data["agree_group_version"],
            via=Agreement.Via.API,
        )
        outcome = "requested" if isinstance(result, JoinRequest) else "member"
        return Response(
            self.OutputSerializer({"status": outcome, "group": group.slug}).data,
            status=status.HTTP_201_CREATED,
        )


class GroupLeaveApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Leave a group",
        request=None,
        responses={204: OpenApiResponse(description="You left the group."), **ERRORS},
    )
    def post(self, request: Request, group_slug: str) -> Response:
        group = _group(request, group_slug)
        services.group_leave(user=signed_in_user(request), group=group)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AgreementOutputSerializer(serializers.Serializer[Any]):
    group = serializers.SlugField(source="group.slug")
    group_name = serializers.CharField(source="group.name")
    instance_version = serializers.IntegerField(source="instance_version.number")
    group_version = serializers.IntegerField(source="group_version.number", allow_null=True)
    agreed_at = serializers.DateTimeField()
    via = serializers.ChoiceField(choices=Agreement.Via.choices)

    class Meta:
        ref_name = "Agreement"


class GroupAgreeApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Agree again to the guidelines in force",
        description=(
            "Members only. After a material change, members agree again before taking part. "
            "Send the version numbers you read; older ones answer 409 superseded_version "
            "with the current ones in extra."
        ),
        request=AgreeInputSerializer,
        responses={201: AgreementOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, group_slug: str) -> Response:
        group = _group(request, group_slug)
        serializer = AgreeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement = services.agreement_accept(
            user=signed_in_user(request),
            group=group,
            instance_version=serializer.validated_data["agree_instance_version"],
            group_version=serializer.validated_data["agree_group_version"],
            via=Agreement.Via.API,
        )
        return Response(AgreementOutputSerializer(agreement).data, status=status.HTTP_201_CREATED)


class GroupMemberSerializer(serializers.Serializer[Any]):
    display_name = serializers.CharField(source="user.display_name")
    role = serializers.ChoiceField(choices=Membership.Role.choices)

    class Meta:
        ref_name = "GroupMember"


class GroupMembersApi(APIView):
    class QuerySerializer(serializers.Serializer[Any]):
        page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1)

        class Meta:
            ref_name = "GroupMembersQuery"

    class OutputSerializer(serializers.Serializer[Any]):
        count = serializers.IntegerField()
        page = serializers.IntegerField()
        pages = serializers.IntegerField()
        per_page = serializers.IntegerField()
        results = GroupMemberSerializer(many=True)

        class Meta:
            ref_name = "GroupMemberPage"

    @extend_schema(
        tags=TAGS,
        summary="A group's members",
        description=(
            "Members only; display names only. Facilitators first, then by name, "
            f"{selectors.MEMBERS_PER_PAGE} a page."
        ),
        parameters=[QuerySerializer],
        responses={200: OutputSerializer, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request: Request, group_slug: str) -> Response:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group = _group(request, group_slug)
        policies.check_view_content(request.user, group)
        members, meta = page_of(
            selectors.group_members(group=group),
            query.validated_data["page"],
            selectors.MEMBERS_PER_PAGE,
        )
        return Response(self.OutputSerializer({**meta, "results": members}).data)


class MyAgreementsApi(APIView):
    @extend_schema(
        tags=ME_TAGS,
        summary="Your agreements to the guidelines",
        description="Every agreement you made: which versions, for which group, when and how.",
        responses={200: AgreementOutputSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request: Request) -> Response:
        agreements = selectors.agreement_list_for_user(user=signed_in_user(request))
        return Response(AgreementOutputSerializer(agreements, many=True).data)


class MyGroupsApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        slug = serializers.SlugField()
        name = serializers.CharField()
        role = serializers.ChoiceField(choices=Membership.Role.choices)
        joined_at = serializers.DateTimeField()
        can_take_part = serializers.BooleanField()
        unread = serializers.IntegerField(
            help_text="Posts in the group's threads that are new to you, as the home page "
            "counts them. Counting stops at 100: 100 means 100 or more."
        )

        class Meta:
            ref_name = "MyGroup"

    @extend_schema(
        tags=ME_TAGS,
        summary="Your groups",
        responses={200: OutputSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        memberships = list(selectors.membership_list_for_user(user=user))
        groups = [m.group for m in memberships]
        taking_part = policies.groups_taking_part(user, groups)
        unread = conversation_selectors.unread_totals(user=user, groups=groups)
        rows = [
            {
                "slug": m.group.slug,
                "name": m.group.name,
                "role": m.role,
                "joined_at": m.joined_at,
                "can_take_part": m.group.pk in taking_part,
                "unread": unread[m.group.pk],
            }
            for m in memberships
        ]
        return Response(self.OutputSerializer(rows, many=True).data)
