"""Scheduled work without cron.

A periodic task is queued for the start of each time slot (every hour, say) through
`enqueue_once`, keyed by task and slot, so two workers never queue or run the same slot
twice. Each run queues the next slot; `peerhaven worker` queues the current and next slot
on start, so a worker that was down catches up once and carries on. Everything lives in
the database queue: a restart loses nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from django_tasks.base import Task

from peerhaven.core.tasks import enqueue_once

_registry: dict[str, tuple[Task[Any, Any], timedelta]] = {}


def register(task: Task[Any, Any], *, every: timedelta) -> None:
    _registry[task.name] = (task, every)


def registered() -> dict[str, tuple[Task[Any, Any], timedelta]]:
    return dict(_registry)


def slot_start(now: datetime, every: timedelta) -> datetime:
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    slots = (now - epoch) // every
    return epoch + slots * every


def schedule(name: str, *, now: datetime | None = None, include_current: bool = False) -> int:
    """Queue the next slot (and the current one when asked). Returns how many were new."""
    task, every = _registry[name]
    start = slot_start(now or timezone.now(), every)
    slots = ([start] if include_current else []) + [start + every]
    queued = 0
    for slot in slots:
        result = enqueue_once(task.using(run_after=slot), key=f"periodic:{name}:{slot.isoformat()}")
        queued += result is not None
    return queued


def schedule_all(*, now: datetime | None = None) -> int:
    return sum(schedule(name, now=now, include_current=True) for name in _registry)
