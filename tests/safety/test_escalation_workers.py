"""Escalation with real `peerhaven worker` processes on PostgreSQL: an unanswered alert
moves to the next responder at its deadline, survives a worker killed while the deadline
is still ahead, moves exactly once per step with two workers racing for it, and stays put
once someone answers.

Deadlines are five seconds here (the shortest the setting allows), set for the workers
through their environment and for the alert, raised in this process, with
override_settings. Every wait polls the database and is bounded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peerhaven.accounts.models import User
from peerhaven.groups.models import Group
from peerhaven.safety import services
from peerhaven.safety.models import Alert, AlertEvent
from peerhaven.safety.tasks import escalate_alert
from tests.conversations.helpers import group_with
from tests.safety.alert_helpers import on_duty_all_week
from tests.safety.escalation_helpers import (
    EMAIL_TASK,
    escalation_task,
    escalation_tasks,
    event_counts,
    group_with_two_on_duty,
    notified,
    raise_urgent,
    recipients,
)
from tests.safety.worker_processes import unsupported_reason, wait_for, worker_pool

UNSUPPORTED = unsupported_reason()

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(UNSUPPORTED is not None, reason=UNSUPPORTED or ""),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ESCALATE_AFTER = 5
STEP = timedelta(seconds=ESCALATE_AFTER)
# From raising the alert to the last event a test waits for (at most two deadlines).
WAIT = 30.0

ESCALATED = str(AlertEvent.Kind.ESCALATED)
UNANSWERED = str(AlertEvent.Kind.UNANSWERED)


@pytest.fixture
def chain(facilitator, alice, org_admin):
    """(group, second facilitator): chain facilitator → second facilitator → org_admin."""
    return group_with_two_on_duty(facilitator=facilitator, member=alice)


@pytest.fixture
def short_chain(facilitator, alice, org_admin) -> Group:
    """A group whose chain is facilitator → org_admin: one escalation, then "unanswered"."""
    group = group_with(facilitator=facilitator, members=[alice])
    on_duty_all_week(facilitator, group=group)
    return group


def raise_alert(group: Group, member: User) -> Alert:
    with override_settings(PEERHAVEN_ALERT_ESCALATE_AFTER=ESCALATE_AFTER):
        alert = raise_urgent(group, member)
    assert alert.escalate_at == alert.created_at + STEP
    return alert


def event(alert: Alert, kind: str, step: int) -> AlertEvent | None:
    return AlertEvent.objects.filter(alert=alert, kind=kind, step=step).first()


def no_task_failed(alert: Alert) -> None:
    """Neither an escalation nor an alert e-mail failed in a worker."""
    failed = DBTaskResult.objects.filter(args_kwargs__kwargs__alert_id=alert.pk, status="FAILED")
    assert not failed.exists(), [(t.task_path, t.traceback) for t in failed]


def test_a_running_worker_escalates_an_unanswered_alert_to_the_next_responder_at_its_deadline(
    chain, facilitator, alice, tmp_path: Path
):
    group, second = chain
    with worker_pool(log_dir=tmp_path, escalate_after=ESCALATE_AFTER) as workers:
        workers.start("one")
        alert = raise_alert(group, alice)
        deadline = alert.escalate_at
        escalated = wait_for(lambda: event(alert, ESCALATED, 1), WAIT, workers.logs)

    assert deadline is not None and escalated.at >= deadline
    alert.refresh_from_db()
    assert alert.step == 1 and alert.status == Alert.Status.OPEN
    assert recipients(alert) == [(facilitator.pk, 0), (second.pk, 1)]
    assert event_counts(alert) == {(ESCALATED, 1): 1}
    first = escalation_task(alert, 0)
    assert (first.status, first.return_value, first.worker_ids) == (
        "SUCCESSFUL",
        "escalated",
        ["one"],
    )
    assert first.started_at >= deadline
    # The worker set the next deadline from its own setting and queued it once.
    assert alert.escalate_at == escalated.at + STEP
    following = escalation_task(alert, 1)
    assert following.run_after == alert.escalate_at and following.status == "READY"
    no_task_failed(alert)


def test_a_worker_killed_before_the_deadline_loses_nothing_and_the_next_one_escalates_once(
    chain, facilitator, alice, org_admin, tmp_path: Path
):
    group, second = chain
    with worker_pool(log_dir=tmp_path, escalate_after=ESCALATE_AFTER) as workers:
        doomed = workers.start("doomed")
        workers.wait_started(doomed)
        alert = raise_alert(group, alice)
        # The doomed worker is busy with the queue (it takes the alert's e-mail) while the
        # escalation waits for its deadline...
        wait_for(
            lambda: DBTaskResult.objects.filter(
                task_path=EMAIL_TASK,
                args_kwargs__kwargs__alert_id=alert.pk,
                worker_ids__contains=["doomed"],
            ).exists(),
            WAIT,
            workers.logs,
        )
        assert alert.escalate_at is not None
        assert timezone.now() < alert.escalate_at, "the kill must come before the deadline"
        # ...when it is killed.
        doomed.kill()
        assert escalation_task(alert, 0).status == "READY"

        workers.start("successor")
        wait_for(lambda: event(alert, ESCALATED, 2), WAIT, workers.logs)

    alert.refresh_from_db()
    assert alert.step == 2
    assert event_counts(alert) == {(ESCALATED, 1): 1, (ESCALATED, 2): 1}
    assert recipients(alert) == [(facilitator.pk, 0), (second.pk, 1), (org_admin.pk, 2)]
    assert notified(alert) == {(facilitator.pk, 0): 1, (second.pk, 1): 1, (org_admin.pk, 2): 1}
    for step in (0, 1):
        task = escalation_task(alert, step)
        assert (task.status, task.return_value, task.worker_ids) == (
            "SUCCESSFUL",
            "escalated",
            ["successor"],
        ), step
    assert escalation_tasks(alert).count() == 3  # steps 0, 1 and 2 (not yet due), once each
    no_task_failed(alert)


def test_two_workers_move_each_step_exactly_once(
    short_chain, facilitator, alice, org_admin, tmp_path: Path
):
    with worker_pool(log_dir=tmp_path, escalate_after=ESCALATE_AFTER) as workers:
        workers.wait_started(workers.start("left"), workers.start("right"))
        alert = raise_alert(short_chain, alice)
        assert alert.chain == [[facilitator.pk], [org_admin.pk]]
        # Two more tasks for the first deadline, as a requeue after a lost task would
        # leave: three tasks, two workers, one step to take.
        for _ in range(2):
            escalate_alert.using(run_after=alert.escalate_at).enqueue(alert_id=alert.pk, step=0)
        wait_for(lambda: event(alert, UNANSWERED, 2), WAIT, workers.logs)

    alert.refresh_from_db()
    assert alert.step == 2 and alert.escalate_at is None
    assert event_counts(alert) == {(ESCALATED, 1): 1, (UNANSWERED, 2): 1}
    assert recipients(alert) == [(facilitator.pk, 0), (org_admin.pk, 1)]
    assert notified(alert) == {(facilitator.pk, 0): 1, (org_admin.pk, 1): 1}
    tasks = list(escalation_tasks(alert))
    assert len(tasks) == 4 and all(t.status == "SUCCESSFUL" for t in tasks)
    first_deadline = sorted(t.return_value for t in tasks if t.args_kwargs["kwargs"]["step"] == 0)
    assert first_deadline == ["escalated", "nothing to do", "nothing to do"]
    for task in tasks:
        assert len(task.worker_ids) == 1 and task.worker_ids[0] in {"left", "right"}
    no_task_failed(alert)


def test_an_alert_acknowledged_before_its_deadline_is_left_alone_by_the_worker(
    short_chain, facilitator, alice, tmp_path: Path
):
    with worker_pool(log_dir=tmp_path, escalate_after=ESCALATE_AFTER) as workers:
        workers.start("one")
        alert = raise_alert(short_chain, alice)
        deadline = alert.escalate_at
        services.alert_acknowledge(user=facilitator, alert=alert)
        assert deadline is not None and timezone.now() < deadline

        def deadline_task_done() -> bool:
            return bool(escalation_task(alert, 0).status == "SUCCESSFUL")

        wait_for(deadline_task_done, WAIT, workers.logs)

    task = escalation_task(alert, 0)
    assert task.return_value == "nothing to do" and task.started_at >= deadline
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ACKNOWLEDGED
    assert alert.step == 0 and alert.escalate_at is None
    assert event_counts(alert) == {}
    assert recipients(alert) == [(facilitator.pk, 0)]
    assert escalation_tasks(alert).count() == 1
    no_task_failed(alert)
