"""Escalation driven through the service with the clock in the test's hands: an alert nobody
answers goes to the next responder, then the fallback, then is recorded unanswered; each
deadline is one queued task; a step runs once however often it is asked for; the sweep
catches deadlines whose task was lost; an answered alert never moves.

The same thing with real worker processes is in test_escalation_workers.py."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peerhaven.accounts.services import account_erase
from peerhaven.core.models import TaskOnce
from peerhaven.safety import services
from peerhaven.safety.models import Alert, AlertEvent
from peerhaven.safety.tasks import SWEEP_GRACE, escalate_alert, escalate_overdue_alerts
from tests.safety.escalation_helpers import (
    escalation_key,
    escalation_task,
    escalation_tasks,
    event_counts,
    group_with_two_on_duty,
    notified,
    raise_urgent,
    recipients,
)

pytestmark = pytest.mark.django_db

ESCALATED = str(AlertEvent.Kind.ESCALATED)
UNANSWERED = str(AlertEvent.Kind.UNANSWERED)


@pytest.fixture
def chain(facilitator, alice, org_admin):
    """(group, second facilitator): chain facilitator → second facilitator → org_admin."""
    return group_with_two_on_duty(facilitator=facilitator, member=alice)


@pytest.fixture
def alert(chain, facilitator, alice, org_admin) -> Alert:
    group, second = chain
    alert = raise_urgent(group, alice)
    assert alert.chain == [[facilitator.pk], [second.pk], [org_admin.pk]]
    return alert


def test_raising_queues_one_escalation_task_for_the_first_deadline(alert):
    assert alert.escalate_at == alert.created_at + services.escalate_after()
    [once] = TaskOnce.objects.filter(key__startswith=f"alert-escalate:{alert.pk}:")
    assert once.key == escalation_key(alert, 0)
    [task] = escalation_tasks(alert)
    assert str(task.pk) == once.task_result_id
    assert task.status == "READY"
    assert task.run_after == alert.escalate_at
    assert task.args_kwargs == {"args": [], "kwargs": {"alert_id": alert.pk, "step": 0}}

    # Scheduling the same step again (a retried transaction, say) queues nothing more.
    services._schedule_escalation(alert)
    assert escalation_tasks(alert).count() == 1


def test_the_deadline_follows_the_setting(chain, alice):
    group, _second = chain
    with override_settings(PEERHAVEN_ALERT_ESCALATE_AFTER=5):
        alert = raise_urgent(group, alice)
    assert alert.escalate_at == alert.created_at + timedelta(seconds=5)
    assert escalation_task(alert, 0).run_after == alert.escalate_at


def test_unanswered_it_goes_to_the_next_responder_then_the_fallback_then_is_recorded(
    alert, facilitator, chain, org_admin
):
    _group, second = chain
    after = services.escalate_after()

    # First deadline: the second facilitator is asked.
    first = alert.escalate_at + timedelta(seconds=1)
    assert services.alert_escalate(alert_id=alert.pk, step=0, now=first) == "escalated"
    alert.refresh_from_db()
    assert alert.step == 1 and alert.status == Alert.Status.OPEN
    assert alert.escalate_at == first + after
    assert recipients(alert) == [(facilitator.pk, 0), (second.pk, 1)]
    escalated = alert.events.get(kind=AlertEvent.Kind.ESCALATED)
    assert (escalated.step, escalated.at) == (1, first)
    assert escalation_task(alert, 1).run_after == alert.escalate_at

    # Second deadline: the fallback (the site admin) is asked.
    second_deadline = alert.escalate_at + timedelta(seconds=1)
    assert services.alert_escalate(alert_id=alert.pk, step=1, now=second_deadline) == "escalated"
    alert.refresh_from_db()
    assert alert.step == 2
    assert recipients(alert) == [(facilitator.pk, 0), (second.pk, 1), (org_admin.pk, 2)]
    assert escalation_task(alert, 2).run_after == alert.escalate_at == second_deadline + after

    # Third deadline: everyone was asked; it is recorded, and nothing more is queued.
    last = alert.escalate_at + timedelta(seconds=1)
    assert services.alert_escalate(alert_id=alert.pk, step=2, now=last) == "unanswered"
    alert.refresh_from_db()
    assert alert.step == 3 and alert.status == Alert.Status.OPEN
    assert alert.escalate_at is None
    assert event_counts(alert) == {(ESCALATED, 1): 1, (ESCALATED, 2): 1, (UNANSWERED, 3): 1}
    assert alert.events.get(kind=AlertEvent.Kind.UNANSWERED).at == last
    assert notified(alert) == {(facilitator.pk, 0): 1, (second.pk, 1): 1, (org_admin.pk, 2): 1}
    assert list(alert.events.values_list("kind", "step")) == [
        ("raised", 0),
        ("notified", 0),
        ("escalated", 1),
        ("notified", 1),
        ("escalated", 2),
        ("notified", 2),
        ("unanswered", 3),
    ]
    assert escalation_tasks(alert).count() == 3
    assert not TaskOnce.objects.filter(key=escalation_key(alert, 3)).exists()


def test_a_step_asked_for_twice_moves_only_once(alert, facilitator, chain):
    _group, second = chain
    late = alert.escalate_at + timedelta(seconds=1)
    assert services.alert_escalate(alert_id=alert.pk, step=0, now=late) == "escalated"
    # The same deadline again (a second worker, the sweep, a retried task) does nothing,
    # however late it comes.
    for now in (late, late + timedelta(hours=1)):
        assert services.alert_escalate(alert_id=alert.pk, step=0, now=now) == "nothing to do"
    assert escalate_alert.call(alert_id=alert.pk, step=0) == "nothing to do"

    alert.refresh_from_db()
    assert alert.step == 1
    assert alert.escalate_at == late + services.escalate_after()
    assert event_counts(alert) == {(ESCALATED, 1): 1}
    assert recipients(alert) == [(facilitator.pk, 0), (second.pk, 1)]
    assert notified(alert) == {(facilitator.pk, 0): 1, (second.pk, 1): 1}
    assert escalation_tasks(alert).count() == 2  # step 0's and step 1's, one each


def test_a_deadline_for_a_step_not_reached_yet_does_nothing(alert):
    assert services.alert_escalate(alert_id=alert.pk, step=1) == "nothing to do"
    alert.refresh_from_db()
    assert alert.step == 0
    assert event_counts(alert) == {}


def test_the_sweep_escalates_an_alert_whose_deadline_passed_long_ago_and_is_harmless_twice(
    alert, facilitator, chain
):
    _group, second = chain
    # Its own task was lost (a worker died running it, say): the deadline is an hour gone.
    Alert.objects.filter(pk=alert.pk).update(escalate_at=timezone.now() - timedelta(hours=1))

    assert escalate_overdue_alerts.call() == 1
    alert.refresh_from_db()
    assert alert.step == 1
    # The new deadline counts from now, not from the missed one.
    assert alert.escalate_at > timezone.now() + services.escalate_after() - timedelta(minutes=1)
    assert escalation_task(alert, 1).run_after == alert.escalate_at

    assert escalate_overdue_alerts.call() == 0
    # The lost task turning up after all changes nothing either.
    assert escalate_alert.call(alert_id=alert.pk, step=0) == "nothing to do"
    alert.refresh_from_db()
    assert alert.step == 1
    assert event_counts(alert) == {(ESCALATED, 1): 1}
    assert recipients(alert) == [(facilitator.pk, 0), (second.pk, 1)]
    assert escalation_tasks(alert).count() == 2


def test_the_sweep_leaves_a_deadline_just_passed_to_its_own_task(alert):
    just_passed = timezone.now() - SWEEP_GRACE + timedelta(seconds=10)
    Alert.objects.filter(pk=alert.pk).update(escalate_at=just_passed)
    assert escalate_overdue_alerts.call() == 0
    alert.refresh_from_db()
    assert alert.step == 0


def test_the_sweep_queues_its_own_next_run_once(alert):
    escalate_overdue_alerts.call()
    escalate_overdue_alerts.call()
    sweeps = TaskOnce.objects.filter(key__startswith=f"periodic:{escalate_overdue_alerts.name}:")
    assert sweeps.count() == 1
    assert DBTaskResult.objects.filter(pk=sweeps.get().task_result_id).exists()


@pytest.mark.parametrize("answer", ["acknowledge", "close"])
def test_an_answered_alert_never_escalates(alert, facilitator, answer):
    if answer == "acknowledge":
        services.alert_acknowledge(user=facilitator, alert=alert)
    else:
        services.alert_close(user=facilitator, alert=alert, outcome=Alert.Outcome.CHECKED_IN)
    alert.refresh_from_db()
    assert alert.escalate_at is None
    deadline_task = escalation_task(alert, 0)

    much_later = deadline_task.run_after + timedelta(hours=2)
    assert services.alert_escalate(alert_id=alert.pk, step=0, now=much_later) == "nothing to do"
    assert escalate_alert.call(alert_id=alert.pk, step=0) == "nothing to do"
    # Even a deadline left in the past does not bring the sweep back to it.
    Alert.objects.filter(pk=alert.pk).update(escalate_at=timezone.now() - timedelta(hours=1))
    assert escalate_overdue_alerts.call() == 0

    alert.refresh_from_db()
    assert alert.step == 0
    assert event_counts(alert) == {}
    assert recipients(alert) == [(facilitator.pk, 0)]
    assert escalation_tasks(alert).count() == 1


# --- Responders who leave, and a sweep that keeps going ------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_responder_who_erased_their_account_is_skipped_and_the_alert_still_escalates(
    chain, alice, org_admin
):
    group, second = chain
    alert = raise_urgent(group, alice)
    account_erase(user=second)

    outcome = services.alert_escalate(alert_id=alert.pk, step=0)
    assert outcome in {"escalated", "unanswered"}
    alert.refresh_from_db()
    assert alert.step >= 1
    # Someone who still exists hears about it: the fallback admin.
    assert alert.recipients.filter(user=org_admin).exists()


def test_one_alert_that_cannot_escalate_does_not_stop_the_sweep(chain, alice):
    group, _second = chain
    other = raise_urgent(group, alice)
    stuck = raise_urgent(group, alice)
    long_ago = timezone.now() - timedelta(hours=1)
    Alert.objects.filter(pk__in=[stuck.pk, other.pk]).update(escalate_at=long_ago)
    real = services.alert_escalate

    def failing_for_stuck(*, alert_id, step, now=None):
        if alert_id == stuck.pk:
            raise RuntimeError("this alert cannot move")
        return real(alert_id=alert_id, step=step, now=now)

    with patch.object(services, "alert_escalate", side_effect=failing_for_stuck):
        assert escalate_overdue_alerts.call() == 1
    other.refresh_from_db()
    assert other.step == 1, "the other overdue alert was not escalated"
    assert TaskOnce.objects.filter(
        key__startswith=f"periodic:{escalate_overdue_alerts.name}:"
    ).exists(), "the sweep's next run was not queued"
