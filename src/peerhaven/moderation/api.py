"""The moderation API: members report content and follow what happened to their own;
moderators work the queue, act, review held posts and decide appeals; admins read the
audit log; everyone signed in sees the published counts.

Every rule comes from moderation/policies.py through the selectors and services. A case or
an appeal someone may not handle answers 404, exactly like a missing one; the lists only
moderators have answer 403 to everyone else. Reporters are never shown to the people they
reported, and the author of reported content is never shown who reported it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.models import User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import policies as conversation_policies
from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.conversations.models import Message, Moderation
from peerhaven.core.api import page_of
from peerhaven.core.exceptions import NotFound
from peerhaven.groups import policies as group_policies
from peerhaven.groups import selectors as group_selectors
from peerhaven.groups.models import Group
from peerhaven.moderation import policies, selectors, services
from peerhaven.moderation.models import Action, Appeal, AuditEntry, Case, Notice, Report

TAGS = ["moderation"]
PAGE_SIZE = 25
# The queue holds cases waiting for a moderator; the others are found through their id.
QUEUE_STATUS_CHOICES = [(s.value, s.label) for s in selectors.QUEUE_STATUSES]


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


E403_SIGN_IN = _error("Not signed in.")
E403_MODERATORS = _error(
    "Not signed in, or not_moderator: this list is for group facilitators and organization admins."
)
E404_CASE = _error("case_not_found: no such case, or not one you may handle.")


# --- Shared pieces --------------------------------------------------------------------------


class PageQuerySerializer(serializers.Serializer[Any]):
    page = serializers.IntegerField(min_value=1, default=1)

    class Meta:
        ref_name = "ModerationPageQuery"


def _page(rows: QuerySet[Any], number: int) -> tuple[list[Any], dict[str, int]]:
    return page_of(rows, number, PAGE_SIZE)


class PageSerializer(serializers.Serializer[Any]):
    """{count, page, pages, per_page, results}: the shape of every list here."""

    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    per_page = serializers.IntegerField()

    class Meta:
        ref_name = "ModerationPage"


class _Titles:
    """Guideline titles by key, looked up once per group within a request."""

    def __init__(self) -> None:
        self._by_group: dict[int | None, dict[str, str]] = {}

    def choices(self, group: Group | None) -> dict[str, str]:
        group_id = group.pk if group is not None else None
        if group_id not in self._by_group:
            self._by_group[group_id] = services.guideline_choices(group)
        return self._by_group[group_id]

    def __call__(self, key: str, group: Group | None) -> str:
        return self.choices(group).get(key, key)


class GuidelineSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="What to send as `guideline`.")
    title = serializers.CharField()

    class Meta:
        ref_name = "ModerationGuideline"


def _guidelines_data(choices: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": key, "title": title} for key, title in choices.items()]


def _name(user: User | None) -> str | None:
    return user.display_name if user is not None else None


# --- Members: reporting -----------------------------------------------------------------


class ReportCreateApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        message = serializers.IntegerField(
            required=False, min_value=1, help_text="The post or chat message's id."
        )
        profile = StrictCharField(
            required=False, help_text="Or: the display name of the person whose profile it is."
        )
        guideline = StrictCharField(
            help_text="The key of the guideline at stake (GET /api/v1/reports/guidelines/)."
        )
        note = StrictCharField(
            required=False,
            allow_blank=True,
            help_text=f"For the moderators (at most {services.NOTE_MAX} characters).",
        )

        class Meta:
            ref_name = "ModerationReportInput"

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("message" in attrs) == ("profile" in attrs):
                raise serializers.ValidationError(
                    _("Report either a message or a profile."), code="one_target"
                )
            return attrs

    class OutputSerializer(serializers.Serializer[Any]):
        target = serializers.ChoiceField(choices=Case.Target.choices)
        guideline = serializers.CharField()
        guideline_title = serializers.CharField()
        note = serializers.CharField(allow_blank=True)
        case_status = serializers.ChoiceField(
            choices=Case.Status.choices, help_text="Where the matter stands now."
        )
        created_at = serializers.DateTimeField()

        class Meta:
            ref_name = "ModerationReport"

    @extend_schema(
        tags=TAGS,
        summary="Report a message or a profile",
        description=(
            "Cite the guideline at stake. Reports of the same content join one case; you are "
            "told the outcome in your notices. Who else reported it is never shown, nor are "
            "you shown to the author."
        ),
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: _error(
                "Nothing was changed. unknown_guideline: not a guideline in force there "
                "(extra.choices lists them); own_content: your own message or profile; "
                "already_removed; too_long (the note); invalid (neither or both targets)."
            ),
            403: E403_SIGN_IN,
            404: _error(
                "not_found: no such message, or not one you can read (deleted, "
                "hidden, or in a group you are not in); unknown_person: no such profile."
            ),
            409: _error("already_reported: you reported this before; it is being looked at."),
        },
        examples=[
            OpenApiExample(
                "Report a post",
                value={"message": 42, "guideline": "respect", "note": "Name-calling"},
                request_only=True,
            ),
            OpenApiExample(
                "Report a profile",
                value={"profile": "Sam", "guideline": "respect"},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = {"guideline_key": data["guideline"], "note": data.get("note", "")}
        group: Group | None = None
        if "message" in data:
            message = conversation_selectors.message_get(user=user, message_id=data["message"])
            group = message.conversation.group
            report = services.report_message(reporter=user, message=message, **fields)
        else:
            subject = conversation_selectors.person_get(display_name=data["profile"])
            report = services.report_profile(reporter=user, subject=subject, **fields)
        out = {
            "target": report.case.target,
            "guideline": report.guideline_key,
            "guideline_title": services.guideline_choices(group).get(report.guideline_key, ""),
            "note": report.note,
            "case_status": report.case.status,
            "created_at": report.created_at,
        }
        return Response(self.OutputSerializer(out).data, status=status.HTTP_201_CREATED)


class ReportGuidelinesApi(APIView):
    class QuerySerializer(serializers.Serializer[Any]):
        message = serializers.IntegerField(
            required=False,
            min_value=1,
            help_text="The message you want to report; leave out for a profile.",
        )

        class Meta:
            ref_name = "ModerationReportGuidelinesQuery"

    @extend_schema(
        tags=TAGS,
        summary="The guidelines you can cite in a report",
        operation_id="reports_guidelines_list",
        description=(
            "For a message: the community's guidelines and its group's own, in force now. "
            "Without one: the community's (for reporting a profile)."
        ),
        parameters=[QuerySerializer],
        responses={
            200: GuidelineSerializer(many=True),
            400: _error("Invalid data."),
            403: E403_SIGN_IN,
            404: _error("not_found: no such message, or not one you can read."),
        },
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group = None
        if "message" in query.validated_data:
            message = conversation_selectors.message_get(
                user=user, message_id=query.validated_data["message"]
            )
            group = message.conversation.group
        choices = services.guideline_choices(group)
        return Response(GuidelineSerializer(_guidelines_data(choices), many=True).data)


# --- Members: notices -------------------------------------------------------------------


class NoticeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField(allow_blank=True, help_text="A web page about it, if any.")
    created_at = serializers.DateTimeField()
    read = serializers.BooleanField()

    class Meta:
        ref_name = "ModerationNotice"


def _notice_data(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "link": notice.link,
        "created_at": notice.created_at,
        "read": notice.read_at is not None,
    }


class NoticeListApi(APIView):
    class OutputSerializer(PageSerializer):
        results = NoticeSerializer(many=True)
        unread = serializers.IntegerField(help_text="How many of all your notices are unread.")

        class Meta:
            ref_name = "ModerationNoticePage"

    @extend_schema(
        tags=TAGS,
        summary="Your notices",
        description=(
            "What was done about your content, your reports and your appeals. Newest first, "
            f"{PAGE_SIZE} a page. Reading them does not mark them read."
        ),
        parameters=[PageQuerySerializer],
        responses={200: OutputSerializer, 400: _error("Invalid page."), 403: E403_SIGN_IN},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        items, meta = _page(selectors.notices_for(user=user), query.validated_data["page"])
        data = {
            **meta,
            "unread": selectors.unread_notice_count(user=user),
            "results": [_notice_data(n) for n in items],
        }
        return Response(self.OutputSerializer(data).data)


class NoticesReadApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        marked = serializers.IntegerField(help_text="How many were unread until now.")

        class Meta:
            ref_name = "ModerationNoticesRead"

    @extend_schema(
        tags=TAGS,
        summary="Mark all your notices read",
        request=None,
        responses={200: OutputSerializer, 403: E403_SIGN_IN},
    )
    def post(self, request: Request) -> Response:
        marked = services.notices_mark_read(user=signed_in_user(request))
        return Response(self.OutputSerializer({"marked": marked}).data)


# --- Members: what was done about their content -------------------------------------------


class MyAppealSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Appeal.Status.choices)
    text = serializers.CharField()
    decision_note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ModerationMyAppeal"


class MyActionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Action.Kind.choices)
    guideline = serializers.CharField()
    guideline_title = serializers.CharField()
    reason = serializers.CharField()
    until = serializers.DateTimeField(allow_null=True, help_text="When a mute ends.")
    created_at = serializers.DateTimeField()
    can_appeal = serializers.BooleanField(
        help_text="You may appeal it: once per action; a different moderator decides."
    )
    appeal = MyAppealSerializer(allow_null=True)

    class Meta:
        ref_name = "ModerationMyAction"


class MyCaseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    target = serializers.ChoiceField(choices=Case.Target.choices)
    status = serializers.ChoiceField(choices=Case.Status.choices)
    group = serializers.CharField(allow_null=True, help_text="The group's slug; null: a profile.")
    message = serializers.IntegerField(allow_null=True, help_text="Your message's id, if any.")
    content = serializers.CharField(allow_blank=True, help_text="What was reported, as it stood.")
    edited_content = serializers.CharField(
        allow_blank=True, help_text="Your edit, once you resubmitted the post; empty otherwise."
    )
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    actions = MyActionSerializer(many=True, help_text="Oldest first. Moderators are not named.")

    class Meta:
        ref_name = "ModerationMyCase"


def _my_appeal_data(appeal: Appeal | None) -> dict[str, Any] | None:
    if appeal is None:
        return None
    return {
        "id": appeal.pk,
        "status": appeal.status,
        "text": appeal.text,
        "decision_note": appeal.decision_note,
        "created_at": appeal.created_at,
        "decided_at": appeal.decided_at,
    }


def _my_case_data(case: Case, titles: _Titles) -> dict[str, Any]:
    actions = []
    for action in case.actions.all():
        appeal = _my_appeal_data(getattr(action, "appeal", None))
        actions.append(
            {
                "id": action.pk,
                "kind": action.kind,
                "guideline": action.guideline_key,
                "guideline_title": titles(action.guideline_key, case.group),
                "reason": action.reason,
                "until": action.until,
                "created_at": action.created_at,
                "can_appeal": appeal is None and action.kind in services.APPEALABLE,
                "appeal": appeal,
            }
        )
    return {
        "id": case.pk,
        "target": case.target,
        "status": case.status,
        "group": case.group.slug if case.group else None,
        "message": case.message_id,
        "content": case.snapshot,
        "edited_content": case.edited_snapshot,
        "created_at": case.created_at,
        "closed_at": case.closed_at,
        "actions": actions,
    }


def _actions_with_appeals() -> Prefetch[Any]:
    actions = Action.objects.select_related("appeal").order_by("created_at", "pk")
    return Prefetch("actions", queryset=actions)


def _with_actions(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.prefetch_related(_actions_with_appeals())


class MyCaseListApi(APIView):
    class OutputSerializer(PageSerializer):
        results = MyCaseSerializer(many=True)

        class Meta:
            ref_name = "ModerationMyCasePage"

    @extend_schema(
        tags=TAGS,
        summary="What moderators did about your content",
        description=(
            "Cases about your posts or profile in which a moderator acted. Newest first, "
            f"{PAGE_SIZE} a page."
        ),
        parameters=[PageQuerySerializer],
        responses={200: OutputSerializer, 400: _error("Invalid page."), 403: E403_SIGN_IN},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cases = _with_actions(selectors.my_cases(user=user))
        items, meta = _page(cases, query.validated_data["page"])
        titles = _Titles()
        data = {**meta, "results": [_my_case_data(c, titles) for c in items]}
        return Response(self.OutputSerializer(data).data)


class MyCaseDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One case about your content",
        operation_id="my_cases_detail",
        responses={200: MyCaseSerializer, 403: E403_SIGN_IN, 404: E404_CASE},
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = signed_in_user(request)
        case = selectors.my_case_get(user=user, case_id=case_id)
        prefetch_related_objects([case], _actions_with_appeals())
        return Response(MyCaseSerializer(_my_case_data(case, _Titles())).data)


class AppealCreateApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        text = StrictCharField(
            allow_blank=True,
            help_text=f"Why you think it was wrong (at most {services.APPEAL_MAX} characters).",
        )

        class Meta:
            ref_name = "ModerationAppealInput"

    @extend_schema(
        tags=TAGS,
        summary="Appeal a moderator's action",
        description=(
            "Once per action, for actions that changed something for you (hidden, removed, "
            "muted, removed from the group, suspended). A different moderator from the one "
            "who acted decides, and that decision is final."
        ),
        request=InputSerializer,
        responses={
            201: MyAppealSerializer,
            400: _error(
                "Nothing was changed. required / too_long: the text; not_appealable: this "
                "decision changed nothing for you."
            ),
            403: E403_SIGN_IN,
            404: _error("No such case or action about your content."),
            409: _error("already_appealed: you appealed this action before."),
        },
    )
    def post(self, request: Request, case_id: int, action_id: int) -> Response:
        user = signed_in_user(request)
        case = selectors.my_case_get(user=user, case_id=case_id)
        action = case.actions.select_related("case").filter(pk=action_id).first()
        if action is None:
            raise NotFound(_("There is no such action."), code="action_not_found")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = services.appeal_create(
            appellant=user, action=action, text=serializer.validated_data["text"]
        )
        return Response(
            MyAppealSerializer(_my_appeal_data(appeal)).data, status=status.HTTP_201_CREATED
        )


# --- Moderators: the queue and cases ---------------------------------------------------------


class CaseSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    target = serializers.ChoiceField(choices=Case.Target.choices)
    status = serializers.ChoiceField(choices=Case.Status.choices)
    severity = serializers.ChoiceField(
        choices=Case.Severity.choices, help_text="3: safety (first in the queue), 2, 1."
    )
    group = serializers.CharField(allow_null=True, help_text="The group's slug; null: a profile.")
    subject = serializers.CharField(
        allow_null=True, help_text="Display name of the author or profile; null once gone."
    )
    message = serializers.IntegerField(allow_null=True)
    content = serializers.CharField(allow_blank=True, help_text="What was reported, as it stood.")
    edited_content = serializers.CharField(
        allow_blank=True,
        help_text="The author's edit, once they resubmitted the post; empty otherwise.",
    )
    report_count = serializers.IntegerField()
    guidelines = serializers.ListField(
        child=serializers.CharField(), help_text="The guideline keys reporters cited."
    )
    created_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ModerationCaseSummary"


def _cited(reports: Iterable[Report]) -> list[str]:
    return list(dict.fromkeys(r.guideline_key for r in reports))


def _case_summary(case: Case, reports: list[Report]) -> dict[str, Any]:
    return {
        "id": case.pk,
        "target": case.target,
        "status": case.status,
        "severity": case.severity,
        "group": case.group.slug if case.group else None,
        "subject": _name(case.subject),
        "message": case.message_id,
        "content": case.snapshot,
        "edited_content": case.edited_snapshot,
        "report_count": len(reports),
        "guidelines": _cited(reports),
        "created_at": case.created_at,
        "first_response_at": case.first_response_at,
    }


class CaseQueueApi(APIView):
    class QuerySerializer(PageQuerySerializer):
        group = serializers.SlugField(required=False, help_text="Only this group's cases.")
        status = serializers.ChoiceField(
            choices=QUEUE_STATUS_CHOICES,
            required=False,
            help_text="open (new) or resubmitted (edited by its author after hiding).",
        )

        class Meta:
            ref_name = "ModerationCaseQueueQuery"

    class OutputSerializer(PageSerializer):
        results = CaseSummarySerializer(many=True)

        class Meta:
            ref_name = "ModerationCasePage"

    @extend_schema(
        tags=TAGS,
        summary="The moderation queue",
        description=(
            "Cases waiting for a moderator: facilitators see their groups', organization "
            "admins the site's (profiles too); never a case about yourself. Safety first, "
            f"then oldest first, {PAGE_SIZE} a page."
        ),
        parameters=[QuerySerializer],
        responses={
            200: OutputSerializer,
            400: _error("Invalid filter."),
            403: E403_MODERATORS,
            404: _error("No such group, or not visible to you."),
        },
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        policies.check_is_moderator(user)
        slug = query.validated_data.get("group")
        group = group_selectors.group_get_visible(user=user, slug=slug) if slug else None
        cases = selectors.case_queue(user=user, group=group)
        if "status" in query.validated_data:
            cases = cases.filter(status=query.validated_data["status"])
        reports = Report.objects.order_by("created_at", "pk")
        cases = cases.prefetch_related(Prefetch("reports", queryset=reports))
        items, meta = _page(cases, query.validated_data["page"])
        data = {**meta, "results": [_case_summary(c, list(c.reports.all())) for c in items]}
        return Response(self.OutputSerializer(data).data)


class CaseReportSerializer(serializers.Serializer[Any]):
    reporter = serializers.CharField(help_text="Display name. Never shown to the author.")
    guideline = serializers.CharField()
    guideline_title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ModerationCaseReport"


class CaseActionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Action.Kind.choices)
    guideline = serializers.CharField()
    guideline_title = serializers.CharField()
    reason = serializers.CharField()
    until = serializers.DateTimeField(allow_null=True, help_text="When a mute ends.")
    moderator = serializers.CharField(allow_null=True, help_text="Display name; null once gone.")
    created_at = serializers.DateTimeField()
    appeal_status = serializers.ChoiceField(
        choices=Appeal.Status.choices, allow_null=True, help_text="null: not appealed."
    )

    class Meta:
        ref_name = "ModerationCaseAction"


class ContextMessageSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    seq = serializers.IntegerField()
    author = serializers.CharField(allow_null=True)
    text = serializers.CharField(
        allow_null=True, help_text="null: you cannot read it in its conversation."
    )
    moderation = serializers.ChoiceField(choices=Moderation.choices)
    reported = serializers.BooleanField(help_text="The message this case is about.")
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ModerationContextMessage"


class PriorCaseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Case.Status.choices)
    created_at = serializers.DateTimeField()
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=Action.Kind.choices), help_text="Action kinds."
    )

    class Meta:
        ref_name = "ModerationPriorCase"


class CaseDetailSerializer(CaseSummarySerializer):
    closed_at = serializers.DateTimeField(allow_null=True)
    reports = CaseReportSerializer(many=True)
    actions = CaseActionSerializer(many=True)
    context_messages = ContextMessageSerializer(
        many=True, help_text="The reported message with a few around it, oldest first."
    )
    prior_case_count = serializers.IntegerField(
        help_text="Earlier cases about the same person in this group (at most 10 counted)."
    )
    prior_cases = PriorCaseSerializer(many=True)
    guideline_choices = GuidelineSerializer(
        many=True, help_text="The guidelines an action here may cite."
    )

    class Meta:
        ref_name = "ModerationCase"


def _readable(user: User, message: Message) -> bool:
    try:
        conversation_policies.check_read_message(user, message)
    except NotFound:
        return False
    return True


def _action_data(action: Action, titles: _Titles, group: Group | None) -> dict[str, Any]:
    appeal: Appeal | None = getattr(action, "appeal", None)
    return {
        "id": action.pk,
        "kind": action.kind,
        "guideline": action.guideline_key,
        "guideline_title": titles(action.guideline_key, group),
        "reason": action.reason,
        "until": action.until,
        "moderator": _name(action.moderator),
        "created_at": action.created_at,
        "appeal_status": appeal.status if appeal is not None else None,
    }


def _case_detail(case: Case, user: User) -> dict[str, Any]:
    titles = _Titles()
    reports = list(selectors.case_reports(case=case))
    actions = selectors.case_actions(case=case).select_related("appeal")
    context = selectors.context_messages(case=case)
    prior = selectors.prior_cases(case=case)
    return {
        **_case_summary(case, reports),
        "closed_at": case.closed_at,
        "reports": [
            {
                "reporter": r.reporter.display_name,
                "guideline": r.guideline_key,
                "guideline_title": titles(r.guideline_key, case.group),
                "note": r.note,
                "created_at": r.created_at,
            }
            for r in reports
        ],
        "actions": [_action_data(a, titles, case.group) for a in actions],
        "context_messages": [
            {
                "id": m.pk,
                "seq": m.seq,
                "author": _name(m.author),
                "text": m.body if _readable(user, m) else None,
                "moderation": m.moderation,
                "reported": m.pk == case.message_id,
                "created_at": m.created_at,
            }
            for m in context
        ],
        "prior_case_count": len(prior),
        "prior_cases": [
            {
                "id": p.pk,
                "status": p.status,
                "created_at": p.created_at,
                "actions": [a.kind for a in p.actions.all()],
            }
            for p in prior
        ],
        "guideline_choices": _guidelines_data(titles.choices(case.group)),
    }


class CaseDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One case, in context",
        operation_id="moderation_cases_detail",
        description=(
            "The group's facilitators and organization admins, never about themselves. The "
            "reported content, its reports, the actions taken, the messages around it (their "
            "text only where you can read the conversation) and earlier cases about the "
            "same person in the group."
        ),
        responses={200: CaseDetailSerializer, 403: E403_SIGN_IN, 404: E404_CASE},
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = signed_in_user(request)
        case = selectors.case_get(user=user, case_id=case_id)
        return Response(CaseDetailSerializer(_case_detail(case, user)).data)


class CaseActApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(
            choices=Action.Kind.choices,
            help_text=(
                "From the ladder. hide_pending_edit keeps the case open until the author "
                "edits; approve is for such an edit; suspend is for organization admins; "
                "everything else closes the case."
            ),
        )
        guideline = StrictCharField(help_text="The key of the guideline the action cites.")
        reason = StrictCharField(
            allow_blank=True,
            help_text=f"Told to the author (at most {services.REASON_MAX} characters).",
        )
        mute_days = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=1,
            max_value=services.MUTE_DAYS_MAX,
            help_text=f"For mute: 1 to {services.MUTE_DAYS_MAX} days.",
        )

        class Meta:
            ref_name = "ModerationActionInput"

    class OutputSerializer(CaseActionSerializer):
        case_status = serializers.ChoiceField(choices=Case.Status.choices)

        class Meta:
            ref_name = "ModerationActionResult"

    @extend_schema(
        tags=TAGS,
        summary="Act on a case",
        description=(
            "Every action cites a guideline and gives a reason. The author is told what was "
            "done, under which guideline and how to appeal; once the case closes, every "
            "reporter is told the outcome. Recorded in the audit log."
        ),
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: _error(
                "Nothing was changed. invalid (extra.fields): kind or mute_days; "
                "unknown_guideline (extra.choices); required / too_long: the reason; "
                "invalid_action: this action does not fit this case."
            ),
            403: _error(
                "Not signed in; own_case: a case about you; admins_only: suspending is for "
                "organization admins."
            ),
            404: E404_CASE,
            409: _error("case_closed: the case is already closed."),
        },
        examples=[
            OpenApiExample(
                "Hide until edited",
                value={
                    "kind": "hide_pending_edit",
                    "guideline": "respect",
                    "reason": "Please rephrase without the name-calling.",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Mute for a week",
                value={
                    "kind": "mute",
                    "guideline": "respect",
                    "reason": "Repeated insults after a note.",
                    "mute_days": 7,
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = signed_in_user(request)
        case = selectors.case_get(user=user, case_id=case_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = services.case_act(
            moderator=user,
            case=case,
            kind=data["kind"],
            guideline_key=data["guideline"],
            reason=data["reason"],
            mute_days=data.get("mute_days"),
        )
        out = {
            **_action_data(action, _Titles(), case.group),
            "case_status": action.case.status,
        }
        return Response(self.OutputSerializer(out).data, status=status.HTTP_201_CREATED)


# --- Moderators: held posts ----------------------------------------------------------------


class PendingPostSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The message's id.")
    group = serializers.CharField(help_text="The group's slug.")
    conversation = serializers.IntegerField()
    conversation_title = serializers.CharField()
    author = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ModerationPendingPost"


class PendingPostListApi(APIView):
    class OutputSerializer(PageSerializer):
        results = PendingPostSerializer(many=True)

        class Meta:
            ref_name = "ModerationPendingPostPage"

    @extend_schema(
        tags=TAGS,
        summary="Posts waiting for review",
        description=(
            "New members' first posts in groups that hold them, in the groups you moderate. "
            f"Oldest first, {PAGE_SIZE} a page."
        ),
        parameters=[PageQuerySerializer],
        responses={200: OutputSerializer, 400: _error("Invalid page."), 403: E403_MODERATORS},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        items, meta = _page(selectors.pending_posts(user=user), query.validated_data["page"])
        results = [
            {
                "id": m.pk,
                "group": m.conversation.group.slug,
                "conversation": m.conversation_id,
                "conversation_title": m.conversation.title,
                "author": _name(m.author),
                "text": m.body,
                "created_at": m.created_at,
            }
            for m in items
        ]
        return Response(self.OutputSerializer({**meta, "results": results}).data)


class PendingPostDecideApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        approve = serializers.BooleanField(help_text="true: show it to everyone; false: decline.")
        guideline = StrictCharField(
            required=False, allow_blank=True, help_text="When declining: the guideline it breaks."
        )
        reason = StrictCharField(
            required=False, allow_blank=True, help_text="When declining: told to the author."
        )

        class Meta:
            ref_name = "ModerationPendingPostDecision"

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        moderation = serializers.ChoiceField(
            choices=Moderation.choices, help_text="visible (approved) or removed (declined)."
        )

        class Meta:
            ref_name = "ModerationPendingPostDecided"

    @extend_schema(
        tags=TAGS,
        summary="Approve or decline a held post",
        description="Declining cites a guideline and a reason, and tells the author.",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: _error(
                "Nothing was changed. unknown_guideline (extra.choices); required: a reason "
                "to decline; invalid (extra.fields)."
            ),
            403: E403_SIGN_IN,
            404: _error("No such post waiting in a group you moderate."),
            409: _error("not_pending: it was decided already."),
        },
    )
    def post(self, request: Request, message_id: int) -> Response:
        user = signed_in_user(request)
        message = (
            Message.objects.select_related("conversation__group", "author")
            .filter(pk=message_id)
            .first()
        )
        if message is None:
            raise NotFound(_("There is no such post waiting."), code="not_found")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        message = services.pending_post_decide(
            moderator=user,
            message=message,
            approve=data["approve"],
            guideline_key=data.get("guideline", ""),
            reason=data.get("reason", ""),
        )
        out = {"id": message.pk, "moderation": message.moderation}
        return Response(self.OutputSerializer(out).data)


# --- Moderators: appeals ----------------------------------------------------------------------


class AppealActionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Action.Kind.choices)
    guideline = serializers.CharField()
    guideline_title = serializers.CharField()
    reason = serializers.CharField()
    moderator = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ModerationAppealedAction"


class AppealSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Appeal.Status.choices)
    case = serializers.IntegerField()
    group = serializers.CharField(allow_null=True)
    appellant = serializers.CharField()
    text = serializers.CharField()
    content = serializers.CharField(allow_blank=True, help_text="What was reported, as it stood.")
    edited_content = serializers.CharField(
        allow_blank=True,
        help_text="The author's edit, once they resubmitted the post; empty otherwise.",
    )
    created_at = serializers.DateTimeField()
    action = AppealActionSerializer()
    decided_by = serializers.CharField(allow_null=True)
    decision_note = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ModerationAppeal"


def _appeal_data(appeal: Appeal, titles: _Titles) -> dict[str, Any]:
    action = appeal.action
    group = action.case.group
    return {
        "id": appeal.pk,
        "status": appeal.status,
        "case": action.case_id,
        "group": group.slug if group else None,
        "appellant": appeal.appellant.display_name,
        "text": appeal.text,
        "content": action.case.snapshot,
        "edited_content": action.case.edited_snapshot,
        "created_at": appeal.created_at,
        "action": {
            "id": action.pk,
            "kind": action.kind,
            "guideline": action.guideline_key,
            "guideline_title": titles(action.guideline_key, group),
            "reason": action.reason,
            "moderator": _name(action.moderator),
            "created_at": action.created_at,
        },
        "decided_by": _name(appeal.decided_by),
        "decision_note": appeal.decision_note,
        "decided_at": appeal.decided_at,
    }


class AppealListApi(APIView):
    class OutputSerializer(PageSerializer):
        results = AppealSerializer(many=True)

        class Meta:
            ref_name = "ModerationAppealPage"

    @extend_schema(
        tags=TAGS,
        summary="Appeals waiting for a decision",
        description=(
            "Appeals you may decide: in the groups you moderate, never against your own "
            f"action. Oldest first, {PAGE_SIZE} a page."
        ),
        parameters=[PageQuerySerializer],
        responses={200: OutputSerializer, 400: _error("Invalid page."), 403: E403_MODERATORS},
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        appeals = selectors.pending_appeals(user=user).select_related("action__moderator")
        items, meta = _page(appeals, query.validated_data["page"])
        titles = _Titles()
        data = {**meta, "results": [_appeal_data(a, titles) for a in items]}
        return Response(self.OutputSerializer(data).data)


class AppealDecideApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        overturn = serializers.BooleanField(help_text="true: undo the action; false: it stands.")
        note = StrictCharField(
            allow_blank=True,
            help_text=f"Why, told to the author (at most {services.REASON_MAX} characters).",
        )

        class Meta:
            ref_name = "ModerationAppealDecision"

    @extend_schema(
        tags=TAGS,
        summary="Decide an appeal",
        description=(
            "By a moderator of the case other than the one who acted. The decision is final "
            "and the author is told."
        ),
        request=InputSerializer,
        responses={
            200: AppealSerializer,
            400: _error("Nothing was changed. required / too_long: the note; invalid."),
            403: _error("Not signed in; own_action: the appeal is against your own action."),
            404: _error("appeal_not_found: no such appeal, or not one you may decide."),
            409: _error("appeal_decided: it was decided already, and that is final."),
        },
    )
    def post(self, request: Request, appeal_id: int) -> Response:
        user = signed_in_user(request)
        appeal = (
            Appeal.objects.select_related(
                "action__case__group", "action__case__subject", "action__moderator", "appellant"
            )
            .filter(pk=appeal_id)
            .first()
        )
        if appeal is None or not policies.can_moderate_case(user, appeal.action.case):
            raise NotFound(_("There is no such appeal."), code="appeal_not_found")
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = services.appeal_decide(
            moderator=user,
            appeal=appeal,
            overturn=serializer.validated_data["overturn"],
            note=serializer.validated_data["note"],
        )
        return Response(AppealSerializer(_appeal_data(appeal, _Titles())).data)


# --- Admins: the audit log ----------------------------------------------------------------


class AuditEntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(help_text="Display name at the time; system for automatic.")
    verb = serializers.CharField(help_text="For example case.remove, appeal.upheld.")
    target = serializers.CharField()
    group = serializers.CharField(allow_blank=True, help_text="The group's slug at the time.")
    guideline = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "ModerationAuditEntry"


def _audit_data(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at,
        "actor": entry.actor_name,
        "verb": entry.verb,
        "target": entry.target,
        "group": entry.group_slug,
        "guideline": entry.guideline_key,
        "reason": entry.reason,
    }


class AuditLogApi(APIView):
    class QuerySerializer(PageQuerySerializer):
        verb = serializers.CharField(required=False, max_length=40, help_text="Exactly this verb.")
        group = serializers.CharField(
            required=False, max_length=80, help_text="A group's slug as recorded."
        )

        class Meta:
            ref_name = "ModerationAuditQuery"

    class OutputSerializer(PageSerializer):
        results = AuditEntrySerializer(many=True)

        class Meta:
            ref_name = "ModerationAuditPage"

    @extend_schema(
        tags=TAGS,
        summary="The audit log",
        description=(
            "Organization admins only. Every moderation and admin action: who, what, when and "
            f"why. Append-only. Newest first, {PAGE_SIZE} a page."
        ),
        parameters=[QuerySerializer],
        responses={
            200: OutputSerializer,
            400: _error("Invalid filter."),
            403: _error("Not signed in, or admins_only."),
        },
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        entries = selectors.audit_log(user=user)
        if "verb" in query.validated_data:
            entries = entries.filter(verb=query.validated_data["verb"])
        if "group" in query.validated_data:
            entries = entries.filter(group_slug=query.validated_data["group"])
        items, meta = _page(entries, query.validated_data["page"])
        return Response(
            self.OutputSerializer({**meta, "results": [_audit_data(e) for e in items]}).data
        )


# --- Everyone: the published counts ------------------------------------------------------------


class TransparencyApi(APIView):
    class QuerySerializer(serializers.Serializer[Any]):
        group = serializers.SlugField(
            required=False, help_text="A group you belong to; leave out for the whole site."
        )

        class Meta:
            ref_name = "ModerationTransparencyQuery"

    class OutputSerializer(serializers.Serializer[Any]):
        group = serializers.CharField(allow_null=True, help_text="null: the whole site.")
        reports = serializers.IntegerField()
        cases = serializers.IntegerField()
        actions_by_kind = serializers.DictField(child=serializers.IntegerField())
        actions_by_guideline = serializers.DictField(child=serializers.IntegerField())
        median_first_response_seconds = serializers.FloatField(allow_null=True)
        appeals = serializers.DictField(
            child=serializers.IntegerField(), help_text="By status: pending, upheld, overturned."
        )

        class Meta:
            ref_name = "ModerationTransparency"

    @extend_schema(
        tags=TAGS,
        summary="How moderation is going, in numbers",
        description=(
            "Counts only, never content or names: for the whole site (anyone signed in), or"
            " for one group (its members only, as on the group's page)."
        ),
        parameters=[QuerySerializer],
        responses={
            200: OutputSerializer,
            400: _error("Invalid data."),
            403: E403_SIGN_IN,
            404: _error("No such group, or you are not one of its members."),
        },
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        slug = query.validated_data.get("group")
        group = group_selectors.group_get_visible(user=user, slug=slug) if slug else None
        if group is not None:
            group_policies.check_view_content(user, group)
        counts = selectors.transparency(group=group)
        data = {
            "group": group.slug if group else None,
            "reports": counts.reports,
            "cases": counts.cases,
            "actions_by_kind": counts.actions_by_kind,
            "actions_by_guideline": counts.actions_by_guideline,
            "median_first_response_seconds": counts.median_first_response_seconds,
            "appeals": counts.appeals,
        }
        return Response(self.OutputSerializer(data).data)
