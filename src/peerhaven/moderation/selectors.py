"""Reads for moderators and members: the queue, a case in context, notices, the audit log
and the published counts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from peerhaven.conversations.models import Message, Moderation
from peerhaven.groups.models import Group, Membership
from peerhaven.groups.policies import is_site_admin
from peerhaven.moderation import policies
from peerhaven.moderation.models import Action, Appeal, AuditEntry, Case, Notice, Report

QUEUE_STATUSES = (Case.Status.OPEN, Case.Status.RESUBMITTED)


def _moderated_groups(user: Any) -> list[int]:
    # A list, not a subquery: PostgreSQL then knows how many groups (and cases) to expect
    # and, for pending appeals, starts from the few pending ones instead of walking every
    # case of the groups (60 ms → 10 ms at 100,000 cases; bench/moderation/run.py).
    return list(
        Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR).values_list(
            "group_id", flat=True
        )
    )


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
        .annotate(report_count=_report_count())
        .order_by("-severity", "created_at", "pk")
    )


def _report_count() -> Coalesce:
    """Reports per case as a subquery, not a join + GROUP BY: PostgreSQL then counts for
    the page's rows only (after the sort and LIMIT), and a paginator's count() drops it."""
    counted = (
        Report.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def case_get(*, user: Any, case_id: int) -> Case:
    case = (
        Case.objects.select_related("group", "subject", "message__conversation__group")
        .filter(pk=case_id)
        .first()
    )
    # A case about yourself is another moderator's, as in the queue: its reports (who
    # reported you, and why) stay out of your sight.
    if (
        case is None
        or not policies.can_moderate_case(user, case)
        or (case.subject_id is not None and case.subject_id == user.pk)
    ):
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


# The published figures are counts over the whole history: each is a scan of a table
# (about 50-100 ms at 100,000 cases), so they are kept this long rather than recounted
# for every page view. The pages say they are updated every few minutes.
TRANSPARENCY_CACHE_SECONDS = 300


def _transparency_key(group: Group | None) -> str:
    return f"moderation:transparency:v1:{group.pk if group is not None else 'site'}"


def transparency(*, group: Group | None = None, fresh: bool = False) -> Transparency:
    """Counts only, for everyone to see: per group, or site-wide when no group is given.
    At most TRANSPARENCY_CACHE_SECONDS old; `fresh` counts now (and refreshes the copy)."""
    key = _transparency_key(group)
    if not fresh:
        kept = cache.get(key)
        if isinstance(kept, Transparency):
            return kept
    figures = _transparency_count(group)
    cache.set(key, figures, TRANSPARENCY_CACHE_SECONDS)
    return figures


def _transparency_count(group: Group | None) -> Transparency:
    """Three queries whatever the size of the log: the cases' count and median wait in one
    aggregate (computed by PostgreSQL; on SQLite the waits are read and the median taken
    here), the actions by kind, guideline and appeal outcome in one GROUP BY (an action
    has at most one appeal), and the reports' count."""
    cases = Case.objects.order_by()
    actions = Action.objects.order_by()
    reports = Report.objects.order_by()
    if group is not None:
        cases = cases.filter(group=group)
        actions = actions.filter(case__group=group)
        reports = reports.filter(case__group=group)
    by_kind: dict[str, int] = {}
    by_guideline: dict[str, int] = {}
    appeals: dict[str, int] = {}
    rows = actions.values_list("kind", "guideline_key", "appeal__status").annotate(n=Count("pk"))
    for kind, key, appeal, n in rows:
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_guideline[key] = by_guideline.get(key, 0) + n
        if appeal is not None:
            appeals[appeal] = appeals.get(appeal, 0) + n
    case_count, median = _cases_and_median_wait(cases)
    return Transparency(
        reports=reports.count(),
        cases=case_count,
        actions_by_kind=by_kind,
        actions_by_guideline=by_guideline,
        median_first_response_seconds=median,
        appeals=appeals,
    )


class _MedianWaitSeconds(Aggregate):
    """PostgreSQL: the median of (first_response_at - created_at) in seconds. Unanswered
    cases (a NULL difference) are left out, as aggregates leave out NULLs."""

    function = "PERCENTILE_CONT"
    # DATE_PART gives a float; EXTRACT gives a numeric since PostgreSQL 14, whose sort
    # takes almost twice as long.
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY DATE_PART('epoch', %(expressions)s))"
    output_field = FloatField()


def _cases_and_median_wait(cases: QuerySet[Case]) -> tuple[int, float | None]:
    wait = ExpressionWrapper(F("first_response_at") - F("created_at"), DurationField())
    if connection.vendor == "postgresql":
        row = cases.aggregate(n=Count("pk"), median=_MedianWaitSeconds(wait))
        median = row["median"]
        return row["n"], None if median is None else float(median)
    waits = [
        (first - created).total_seconds()
        for created, first in cases.filter(first_response_at__isnull=False).values_list(
            "created_at", "first_response_at"
        )
        if first is not None
    ]
    return cases.count(), statistics.median(waits) if waits else None
