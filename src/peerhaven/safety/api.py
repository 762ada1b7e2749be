"""The safety net's API: alerts for responders, "I need help now" for members, and the
dashboard's counts. Alerts answer 404 to anyone not entitled to them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.api import page_of
from peerhaven.groups.models import Group
from peerhaven.safety import policies, selectors, services
from peerhaven.safety.models import Alert
from peerhaven.safety.reasons import reason_label

TAGS = ["safety"]
PAGE_SIZE = 25


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


E400 = _error("Invalid data (an unknown outcome, a note too long); nothing was changed.")
E403 = _error("Not signed in.")
E404 = _error("No such alert, or not one you may see.")
E409 = _error(
    "alert_already_answered: someone acknowledged it first (the message names them); "
    "alert_closed: it is closed already."
)


class ReasonSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    # DRF takes declared fields off the class, so this does not shadow Field.label.
    label = serializers.CharField()  # type: ignore[assignment]

    class Meta:
        ref_name = "SafetyAlertReason"


class AlertSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Alert.Kind.choices)
    status = serializers.ChoiceField(choices=Alert.Status.choices)
    title = serializers.CharField()
    group = serializers.CharField(allow_null=True, help_text="The group's slug; null site-wide.")
    member = serializers.CharField(
        allow_null=True, help_text="Display name of the person; null if the account is gone."
    )
    reasons = ReasonSerializer(many=True)
    nobody_on_duty = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.CharField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    message_url = serializers.CharField(
        allow_blank=True,
        help_text="Link to the message in its conversation, when you may read it there.",
    )
    message_text = serializers.CharField(
        allow_null=True, help_text="The message, only for members of its group."
    )
    url = serializers.CharField(help_text="The alert's web page.")

    class Meta:
        ref_name = "SafetyAlert"


def alert_data(alert: Alert, user: Any) -> dict[str, Any]:
    see_message = policies.can_see_alert_message(user, alert)
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "status": alert.status,
        "title": services.alert_title(alert),
        "group": alert.group.slug if alert.group else None,
        "member": alert.member.display_name if alert.member else None,
        "reasons": [{"code": r, "label": reason_label(r)} for r in alert.reasons],
        "nobody_on_duty": alert.nobody_on_duty,
        "created_at": alert.created_at,
        "acknowledged_at": alert.acknowledged_at,
        "acknowledged_by": alert.acknowledged_by.display_name if alert.acknowledged_by else None,
        "closed_at": alert.closed_at,
        "outcome": alert.outcome,
        "message_url": (
            reverse("message-in-context", args=[alert.message_id]) if see_message else ""
        ),
        "message_text": alert.message.body if see_message and alert.message else None,
        "url": reverse("safety-alert", kwargs={"alert_id": alert.pk}),
    }


class AlertListApi(APIView):
    class QuerySerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=Alert.Status.choices, required=False, help_text="Only alerts in this state."
        )
        page = serializers.IntegerField(min_value=1, default=1)

        class Meta:
            ref_name = "SafetyAlertQuery"

    class OutputSerializer(serializers.Serializer[Any]):
        count = serializers.IntegerField()
        page = serializers.IntegerField()
        pages = serializers.IntegerField()
        results = AlertSerializer(many=True)

        class Meta:
            ref_name = "SafetyAlertPage"

    @extend_schema(
        tags=TAGS,
        summary="Alerts you may see",
        description=(
            "Responders: alerts sent to you; facilitators: also their groups'; admins: all. "
            f"Newest first, {PAGE_SIZE} a page."
        ),
        parameters=[QuerySerializer],
        responses={200: OutputSerializer, 400: E400, 403: E403},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        alerts = selectors.alert_list_visible(
            user=user, status=query.validated_data.get("status")
        ).select_related("message__conversation__group")
        page, meta = page_of(alerts, query.validated_data["page"], PAGE_SIZE)
        data = {**meta, "results": [alert_data(a, user) for a in page]}
        return Response(self.OutputSerializer(data).data)


class AlertDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One alert",
        operation_id="alerts_detail",
        responses={200: AlertSerializer, 403: E403, 404: E404},
    )
    def get(self, request: Request, alert_id: int) -> Response:
        user = signed_in_user(request)
        alert = selectors.alert_get_visible(user=user, alert_id=alert_id)
        return Response(AlertSerializer(alert_data(alert, user)).data)


class AlertAcknowledgeApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Acknowledge an alert (I'm on it)",
        description="Stops the escalation. Only the first acknowledgement counts.",
        request=None,
        responses={200: AlertSerializer, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request: Request, alert_id: int) -> Response:
        user = signed_in_user(request)
        alert = selectors.alert_get_visible(user=user, alert_id=alert_id)
        alert = services.alert_acknowledge(user=user, alert=alert)
        return Response(AlertSerializer(alert_data(alert, user)).data)


class AlertCloseApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        outcome = serializers.ChoiceField(choices=Alert.Outcome.choices)
        note = StrictCharField(
            required=False,
            allow_blank=True,
            max_length=services.OUTCOME_NOTE_MAX,
            help_text="For the other responders; no details about the person.",
        )

        class Meta:
            ref_name = "SafetyAlertClose"

    @extend_schema(
        tags=TAGS,
        summary="Close an alert with its outcome",
        request=InputSerializer,
        responses={200: AlertSerializer, 400: E400, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request: Request, alert_id: int) -> Response:
        user = signed_in_user(request)
        alert = selectors.alert_get_visible(user=user, alert_id=alert_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = services.alert_close(
            user=user,
            alert=alert,
            outcome=data.validated_data["outcome"],
            note=data.validated_data.get("note", ""),
        )
        return Response(AlertSerializer(alert_data(alert, user)).data)


class HelpRequestCreateApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        group = serializers.SlugField(
            required=False,
            allow_blank=True,
            help_text="The group you are in, so its facilitators on duty hear first.",
        )

        class Meta:
            ref_name = "SafetyHelpRequest"

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        status = serializers.ChoiceField(choices=Alert.Status.choices)
        created = serializers.BooleanField(help_text="False when your open request was reused.")
        help_url = serializers.CharField(help_text="Crisis lines for you, now.")

        class Meta:
            ref_name = "SafetyHelpRequestResult"

    @extend_schema(
        tags=TAGS,
        summary="I need help now",
        description=(
            "Tells the people on duty that you asked for help. Never refused: an unknown or "
            "inaccessible group is ignored, and pressing again within an hour joins the "
            "request still open (201 when new, 200 when reused)."
        ),
        request=InputSerializer,
        responses={200: OutputSerializer, 201: OutputSerializer, 403: E403},
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        data = self.InputSerializer(data=request.data)
        slug = data.validated_data.get("group", "") if data.is_valid() else ""
        group = Group.objects.filter(slug=slug).first() if slug else None
        alert, created = services.help_request_create(member=user, group=group)
        out = {
            "id": alert.pk,
            "status": alert.status,
            "created": created,
            "help_url": reverse("crisis-help"),
        }
        return Response(self.OutputSerializer(out).data, status=201 if created else 200)


class DashboardApi(APIView):
    class WeekSerializer(serializers.Serializer[Any]):
        week_start = serializers.DateTimeField()
        raised = serializers.IntegerField()
        acknowledged = serializers.IntegerField()
        median_seconds = serializers.FloatField(allow_null=True)
        p90_seconds = serializers.FloatField(allow_null=True)
        nobody_on_duty = serializers.IntegerField()

        class Meta:
            ref_name = "SafetyDashboardWeek"

    class OutputSerializer(serializers.Serializer[Any]):
        open = serializers.IntegerField()
        weeks = serializers.ListField(child=serializers.DictField())
        outcomes = serializers.DictField(child=serializers.IntegerField())
        closed = serializers.IntegerField()
        false_alarms = serializers.IntegerField()
        false_alarm_rate = serializers.FloatField(allow_null=True)
        nobody_on_duty = serializers.IntegerField()
        by_reason = serializers.DictField(
            child=serializers.DictField(child=serializers.IntegerField()),
            help_text="For each screen reason: alerts and false_alarms (counts, never text).",
        )

        class Meta:
            ref_name = "SafetyDashboard"

    @extend_schema(
        tags=TAGS,
        summary="Safety dashboard counts",
        operation_id="alerts_dashboard",
        description="Facilitators: their groups; admins: the site. Last eight weeks.",
        responses={200: OutputSerializer, 403: E403},
    )
    def get(self, request: Request) -> Response:
        dashboard = selectors.dashboard_for(user=signed_in_user(request))
        data = {
            "open": len(dashboard.open_alerts),
            "weeks": [self.WeekSerializer(w).data for w in dashboard.weeks],
            "outcomes": dashboard.outcomes,
            "closed": dashboard.closed,
            "false_alarms": dashboard.false_alarms,
            "false_alarm_rate": dashboard.false_alarm_rate,
            "nobody_on_duty": dashboard.nobody_on_duty,
            "by_reason": dashboard.by_reason,
        }
        return Response(self.OutputSerializer(data).data)
