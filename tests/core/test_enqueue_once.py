import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from peerhaven.core.models import TaskOnce
from peerhaven.core.tasks import enqueue_once
from tests.core import sample_tasks
from tests.core.sample_tasks import record_run

pytestmark = pytest.mark.django_db
# The worker manages its own connection and transactions (and drops a connection left
# inside a transaction), so tests that run it commit for real.
runs_worker = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TASK_PATH = "tests.core.sample_tasks.record_run"


@pytest.fixture(autouse=True)
def _no_runs_yet():
    sample_tasks.RUNS.clear()
    yield
    sample_tasks.RUNS.clear()


def run_worker() -> None:
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_enqueueing_the_same_key_twice_queues_one_task():
    first = enqueue_once(record_run, key="reminder:meeting-1", label="one")
    second = enqueue_once(record_run, key="reminder:meeting-1", label="one")
    assert first is not None
    assert second is None
    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert queued.count() == 1
    assert TaskOnce.objects.get(key="reminder:meeting-1").task_result_id == str(first.id)


@runs_worker
def test_the_worker_runs_a_task_enqueued_twice_exactly_once():
    enqueue_once(record_run, key="reminder:meeting-2", label="two")
    enqueue_once(record_run, key="reminder:meeting-2", label="two")
    run_worker()
    run_worker()
    assert sample_tasks.RUNS == ["two"]
    [result] = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert result.status == "SUCCESSFUL"


@runs_worker
def test_different_keys_are_different_tasks():
    enqueue_once(record_run, key="reminder:a", label="a")
    enqueue_once(record_run, key="reminder:b", label="b")
    run_worker()
    assert sorted(sample_tasks.RUNS) == ["a", "b"]


@runs_worker
def test_a_rolled_back_enqueue_leaves_the_key_free():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_once(record_run, key="reminder:c", label="lost")
        raise RuntimeError("the surrounding write failed")
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()
    assert enqueue_once(record_run, key="reminder:c", label="kept") is not None
    run_worker()
    assert sample_tasks.RUNS == ["kept"]


def test_long_keys_that_differ_only_at_the_end_are_different_purposes():
    prefix = "x" * 250
    assert enqueue_once(record_run, key=prefix + "1", label="1") is not None
    assert enqueue_once(record_run, key=prefix + "2", label="2") is not None
    assert enqueue_once(record_run, key=prefix + "1", label="1") is None
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 2
