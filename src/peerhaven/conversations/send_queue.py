"""Chat messages of one server process go to the database thread together.

Channels runs every `database_sync_to_async` call of a process in one shared thread, so a
worker stores one message at a time, and each trip to that thread costs a hand-off, a
database connection borrowed from the pool and checked, a commit, and a wait for the
interpreter lock while the event loop is busy sending. Under load, messages that arrive
while the thread is busy wait here and then make the next trip together
(`services.message_post_many`): each is still checked, counted and screened on its own and
gets its own answer or error, and the plain ones share one statement and one commit. With
one message waiting, this is the same single trip as before.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async

from peerhaven.conversations import services

# The most messages one trip takes: a longer batch would delay the first of the next one.
BATCH_MAX = 32


@dataclass
class SendQueue:
    """One per event loop (`for_running_loop`)."""

    pending: list[tuple[dict[str, Any], asyncio.Future[services.Posted]]] = field(
        default_factory=list
    )
    # The task taking batches to the thread while there are any (kept: the event loop holds
    # only a weak reference to a task).
    drainer: asyncio.Task[None] | None = None

    async def send(self, **request: Any) -> services.Posted:
        """`services._message_post(**request)`, done on the next trip to the database thread."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[services.Posted] = loop.create_future()
        self.pending.append((request, done))
        if self.drainer is None:
            self.drainer = loop.create_task(self._drain())
        return await done

    async def _drain(self) -> None:
        try:
            while self.pending:
                batch, self.pending = self.pending[:BATCH_MAX], self.pending[BATCH_MAX:]
                requests = [request for request, _ in batch]
                outcomes: list[services.Posted | Exception]
                try:
                    outcomes = await database_sync_to_async(services.message_post_many)(requests)
                    if len(outcomes) != len(batch):
                        raise RuntimeError("message_post_many must answer every request")
                except Exception as exc:  # the trip itself failed: every sender hears it
                    outcomes = [exc] * len(batch)
                for (_, done), outcome in zip(batch, outcomes, strict=True):
                    if done.done():  # its socket closed meanwhile
                        continue
                    if isinstance(outcome, Exception):
                        done.set_exception(outcome)
                    else:
                        done.set_result(outcome)
        finally:
            self.drainer = None


_queues: dict[asyncio.AbstractEventLoop, SendQueue] = {}


def for_running_loop() -> SendQueue:
    """The running event loop's queue (each test's event loop gets its own)."""
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        for old in [old for old in _queues if old.is_closed()]:
            del _queues[old]
        queue = _queues[loop] = SendQueue()
    return queue
