"""The duty hours API: the caller's own duty windows (admins: also the whole fallback rota).

GET lists, POST adds, DELETE removes. The rules are duty_policies', as on the web: a group
the caller may not see answers 404, a group they do not facilitate 403, someone else's
window 404 (unless the caller is an admin).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.models import User
from peerhaven.accounts.selectors import user_list_named
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.groups import selectors as group_selectors
from peerhaven.safety import duty, duty_policies, duty_services
from peerhaven.safety.models import DutyWindow

TAGS = ["duty"]
TRUE_VALUES = {"1", "true", "yes"}

ERRORS: dict[int, Any] = {
    400: OpenApiResponse(
        ErrorSerializer, description="Invalid data (field errors in extra.fields); nothing saved."
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description=(
            "Not signed in; or not allowed: only a group's facilitators add hours for it "
            "(not_facilitator), each for themselves (not_own_window); only admins add "
            "fallback hours or list the whole rota (not_admin)."
        ),
    ),
    404: OpenApiResponse(
        ErrorSerializer,
        description="No such group or window, or not visible to you / not yours.",
    ),
    429: OpenApiResponse(ErrorSerializer, description="Too many writes; try again later."),
}


@contextmanager
def _field_errors() -> Iterator[None]:
    """Turn a service's ValidationError into a 400 with field errors."""
    try:
        yield
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise serializers.ValidationError(detail) from exc


class DutyWindowOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DutyWindow.Kind.choices)
    group = serializers.SlugField(allow_null=True, help_text="The group's slug; null: fallback.")
    group_name = serializers.CharField(allow_null=True)
    user = serializers.CharField(help_text="The responder's display name.")
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 is Monday.")
    starts = serializers.TimeField(format="%H:%M")
    ends = serializers.TimeField(
        format="%H:%M",
        help_text="At or before `starts`: runs into the next day. 00:00–00:00: the whole day.",
    )
    time_zone = serializers.CharField(help_text="The IANA time zone the times are read in.")
    counts = serializers.BooleanField(
        help_text=(
            "Whether alerts go through it: false once its owner no longer facilitates the "
            "group (or, for fallback, is no longer an admin)."
        )
    )
    on_duty_now = serializers.BooleanField()

    class Meta:
        ref_name = "DutyWindow"


def _output(windows: list[DutyWindow]) -> list[dict[str, Any]]:
    now = timezone.now()
    counting: set[int] = set()
    by_user: dict[int, list[DutyWindow]] = {}
    for window in windows:
        by_user.setdefault(window.user_id, []).append(window)
    for user_windows in by_user.values():
        counting |= duty.windows_that_count(user=user_windows[0].user, windows=user_windows)
    return [
        {
            "id": w.pk,
            "kind": w.kind,
            "group": w.group.slug if w.group else None,
            "group_name": w.group.name if w.group else None,
            "user": w.user.display_name,
            "weekday": w.weekday,
            "starts": w.starts,
            "ends": w.ends,
            "time_zone": w.time_zone,
            "counts": w.pk in counting,
            "on_duty_now": w.pk in counting and duty.window_covers(w, now),
        }
        for w in windows
    ]


class DutyWindowListApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=DutyWindow.Kind.choices)
        group = StrictCharField(
            required=False,
            allow_null=True,
            help_text="The group's slug, for kind group (a group you facilitate).",
        )
        user = StrictCharField(
            required=False,
            allow_null=True,
            help_text=(
                "The fallback responder's display name (an admin); defaults to you. Group "
                "hours are always your own."
            ),
        )
        weekday = serializers.IntegerField(
            min_value=0,
            max_value=6,
            help_text="0 is Monday, 6 is Sunday.",
            error_messages={
                "min_value": _("Choose a day of the week (0 is Monday, 6 is Sunday)."),
                "max_value": _("Choose a day of the week (0 is Monday, 6 is Sunday)."),
            },
        )
        starts = serializers.TimeField(input_formats=["%H:%M", "%H:%M:%S"], help_text="HH:MM")
        ends = serializers.TimeField(input_formats=["%H:%M", "%H:%M:%S"], help_text="HH:MM")
        time_zone = StrictCharField(
            required=False,
            allow_null=True,
            max_length=64,
            help_text="An IANA time zone; defaults to the responder's profile time zone.",
        )

        class Meta:
            ref_name = "DutyWindowInput"

    @extend_schema(
        tags=TAGS,
        summary="Your duty hours",
        description=(
            "Your duty windows, group ones and fallback ones. Admins may add ?all=1 to also "
            "get every fallback window on the site (the fallback rota)."
        ),
        parameters=[
            OpenApiParameter(
                "all",
                OpenApiTypes.BOOL,
                description="Admins only: include every fallback window.",
                required=False,
            )
        ],
        responses={200: DutyWindowOutputSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        all_fallback = request.query_params.get("all", "").lower() in TRUE_VALUES
        if all_fallback:
            duty_policies.check_list_all_fallback_windows(user)
        windows = duty.windows_visible_to(user=user, all_fallback=all_fallback)
        return Response(DutyWindowOutputSerializer(_output(windows), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Add duty hours",
        description=(
            "While on duty you get alerts when someone may be at risk. Facilitators add "
            "hours for a group they facilitate, for themselves; admins add fallback hours "
            "for themselves or another admin. At most 50 windows per person; an end equal "
            "to the start is refused unless both are 00:00 (the whole day)."
        ),
        request=InputSerializer,
        responses={
            201: DutyWindowOutputSerializer,
            400: ERRORS[400],
            403: ERRORS[403],
            404: ERRORS[404],
            429: ERRORS[429],
        },
        examples=[
            OpenApiExample(
                "Evenings on duty for a group",
                request_only=True,
                value={
                    "kind": "group",
                    "group": "evening-circle",
                    "weekday": 0,
                    "starts": "19:00",
                    "ends": "21:00",
                    "time_zone": "Europe/London",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        actor = signed_in_user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Refusals first, so nobody learns about groups or people from what they may not do.
        duty_policies.check_add_duty_windows(actor)
        if data["kind"] == DutyWindow.Kind.FALLBACK:
            duty_policies.check_add_duty_window(
                actor, kind=DutyWindow.Kind.FALLBACK, group=None, user=actor
            )
        group = None
        if data["kind"] == DutyWindow.Kind.GROUP and data.get("group"):
            group = group_selectors.group_get_visible(user=actor, slug=data["group"])
        target = _responder(actor, data.get("user"))
        with _field_errors():
            window = duty_services.duty_window_add(
                actor=actor,
                user=target,
                kind=data["kind"],
                group=group,
                weekday=data["weekday"],
                starts=data["starts"],
                ends=data["ends"],
                time_zone=data.get("time_zone") or None,
            )
        window = DutyWindow.objects.select_related("group", "user").get(pk=window.pk)
        return Response(
            DutyWindowOutputSerializer(_output([window])[0]).data, status=status.HTTP_201_CREATED
        )


def _responder(actor: User, display_name: str | None) -> User:
    if not display_name or not display_name.strip():
        return actor
    # Names are unique up to look-alikes, so this finds the one person it names.
    person = user_list_named(display_name).first()
    if person is None:
        raise serializers.ValidationError({"user": [_("There is no one with that display name.")]})
    return person


class DutyWindowDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Remove duty hours",
        description="Your own window; admins may remove anyone's. Others answer 404.",
        request=None,
        responses={
            204: OpenApiResponse(description="Removed."),
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    def delete(self, request: Request, window_id: int) -> Response:
        user = signed_in_user(request)
        window = duty.duty_window_get_removable(user=user, window_id=window_id)
        duty_services.duty_window_remove(actor=user, window=window)
        return Response(status=status.HTTP_204_NO_CONTENT)
