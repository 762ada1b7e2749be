"""Reads for moderators and members: the queue, a case in context, notices, the audit log
and the published counts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from peerhaven.conversations.models import Message, Moderation
from peerhaven.groups.models import Group, Membership
from peerhaven.groups.policies import is_site_admin
from peerhaven.moderation import policies
from peerhaven.moderation.models import Action, Appeal, AuditEntry, Case, Notice, Report

QUEUE_STATUSES = (Case.Status.OPEN, Case.Status.RESUBMITTED)


def _moderated_groups(user: Any) -> QuerySet[Any]:
    return Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR).values("group_id")


def case_queue(*, user: Any, group: Group | None = None) -> QuerySet[Case]:
    """Cases waiting for a moderator, safety first, then oldest first. Facilitators see
    their groups'; admins everything (profiles included)."""
    policies.check_is_moderator(user)
    cases = Case.objects.filter(status__in=QUEUE_STATUSES)
    if group is not None:
        cases = cases.filter(group=group)
    if not is_site_admin(user):
        cases = cases.filter(group_id__in=_moderated_groups(user))
    return (
        cases.exclude(subject_id=user.pk)
        .select_related("group", "subject", "message")
        .annotate(report_count=Count("reports"))
        .order_by("-severity", "created_at", "pk")
    )


def case_get(*, user: Any, case_id: int) -> Case:
    case = (
        Case.objects.select_related("group", "subject", "message__conversation__group")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not policies.can_moderate_case(user, case):
        raise policies.case_not_found()
    return case


def case_reports(*, case: Case) -> QuerySet[Report]:
    return case.reports.select_related("reporter").order_by("created_at", "pk")


def case_actions(*, case: Case) -> QuerySet[Action]:
    return case.actions.select_related("moderator").order_by("created_at", "pk")


def prior_cases(*, case: Case, limit: int = 10) -> list[Case]:
    """Earlier cases about the same person in the same group (everywhere, for a profile)."""
    if case.subject_id is None:
        return []
    others = Case.objects.filter(subject_id=case.subject_id).exclude(pk=case.pk)
    if case.group_id is not None:
        others = others.filter(group_id=case.group_id)
    return list(others.prefetch_related("actions").order_by("-created_at")[:limit])


def context_messages(*, case: Case, around: int = 3) -> list[Message]:
    """The reported message with a few before and after it, as the group saw them."""
    message = case.message
    if message is None:
        return []
    nearby = Message.objects.filter(
        conversation_id=message.conversation_id,
        seq__gte=message.seq - around,
        seq__lte=message.seq + around,
    ).filter(Q(moderation=Moderation.VISIBLE) | Q(pk=message.pk))
    return list(nearby.select_related("author").order_by("seq"))


def pending_posts(*, user: Any) -> QuerySet[Message]:
    """Posts held for review in the groups this person moderates, oldest first."""
    policies.check_is_moderator(user)
    posts = Message.objects.filter(moderation=Moderation.PENDING)
    if not is_site_admin(user):
        posts = posts.filter(conversation__group_id__in=_moderated_groups(user))
    return posts.select_related("author", "conversation__group").order_by("created_at", "pk")


def pending_appeals(*, user: Any) -> QuerySet[Appeal]:
    """Appeals this person may decide: not against their own actions."""
    policies.check_is_moderator(user)
    appeals = Appeal.objects.filter(status=Appeal.Status.PENDING).exclude(
        action__moderator_id=user.pk
    )
    if not is_site_admin(user):
        appeals = appeals.filter(action__case__group_id__in=_moderated_groups(user))
    return appeals.select_related("action__case__group", "appellant").order_by("created_at")


def my_cases(*, user: Any) -> QuerySet[Case]:
    """Cases about this person's content in which a moderator acted: what they may see."""
    return (
        Case.objects.filter(subject=user, actions__isnull=False)
        .exclude(actions__kind=Action.Kind.NO_ACTION, status=Case.Status.CLOSED)
        .distinct()
        .select_related("group", "message")
        .order_by("-created_at")
    )


def my_case_get(*, user: Any, case_id: int) -> Case:
    case = my_cases(user=user).filter(pk=case_id).first()
    if case is None:
        raise policies.case_not_found()
    return case


def notices_for(*, user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_notice_count(*, user: Any) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def audit_log(*, user: Any) -> QuerySet[AuditEntry]:
    policies.check_read_audit(user)
    return AuditEntry.objects.order_by("-at", "-pk")


# --- Transparency -----------------------------------------------------------------------


@dataclass(frozen=True)
class Transparency:
    reports: int
    cases: int
    actions_by_kind: dict[str, int]
    actions_by_guideline: dict[str, int]
    median_first_response_seconds: float | None
    appeals: dict[str, int] = field(default_factory=dict)


def transparency(*, group: Group | None = None) -> Transparency:
    """Counts only, for everyone to see: per group, or site-wide when no group is given."""
    cases = Case.objects.all()
    actions = Action.objects.all()
    reports = Report.objects.all()
    appeals = Appeal.objects.all()
    if group is not None:
        cases = cases.filter(group=group)
        actions = actions.filter(case__group=group)
        reports = reports.filter(case__group=group)
        appeals = appeals.filter(action__case__group=group)
    by_kind = dict(actions.values_list("kind").annotate(n=Count("pk")).order_by())
    by_guideline = dict(actions.values_list("guideline_key").annotate(n=Count("pk")).order_by())
    waits = [
        (first - created).total_seconds()
        for created, first in cases.filter(first_response_at__isnull=False).values_list(
            "created_at", "first_response_at"
        )
        if first is not None
    ]
    return Transparency(
        reports=reports.count(),
        cases=cases.count(),
        actions_by_kind=by_kind,
        actions_by_guideline=by_guideline,
        median_first_response_seconds=statistics.median(waits) if waits else None,
        appeals=dict(appeals.values_list("status").annotate(n=Count("pk")).order_by()),
    )
