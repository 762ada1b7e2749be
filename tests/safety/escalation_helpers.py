"""Building blocks for escalation tests: an alert with a three-step responder chain, and
what the database says about its escalation (queued tasks, events per step)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django_tasks_db.models import DBTaskResult

from peerhaven.accounts.models import Role, User
from peerhaven.core.models import TaskOnce
from peerhaven.groups.models import Group
from peerhaven.safety.models import Alert, AlertEvent
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.safety.alert_helpers import URGENT, add_facilitator, on_duty_all_week

ESCALATE_TASK = "peerhaven.safety.tasks.escalate_alert"
EMAIL_TASK = "peerhaven.safety.tasks.email_alert"


def group_with_two_on_duty(*, facilitator: User, member: User) -> tuple[Group, User]:
    """A group whose facilitator and a second facilitator are both on duty all week.
    With one site admin and no fallback named, an alert's chain is facilitator, second
    facilitator, admin: two escalations, then "unanswered"."""
    group = group_with(facilitator=facilitator, members=[member])
    second = UserFactory(display_name="Second facilitator", role=Role.FACILITATOR)
    assert isinstance(second, User)
    add_facilitator(group, second)
    on_duty_all_week(facilitator, group=group)
    on_duty_all_week(second, group=group)
    return group, second


def raise_urgent(group: Group, member: User) -> Alert:
    """An urgent message from `member` in a new thread: the alert it raised."""
    message = post(thread(group, member), member, URGENT)
    return Alert.objects.get(message=message)


def escalation_key(alert: Alert, step: int) -> str:
    return f"alert-escalate:{alert.pk}:{step}"


def escalation_task(alert: Alert, step: int) -> DBTaskResult[..., Any]:
    """The task queued for the deadline of `step`, found through its once-only key."""
    once = TaskOnce.objects.get(key=escalation_key(alert, step))
    return DBTaskResult.objects.get(pk=once.task_result_id)


def escalation_tasks(alert: Alert) -> QuerySet[DBTaskResult[..., Any]]:
    """Every escalate_alert task for this alert, however it was queued."""
    return DBTaskResult.objects.filter(
        task_path=ESCALATE_TASK, args_kwargs__kwargs__alert_id=alert.pk
    )


def event_counts(alert: Alert) -> Counter[tuple[str, int]]:
    """How many ESCALATED and UNANSWERED events the alert has, per step."""
    kinds = (AlertEvent.Kind.ESCALATED, AlertEvent.Kind.UNANSWERED)
    return Counter(
        (str(kind), step)
        for kind, step in AlertEvent.objects.filter(alert=alert, kind__in=kinds).values_list(
            "kind", "step"
        )
    )


def recipients(alert: Alert) -> list[tuple[int, int]]:
    """(user id, step) of everyone the alert was sent to, by step."""
    return list(alert.recipients.order_by("step", "user_id").values_list("user_id", "step"))


def notified(alert: Alert) -> Counter[tuple[int, int]]:
    """How many NOTIFIED events each (responder, step) got: 1 each when nothing ran twice."""
    return Counter(
        AlertEvent.objects.filter(alert=alert, kind=AlertEvent.Kind.NOTIFIED).values_list(
            "actor_id", "step"
        )
    )
