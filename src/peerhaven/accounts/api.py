"""The account API: always the caller's own account (`/me/...`), never anyone else's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import logout, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts import email_change, selectors, services
from peerhaven.accounts.auth_forms import EMAIL_MAX
from peerhaven.accounts.auth_views import inbox_flooded
from peerhaven.accounts.credential_views import password_guesses_spent, too_many_tries_message
from peerhaven.accounts.models import (
    DISPLAY_NAME_MAX,
    LANGUAGE_CODES,
    MessagePermission,
    Profile,
    Role,
    SupportPreference,
    Topic,
    User,
    validate_time_zone,
)
from peerhaven.accounts.passwords import validate_password_length
from peerhaven.accounts.sessions import session_to_keep
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.accounts.views import (
    RATE_ACCOUNT_DELETE,
    RATE_ACCOUNT_DELETE_GROUP,
    export_response,
)
from peerhaven.core.exceptions import LimitReached

TAGS = ["account"]


class ServiceUnavailable(APIException):
    status_code = 503
    default_code = "email_not_sent"


class StrictCharField(serializers.CharField):
    """Text only: a number or true/false is refused instead of being turned into text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer[Any]):
    """The shape of every error answer. Field errors are in extra.fields."""

    message = serializers.CharField()
    code = serializers.CharField()
    extra = serializers.DictField()

    class Meta:
        ref_name = "Error"


ERRORS: dict[int, Any] = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid data; nothing was changed."),
    403: OpenApiResponse(ErrorSerializer, description="Not signed in, or a CSRF failure."),
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


class AccountDetailApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        display_name = StrictCharField(max_length=DISPLAY_NAME_MAX, min_length=2)

        class Meta:
            ref_name = "AccountInput"

    class OutputSerializer(serializers.Serializer[User]):
        display_name = serializers.CharField()
        role = serializers.ChoiceField(choices=Role.choices)
        email = serializers.EmailField(help_text="Only ever shown to its owner.")
        date_joined = serializers.DateTimeField()

        class Meta:
            ref_name = "Account"

    @extend_schema(
        tags=TAGS, summary="Your account", responses={200: OutputSerializer, 403: ERRORS[403]}
    )
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(signed_in_user(request)).data)

    @extend_schema(
        tags=TAGS,
        summary="Change your display name",
        description="The role and e-mail address cannot be changed here.",
        request=InputSerializer,
        responses={200: OutputSerializer, **ERRORS},
    )
    def patch(self, request: Request) -> Response:
        user = signed_in_user(request)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "display_name" in serializer.validated_data:
            with _field_errors():
                services.account_update(
                    user=user, actor=user, display_name=serializer.validated_data["display_name"]
                )
        return Response(self.OutputSerializer(user).data)


class ProfileDetailApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        topics = serializers.ListField(
            child=serializers.SlugField(max_length=60), max_length=100, required=False
        )
        languages = serializers.ListField(
            child=serializers.ChoiceField(choices=sorted(LANGUAGE_CODES)),
            max_length=10,
            required=False,
        )
        time_zone = StrictCharField(max_length=64, validators=[validate_time_zone], required=False)
        coarse_location = StrictCharField(
            max_length=100,
            allow_blank=True,
            required=False,
            help_text="A town or region, never a street address.",
        )
        country = serializers.ChoiceField(
            choices=sorted(selectors.COUNTRY_CODES),
            allow_blank=True,
            required=False,
            help_text="ISO 3166-1 alpha-2 code, used to show crisis lines.",
        )
        support_preference = serializers.ChoiceField(
            choices=SupportPreference.choices, required=False
        )
        content_filters = serializers.ListField(
            child=serializers.SlugField(max_length=60), max_length=100, required=False
        )
        who_may_message = serializers.ChoiceField(choices=MessagePermission.choices, required=False)
        coach_nudges = serializers.BooleanField(
            required=False, help_text="Show the communication coach's hints as you write."
        )
        email_replies = serializers.BooleanField(
            required=False,
            help_text=(
                "An e-mail, at most hourly, when others reply to threads you started (counts "
                "only, never who or what)."
            ),
        )

        class Meta:
            ref_name = "ProfileInput"

        def _topics(self, slugs: list[str]) -> list[Topic]:
            found = {t.slug: t for t in selectors.topic_list_active().filter(slug__in=slugs)}
            unknown = sorted(set(slugs) - found.keys())
            if unknown:
                raise serializers.ValidationError(
                    _("Unknown topics: %(slugs)s") % {"slugs": ", ".join(unknown)}
                )
            return [found[slug] for slug in dict.fromkeys(slugs)]

        def validate_topics(self, value: list[str]) -> list[Topic]:
            return self._topics(value)

        def validate_content_filters(self, value: list[str]) -> list[Topic]:
            return self._topics(value)

    class OutputSerializer(serializers.Serializer[Profile]):
        topics: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(
            many=True, read_only=True, slug_field="slug"
        )
        languages = serializers.ListField(child=serializers.CharField())
        time_zone = serializers.CharField()
        coarse_location = serializers.CharField()
        country = serializers.CharField()
        support_preference = serializers.ChoiceField(choices=SupportPreference.choices)
        content_filters: serializers.SlugRelatedField[Topic] = serializers.SlugRelatedField(
            many=True, read_only=True, slug_field="slug"
        )
        who_may_message = serializers.ChoiceField(choices=MessagePermission.choices)
        coach_nudges = serializers.BooleanField()
        email_replies = serializers.BooleanField()
        updated_at = serializers.DateTimeField()

        class Meta:
            ref_name = "Profile"
            model = Profile  # lets the schema read the topic slug type

    def _profile(self, user: User) -> Profile:
        profile = selectors.profile_get_for_user(user=user)
        if profile is None:
            # Accounts made on the command line get their default profile on first use.
            services.profile_update(user=user, actor=user)
            profile = selectors.profile_get_for_user(user=user)
        assert profile is not None  # noqa: S101
        return profile

    @extend_schema(
        tags=TAGS, summary="Your profile", responses={200: OutputSerializer, 403: ERRORS[403]}
    )
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(self._profile(signed_in_user(request))).data)

    @extend_schema(
        tags=TAGS,
        summary="Change your profile",
        description="Send only the fields to change. Topics are given by slug (see /topics/).",
        request=InputSerializer,
        responses={200: OutputSerializer, **ERRORS},
    )
    def patch(self, request: Request) -> Response:
        user = signed_in_user(request)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with _field_errors():
            services.profile_update(user=user, actor=user, **serializer.validated_data)
        return Response(self.OutputSerializer(self._profile(user)).data)


class AccountExportApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Download your data",
        description=(
            "Everything held about you, one key per section, as a JSON file attachment. "
            "The same file as the export on the website."
        ),
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="peerhaven-export-<date>.json"),
            403: ERRORS[403],
        },
    )
    def get(self, request: Request) -> HttpResponse:
        return export_response(signed_in_user(request))


class AccountDeleteApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        password = StrictCharField(trim_whitespace=False, validators=[validate_password_length])

        class Meta:
            ref_name = "AccountDeleteInput"

    @extend_schema(
        tags=TAGS,
        summary="Delete your account",
        description=(
            "Erases your account and everything tied to it, and ends all your sessions and "
            "your API token. Needs your password. A wrong password deletes nothing (400, "
            "code wrong_password). Tries are limited per account, together with the "
            "deletion page (429, code rate_limited). Groups you alone facilitate stay, without "
            "a facilitator, and the organization's admins are told; to hand one over, make "
            "another member a facilitator first."
        ),
        request=InputSerializer,
        responses={204: OpenApiResponse(description="Deleted."), **ERRORS},
        examples=[OpenApiExample("Confirm with your password", value={"password": "…"})],
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        # The deletion page's limit on password guesses, counted together with it.
        if is_ratelimited(
            request,
            group=RATE_ACCOUNT_DELETE_GROUP,
            key="user",
            rate=RATE_ACCOUNT_DELETE,
            method="POST",
            increment=True,
        ):
            raise LimitReached(
                _("Too many tries at your password. Please wait a while and try again."),
                code="rate_limited",
            )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.account_delete(user=user, password=serializer.validated_data["password"])
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TopicListApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        slug = serializers.SlugField()
        name = serializers.CharField()
        description = serializers.CharField()

        class Meta:
            ref_name = "Topic"

    @extend_schema(
        tags=["topics"],
        summary="Lived-experience topics",
        description="The instance's active topics, for profile topics and content filters.",
        responses={200: OutputSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request: Request) -> Response:
        topics = selectors.topic_list_active()
        return Response(self.OutputSerializer(topics, many=True).data)


def _password_guess_allowed(request: Request) -> None:
    if password_guesses_spent(request._request):
        raise LimitReached(too_many_tries_message(), code="rate_limited")


class PasswordChangeApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        current_password = StrictCharField(
            trim_whitespace=False, validators=[validate_password_length]
        )
        new_password = StrictCharField(trim_whitespace=False, validators=[validate_password_length])

        class Meta:
            ref_name = "PasswordChangeInput"

    @extend_schema(
        tags=TAGS,
        summary="Change your password",
        description=(
            "Needs the current password (400, code wrong_password, when it is not right; "
            "tries are limited per account together with the website and the e-mail change: "
            "429, code rate_limited). The new password must pass the site's password rules "
            "(400 with extra.fields.new_password). Every session elsewhere ends and the API "
            "token is revoked (a call made with it is its last); a session that made the call "
            "stays signed in. A note goes to the account's e-mail address."
        ),
        request=InputSerializer,
        responses={204: OpenApiResponse(description="Changed."), **ERRORS},
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        _password_guess_allowed(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_password = serializer.validated_data["new_password"]
        try:
            password_validation.validate_password(new_password, user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"new_password": exc.messages}) from exc
        services.account_password_change(
            user=user,
            actor=user,
            current_password=serializer.validated_data["current_password"],
            new_password=new_password,
            keep_session=session_to_keep(request._request, user),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailChangeApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        email = serializers.EmailField(max_length=EMAIL_MAX)
        password = StrictCharField(trim_whitespace=False, validators=[validate_password_length])

        class Meta:
            ref_name = "EmailChangeInput"

    class OutputSerializer(serializers.Serializer[Any]):
        message = serializers.CharField()

        class Meta:
            ref_name = "EmailChangeSent"

    @extend_schema(
        tags=TAGS,
        summary="Change your e-mail address",
        description=(
            "Sends a link to the new address; the address changes when the link is opened "
            "(in a browser) and the old address is then told. Until then nothing changes. "
            "The answer is the same whether or not the new address already has an account "
            "(that address gets a note instead of a link). Needs your password (400, code "
            "wrong_password; tries limited as for the password change: 429, rate_limited)."
        ),
        request=InputSerializer,
        responses={202: OutputSerializer, 503: ERRORS[400], **ERRORS},
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        _password_guess_allowed(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_email = serializer.validated_data["email"].strip().lower()
        with _field_errors():
            services.account_email_change_check(
                user=user,
                actor=user,
                password=serializer.validated_data["password"],
                new_email=new_email,
            )
        if not inbox_flooded(request._request, "email-change-email", new_email):
            try:
                email_change.email_change_link_send(user, new_email)
            except Exception as exc:
                raise ServiceUnavailable(
                    _("We could not send the e-mail just now. Your address is unchanged.")
                ) from exc
        message = _("We sent a link to the new address. Your address changes when it is opened.")
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)


class SignOutOthersApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Sign out everywhere else",
        description=(
            "Ends every session signed in to your account (browsers, phones) except the one "
            "making the call, if it is a session, and revokes the API token (a call made with "
            "it is its last): anyone who used your account could have made one."
        ),
        request=None,
        responses={204: OpenApiResponse(description="Signed out elsewhere."), **ERRORS},
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        services.account_sessions_end_others(
            user=user, actor=user, keep_session=session_to_keep(request._request, user)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignInListApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        at = serializers.DateTimeField()
        ended_at = serializers.DateTimeField(
            allow_null=True, help_text="When it was signed out or ended from elsewhere."
        )
        browser = serializers.CharField(help_text='As people name it: "Firefox on Windows".')
        ip_address = serializers.CharField(allow_null=True)
        this_browser = serializers.BooleanField(help_text="The session making this call.")
        expired = serializers.BooleanField(help_text="Older than a session can last.")

        class Meta:
            ref_name = "SignIn"

    @extend_schema(
        tags=TAGS,
        summary="Your latest sign-ins",
        description=(
            f"The newest {selectors.RECENT_SIGN_INS}, newest first, so you can spot one that "
            "was not you (then: POST /me/sign-out-others/ and change your password)."
        ),
        responses={200: OutputSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        rows = selectors.sign_in_list_recent(
            user=user, session=session_to_keep(request._request, user)
        )
        return Response(self.OutputSerializer(rows, many=True).data)
