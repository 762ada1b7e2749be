"""Enqueue helpers on top of django-tasks (database backend)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django_tasks.base import Task, TaskResult

from peerhaven.core.models import TaskOnce

KEY_MAX = 200


def _stored_key(key: str) -> str:
    """Long keys keep a readable start and a digest of the whole, so two keys that
    differ only after the cut never count as the same purpose."""
    if len(key) <= KEY_MAX:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key[: KEY_MAX - len(digest) - 1] + "#" + digest


def enqueue_once(task: Task[Any, Any], *, key: str, **kwargs: Any) -> TaskResult[Any] | None:
    """Enqueue `task` unless one was already enqueued for the same purpose `key`.

    Returns the new result, or None when the key was taken. The unique row and the
    queued task commit together, so two workers racing on one key enqueue exactly one,
    and the database backend hands each queued task to exactly one worker.
    """
    try:
        with transaction.atomic():
            claim = TaskOnce.objects.create(key=_stored_key(key), task_result_id="")
            result: TaskResult[Any] = task.enqueue(**kwargs)
            claim.task_result_id = str(result.id)
            claim.save(update_fields=["task_result_id"])
    except IntegrityError:
        return None
    return result
