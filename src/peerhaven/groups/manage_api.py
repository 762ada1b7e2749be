"""The group API for running a group, as the web's facilitator pages do it: start a group,
edit it, decide requests to join, make and withdraw invite links. And for the people on the
other side: withdraw one's own request, look at an invite and accept it.

Every rule comes from groups/policies.py, through the services, in the order the web views
in groups/views.py apply them: a group the caller may not see answers 404; for the
facilitator endpoints a non-member also gets 404 and a member who is not a facilitator 403
(not_facilitator); only then is the input read. A refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.models import Topic
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.api import page_of
from peerhaven.core.exceptions import NotFound
from peerhaven.groups import policies, selectors, services
from peerhaven.groups.api import (
    AgreeInputSerializer,
    GroupDetailApi,
    GroupJoinApi,
    TopicRefSerializer,
    VersionsSerializer,
)
from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest

TAGS = ["groups"]
PAGE_SIZE = 25


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


E400 = _error("Invalid data (field errors in extra.fields); nothing was changed.")
E403_SIGN_IN = _error("Not signed in (or two-factor sign-in not finished).")
E403_MANAGE = _error(
    "Not signed in, or not_facilitator: you are a member, but not one of its facilitators."
)
E404_GROUP = _error("No such group, or not visible to you (non-members of it included).")
E429 = _error("Too many writes; try again later.")


# --- Shared pieces --------------------------------------------------------------------


def _group(request: Request, group_slug: str) -> Group:
    return selectors.group_get_visible(user=request.user, slug=group_slug)


def _managed_group(request: Request, group_slug: str) -> Group:
    """The group, for its facilitators and site admins only (GroupPageView's checks)."""
    group = _group(request, group_slug)
    policies.check_manage_group(request.user, group)
    return group


def _details(request: Request, group: Group) -> Any:
    """The group exactly as GET /groups/<slug>/ shows it to the caller."""
    return GroupDetailApi().get(request, group_slug=group.slug).data


@contextmanager
def _field_errors() -> Iterator[None]:
    """Turn a service's ValidationError (keyed by field) into a 400 with field errors."""
    try:
        yield
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise serializers.ValidationError(detail) from exc


class PageQuerySerializer(serializers.Serializer[Any]):
    page = serializers.IntegerField(min_value=1, default=1)

    class Meta:
        ref_name = "GroupManagePageQuery"


class PageSerializer(serializers.Serializer[Any]):
    """{count, page, pages, per_page, results}: the shape of every list here."""

    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    per_page = serializers.IntegerField()

    class Meta:
        ref_name = "GroupManagePage"


def _page(request: Request, rows: QuerySet[Any]) -> tuple[list[Any], dict[str, int]]:
    query = PageQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return page_of(rows, query.validated_data["page"], PAGE_SIZE)


# --- Starting and editing a group -----------------------------------------------------


class GroupInputSerializer(serializers.Serializer[Any]):
    """The web form's fields and bounds (groups/forms.py GroupForm); the service checks the
    rest (a name with letters, not taken; a known place; questions; languages)."""

    name = StrictCharField(max_length=120)
    description = StrictCharField(max_length=2000, required=False, allow_blank=True)
    topics = serializers.ListField(
        child=serializers.SlugField(max_length=60),
        required=False,
        help_text="Topic slugs (see /topics/); none for a general group.",
    )
    format = serializers.ChoiceField(choices=Group.Format.choices, required=False)
    place_name = StrictCharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="A town or city, never an address; in-person and hybrid groups need one.",
    )
    languages = serializers.ListField(
        child=StrictCharField(), required=False, help_text="Language codes, at most 10."
    )
    listing = serializers.ChoiceField(choices=Group.Listing.choices, required=False)
    join_policy = serializers.ChoiceField(choices=Group.JoinPolicy.choices, required=False)
    join_questions = serializers.ListField(
        child=StrictCharField(allow_blank=True),
        required=False,
        help_text=(
            f"For groups that take requests: at most {services.QUESTIONS_MAX} questions of "
            f"up to {services.QUESTION_MAX_LENGTH} characters; answering is always optional."
        ),
    )
    what_to_expect = StrictCharField(max_length=2000, required=False, allow_blank=True)
    capacity = serializers.IntegerField(
        min_value=2, max_value=10000, allow_null=True, required=False, help_text="null: no limit."
    )
    message_retention_days = serializers.IntegerField(
        min_value=1,
        max_value=3650,
        allow_null=True,
        required=False,
        help_text="Older messages are erased for good. null: kept until their authors delete them.",
    )
    require_coach_nudges = serializers.BooleanField(required=False)
    premoderate_first_posts = serializers.IntegerField(
        min_value=0,
        max_value=20,
        allow_null=True,
        required=False,
        help_text="How many of a new member's first posts wait for a facilitator; 0 or null: off.",
    )

    class Meta:
        ref_name = "GroupInput"

    def validate_topics(self, value: list[str]) -> list[Topic]:
        # The web form offers the active topics only; anything else is not one of them.
        found = {t.slug: t for t in account_selectors.topic_list_active().filter(slug__in=value)}
        unknown = sorted(set(value) - found.keys())
        if unknown:
            raise serializers.ValidationError(
                _("Unknown topics: %(slugs)s") % {"slugs": ", ".join(unknown)}
            )
        return [found[slug] for slug in dict.fromkeys(value)]

    def validate_premoderate_first_posts(self, value: int | None) -> int:
        return value or 0


class GroupCreateApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Start a group",
        description=(
            "Site facilitators and organization admins only. You become the group's "
            "facilitator. Fields left out take the web form's defaults (online, listed, "
            "open). Answers the group as GET /groups/{group_slug}/ does."
        ),
        request=GroupInputSerializer,
        responses={
            201: GroupDetailApi.OutputSerializer,
            400: E400,
            403: _error(
                "Not signed in, or not_allowed: only facilitators and admins start groups."
            ),
            429: E429,
        },
        examples=[
            OpenApiExample(
                "An online group that takes requests",
                value={
                    "name": "Sunday Walkers",
                    "description": "Walking and talking after a loss.",
                    "topics": [],
                    "join_policy": "request",
                    "join_questions": ["What brings you here?"],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        # Refused before the input is read, as on the web: a member learns nothing more.
        policies.check_create_group(request.user)
        serializer = GroupInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _field_errors():
            group = services.group_create(
                actor=signed_in_user(request), **serializer.validated_data
            )
        return Response(_details(request, group), status=status.HTTP_201_CREATED)


class GroupEditApi(GroupDetailApi):
    """The group's details (GET, open to visitors as in api.py) and, for those who manage
    it, PATCH to change them."""

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        tags=TAGS,
        summary="Change a group",
        description=(
            "The group's facilitators and site admins. Send only the fields to change; null "
            "capacity or message_retention_days removes the limit. The slug never changes, "
            "so links already shared keep working."
        ),
        request=GroupInputSerializer,
        responses={
            200: GroupDetailApi.OutputSerializer,
            400: E400,
            403: E403_MANAGE,
            404: E404_GROUP,
            429: E429,
        },
    )
    def patch(self, request: Request, group_slug: str) -> Response:
        group = _managed_group(request, group_slug)
        serializer = GroupInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with _field_errors():
            services.group_update(
                actor=signed_in_user(request),
                group=group,
                clear_capacity="capacity" in data and data["capacity"] is None,
                clear_message_retention=(
                    "message_retention_days" in data and data["message_retention_days"] is None
                ),
                **data,
            )
        return Response(_details(request, group))


# --- Requests to join -----------------------------------------------------------------


class AnswerSerializer(serializers.Serializer[Any]):
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Empty when the person left it unanswered.")

    class Meta:
        ref_name = "JoinRequestAnswer"


class JoinRequestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    display_name = serializers.CharField(source="user.display_name")
    answers = AnswerSerializer(many=True, help_text="The group's questions with the answers.")
    status = serializers.CharField(help_text="pending, approved, declined or withdrawn.")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "JoinRequest"


def _join_request(group: Group, request_id: int) -> JoinRequest:
    """A request to join this group (a request to another group is not found here)."""
    join_request = (
        JoinRequest.objects.select_related("user", "group")
        .filter(pk=request_id, group=group)
        .first()
    )
    if join_request is None:
        raise NotFound(_("There is no such request."), code="not_found")
    return join_request


class JoinRequestListApi(APIView):
    class OutputSerializer(PageSerializer):
        results = JoinRequestSerializer(many=True)

        class Meta:
            ref_name = "JoinRequestPage"

    @extend_schema(
        tags=TAGS,
        summary="Requests to join a group",
        description=(
            "The group's facilitators and site admins: the requests waiting for a decision, "
            f"oldest first, {PAGE_SIZE} a page, each with the answers given."
        ),
        parameters=[PageQuerySerializer],
        responses={
            200: OutputSerializer,
            400: _error("Invalid page."),
            403: E403_MANAGE,
            404: E404_GROUP,
        },
    )
    def get(self, request: Request, group_slug: str) -> Response:
        group = _managed_group(request, group_slug)
        items, meta = _page(request, selectors.join_request_list_pending(group=group))
        return Response(self.OutputSerializer({**meta, "results": items}).data)


DECISION_RESPONSES: dict[int, Any] = {
    200: JoinRequestSerializer,
    403: E403_MANAGE,
    404: _error("No such group visible to you, or no such request to join this group."),
    409: _error(
        "request_not_pending: it was decided or withdrawn already; group_full (approving only)."
    ),
    429: E429,
}


class JoinRequestApproveApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Approve a request to join",
        description="The person becomes a member and hears so in their notices.",
        request=None,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: Request, group_slug: str, request_id: int) -> Response:
        join_request = _join_request(_managed_group(request, group_slug), request_id)
        services.join_request_approve(actor=signed_in_user(request), join_request=join_request)
        join_request.refresh_from_db()
        return Response(JoinRequestSerializer(join_request).data)


class JoinRequestDeclineApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Decline a request to join",
        description="The person hears in their notices that it was not accepted this time.",
        request=None,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: Request, group_slug: str, request_id: int) -> Response:
        join_request = _join_request(_managed_group(request, group_slug), request_id)
        join_request = services.join_request_decline(
            actor=signed_in_user(request), join_request=join_request
        )
        return Response(JoinRequestSerializer(join_request).data)


class JoinRequestWithdrawApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Withdraw your request to join",
        description=(
            "Your own request waiting for this group's facilitators (the group's "
            "request_pending says whether there is one)."
        ),
        request=None,
        responses={
            204: OpenApiResponse(description="Withdrawn."),
            403: E403_SIGN_IN,
            404: _error("No such group visible to you, or no request of yours waiting."),
            429: E429,
        },
    )
    def post(self, request: Request, group_slug: str) -> Response:
        group = _group(request, group_slug)
        join_request = selectors.join_request_pending_of(user=request.user, group=group)
        if join_request is None:
            raise NotFound(_("You have no request waiting to join this group."), code="not_found")
        services.join_request_withdraw(user=signed_in_user(request), join_request=join_request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Invite links ---------------------------------------------------------------------


class InviteSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    token = serializers.CharField(help_text="What /invites/{token}/accept/ takes.")
    path = serializers.CharField(help_text="The invite link on this site: /groups/invite/<token>/")
    url = serializers.CharField(help_text="The same link with this site's address, to share.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    max_uses = serializers.IntegerField(help_text="How many people can join through it.")
    uses = serializers.IntegerField(help_text="How many have.")

    class Meta:
        ref_name = "Invite"


def _invite_data(request: Request, invite: Invite) -> dict[str, Any]:
    path = reverse("group-invite-accept", kwargs={"token": invite.token})
    return {
        "id": invite.pk,
        "token": invite.token,
        "path": path,
        "url": request.build_absolute_uri(path),
        "created_at": invite.created_at,
        "expires_at": invite.expires_at,
        "max_uses": invite.max_uses,
        "uses": invite.uses,
    }


class GroupInvitesApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        days = serializers.IntegerField(
            default=services.INVITE_DAYS_DEFAULT,
            help_text=f"How long the link works, 1 to {services.INVITE_DAYS_MAX} days.",
        )
        max_uses = serializers.IntegerField(
            default=1, help_text=f"How many people can use it, 1 to {services.INVITE_USES_MAX}."
        )

        class Meta:
            ref_name = "InviteInput"

    class OutputSerializer(PageSerializer):
        results = InviteSerializer(many=True)

        class Meta:
            ref_name = "InvitePage"

    @extend_schema(
        tags=TAGS,
        summary="A group's invite links",
        description=(
            "The group's facilitators and site admins: the links not withdrawn and not "
            f"expired, newest first, {PAGE_SIZE} a page."
        ),
        parameters=[PageQuerySerializer],
        responses={
            200: OutputSerializer,
            400: _error("Invalid page."),
            403: E403_MANAGE,
            404: E404_GROUP,
        },
    )
    def get(self, request: Request, group_slug: str) -> Response:
        group = _managed_group(request, group_slug)
        items, meta = _page(request, selectors.invite_list_active(group=group))
        results = [_invite_data(request, invite) for invite in items]
        return Response(self.OutputSerializer({**meta, "results": results}).data)

    @extend_schema(
        tags=TAGS,
        summary="Make an invite link",
        description=(
            "Anyone holding the link can see the group and join it (whatever its join "
            "policy) until it expires, is used up or is withdrawn."
        ),
        request=InputSerializer,
        responses={
            201: InviteSerializer,
            400: E400,
            403: E403_MANAGE,
            404: E404_GROUP,
            429: E429,
        },
    )
    def post(self, request: Request, group_slug: str) -> Response:
        group = _managed_group(request, group_slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invite = services.invite_create(
            actor=signed_in_user(request), group=group, **serializer.validated_data
        )
        return Response(_invite_data(request, invite), status=status.HTTP_201_CREATED)


class GroupInviteRevokeApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Withdraw an invite link",
        description="The link stops working at once; people who joined through it stay.",
        responses={
            204: OpenApiResponse(description="Withdrawn (or was already)."),
            403: E403_MANAGE,
            404: _error("No such group visible to you, or no such link for this group."),
            429: E429,
        },
    )
    def delete(self, request: Request, group_slug: str, invite_id: int) -> Response:
        group = _managed_group(request, group_slug)
        invite = Invite.objects.filter(pk=invite_id, group=group).first()
        if invite is None:
            raise NotFound(_("There is no such invite link."), code="not_found")
        services.invite_revoke(actor=signed_in_user(request), invite=invite)
        return Response(status=status.HTTP_204_NO_CONTENT)


E404_INVITE = _error("invite_not_found: no such invite link.")
E409_INVITE = (
    "invite_revoked, invite_expired or invite_used_up: the link cannot be used; ask for a new one."
)


class InviteDetailApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        group = serializers.SlugField()
        name = serializers.CharField()
        description = serializers.CharField()
        topics = TopicRefSerializer(many=True)
        format = serializers.ChoiceField(choices=Group.Format.choices)
        languages = serializers.ListField(child=serializers.CharField())
        what_to_expect = serializers.CharField()
        expires_at = serializers.DateTimeField()
        guidelines = VersionsSerializer(help_text="The versions you agree to by accepting.")
        member = serializers.BooleanField(help_text="True when you are a member already.")

        class Meta:
            ref_name = "InviteOffer"

    @extend_schema(
        tags=TAGS,
        summary="An invite link's group",
        description=(
            "What the link invites you to, and the guideline versions to send when you "
            "accept it (the group may be unlisted, so GET /groups/{group_slug}/ may not "
            "answer until you are a member)."
        ),
        responses={
            200: OutputSerializer,
            403: E403_SIGN_IN,
            404: E404_INVITE,
            409: _error(E409_INVITE),
        },
    )
    def get(self, request: Request, token: str) -> Response:
        invite = selectors.invite_get_by_token(token=token)
        problem = services.invite_problem(invite)
        if problem is not None:
            raise problem
        group = invite.group
        terms = selectors.agreement_terms(group=group)
        data = {
            "group": group.slug,
            "name": group.name,
            "description": group.description,
            "topics": [{"slug": t.slug, "name": t.name} for t in group.topics.all()],
            "format": group.format,
            "languages": list(group.languages),
            "what_to_expect": group.what_to_expect,
            "expires_at": invite.expires_at,
            "guidelines": {
                "instance_version": terms.instance_number,
                "group_version": terms.group_number,
            },
            "member": policies.membership_of(request.user, group) is not None,
        }
        return Response(self.OutputSerializer(data).data)


class InviteAcceptApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Join a group through an invite link",
        description=(
            "Whatever the group's join policy or listing. You agree to the community "
            "guidelines and the group's rules: send the version numbers you read (GET "
            "/invites/{token}/ for the current ones)."
        ),
        request=AgreeInputSerializer,
        responses={
            201: GroupJoinApi.OutputSerializer,
            400: E400,
            403: E403_SIGN_IN,
            404: E404_INVITE,
            409: _error(
                f"{E409_INVITE} Also already_member, group_full, superseded_version / "
                "unknown_version (extra holds the current versions)."
            ),
            429: E429,
        },
    )
    def post(self, request: Request, token: str) -> Response:
        invite = selectors.invite_get_by_token(token=token)
        serializer = AgreeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.invite_accept(
            user=signed_in_user(request),
            token=token,
            instance_version=serializer.validated_data["agree_instance_version"],
            group_version=serializer.validated_data["agree_group_version"],
            via=Agreement.Via.API,
        )
        data = {"status": "member", "group": invite.group.slug}
        return Response(GroupJoinApi.OutputSerializer(data).data, status=status.HTTP_201_CREATED)
