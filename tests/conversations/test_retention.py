"""A group's retention period: a scheduled task erases older messages and logs the count."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peerhaven.conversations import services, tasks
from peerhaven.conversations.models import Message
from peerhaven.core import periodic
from peerhaven.core.models import TaskOnce
from tests.conversations.helpers import group_with, post, thread

TASK_PATH = "peerhaven.conversations.tasks.erase_expired_messages"


def _age(message: Message, days: int) -> None:
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def groups(db, facilitator, alice):
    short = group_with(name="Short Memory", facilitator=facilitator, members=[alice])
    short.message_retention_days = 30
    short.save()
    forever = group_with(name="Long Memory", facilitator=facilitator, members=[alice])
    return short, forever


def test_only_messages_older_than_the_groups_period_are_erased(groups, alice):
    short, forever = groups
    old_short = post(thread(short, alice), alice, "old")
    new_short = post(old_short.conversation, alice, "new")
    old_forever = post(thread(forever, alice), alice, "old but kept")
    _age(old_short, 31)
    _age(old_forever, 400)

    assert services.messages_erase_expired() == 1
    assert not Message.objects.filter(pk=old_short.pk).exists()
    assert Message.objects.filter(pk=new_short.pk).exists()
    assert Message.objects.filter(pk=old_forever.pk).exists()


def test_erasing_works_in_batches_and_counts_them_all(groups, alice, settings):
    settings.PEERHAVEN_MESSAGE_RATE = (10_000, 60)
    short, _forever = groups
    conversation = thread(short, alice)
    for i in range(520):
        post(conversation, alice, f"m{i}")
    Message.objects.filter(conversation=conversation).update(
        created_at=timezone.now() - timedelta(days=90)
    )
    assert services.messages_erase_expired() == 521


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_retention_on_schedule_and_logs_the_count(facilitator, alice, caplog):
    group = group_with(facilitator=facilitator, members=[alice], message_retention_days=7)
    post(thread(group, alice), alice, "a reply")
    Message.objects.update(created_at=timezone.now() - timedelta(days=8))

    # The worker queues the current slot on start and runs it.
    with caplog.at_level(logging.INFO, logger="peerhaven.conversations.tasks"):
        call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert Message.objects.count() == 0
    assert "erased 2 expired messages" in caplog.text
    done = DBTaskResult.objects.filter(task_path=TASK_PATH, status="SUCCESSFUL")
    assert done.count() == 1
    # The next hour's run is queued, once, however often workers start.
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert waiting.count() == 1
    assert done.count() == 1


def test_periodic_slots_are_keyed_so_each_runs_once(db):
    now = timezone.now()
    assert periodic.schedule(tasks.erase_expired_messages.name, now=now, include_current=True) == 2
    assert periodic.schedule(tasks.erase_expired_messages.name, now=now, include_current=True) == 0
    assert TaskOnce.objects.filter(key__startswith="periodic:").count() == 2
