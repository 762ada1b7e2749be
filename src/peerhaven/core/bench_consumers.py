"""A ceiling for the chat benchmark (bench/chat/run.py): the least a chat socket can do.

Routed at `/ws/bench/chat/` only when PEERHAVEN_BENCH_ENDPOINTS is on (off by default):
anyone may connect, nobody is signed in or checked, and every message is written to a
table that only the benchmark creates. Never turn it on for a site that people use.

What remains of a chat message here is what no chat can skip: parse the frame, insert one
row (in a worker thread, as Django's database access needs), broadcast it to the room over
the channel layer, and send it to each socket in the room. Protocol (JSON text frames):

- client → server {"type": "subscribe", "room": int}: answered {"type": "subscribed"};
- client → server {"type": "send", "room": int, "client_id": str, "text": str};
- server → client {"type": "message", "room": int, "message": {"id", "client_id", "text"}}.

Channel-layer event, sent to group `bench-room-<room>`:
- `bench.message` {"room": int, "message": {...}}: a stored message (not to be modified).
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import connection

# Created by bench/chat/run.py in its throw-away database; nothing else uses it.
TABLE = "bench_chat_message"


def room_group(room: int) -> str:
    return f"bench-room-{room}"


def _insert(room: int, client_id: str, text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (room, client_id, body, created_at) "  # noqa: S608 - constant
            "VALUES (%s, %s, %s, now()) RETURNING id",
            [room, client_id, text],
        )
        row = cursor.fetchone()
    return int(row[0])


class BareChatConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    async def dispatch(self, message: dict[str, Any]) -> None:
        # As ChatConsumer: skip Channels' per-event database housekeeping, which the
        # database_sync_to_async call below already does, so the ceiling stays a ceiling.
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None or message["type"].startswith("_"):
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.rooms: set[int] = set()
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for room in self.rooms:
            await self.channel_layer.group_discard(room_group(room), self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        try:
            content = json.loads(text_data or "")
            kind, room = content["type"], int(content["room"])
        except (ValueError, KeyError, TypeError):
            await self.close(code=4400)
            return
        if kind == "subscribe":
            await self.channel_layer.group_add(room_group(room), self.channel_name)
            self.rooms.add(room)
            await self.send(text_data=json.dumps({"type": "subscribed", "room": room}))
        elif kind == "send":
            client_id, text = str(content["client_id"]), str(content["text"])
            pk = await database_sync_to_async(_insert)(room, client_id, text)
            message = {"id": pk, "client_id": client_id, "text": text}
            await self.channel_layer.group_send(
                room_group(room), {"type": "bench.message", "room": room, "message": message}
            )

    async def bench_message(self, event: dict[str, Any]) -> None:
        frame = {"type": "message", "room": event["room"], "message": event["message"]}
        await self.send(text_data=json.dumps(frame))
