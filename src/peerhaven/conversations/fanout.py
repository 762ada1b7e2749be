"""Live delivery over the channel layer. Best effort by design: a client that misses an
event (a dropped layer message, a reconnect) catches up from the database by sequence
number, so nothing here needs to be guaranteed.

Channel-layer groups and the events sent to them:
- `conversation-<id>`, every open chat socket subscribed to the conversation:
  - `message.new` {"conversation": int, "seq": int, "author_id": int, "frame": str}: a
    stored message, with the chat frame for it already written (`message_new`);
  - `message.changed` {"message": payload, "author_id": int}: an edited message;
  - `message.deleted` {"conversation": int, "seq": int}.
- `chat-user-<user id>`, every chat socket of one person:
  - `access.recheck` {}: membership or agreement may have changed; check every room again;
  - `relations.changed` {}: a mute or block changed; reload whose messages to hide.
- `chat-group-<group id>` and `chat-everyone`: `access.recheck` for all sockets in a
  group's rooms (its rules changed materially) or in any room (the site's did).

Handlers must not modify the event dict: the in-memory layer hands one dict to every
consumer in the group.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

EVERYONE = "chat-everyone"


def conversation_group(conversation_id: int) -> str:
    return f"conversation-{conversation_id}"


def user_group(user_id: int) -> str:
    return f"chat-user-{user_id}"


def group_group(group_id: int) -> str:
    return f"chat-group-{group_id}"


def message_new(payload: dict[str, Any], author_id: int) -> dict[str, Any]:
    """The `message.new` event for a stored message's payload. The frame every socket in
    the room sends is encoded here, once, instead of by each socket."""
    room = payload["conversation"]
    return {
        "type": "message.new",
        "conversation": room,
        "seq": payload["seq"],
        "author_id": author_id,
        "frame": json.dumps({"type": "message", "room": room, "message": payload}),
    }


def send(group_name: str, event: dict[str, Any]) -> None:
    """Send from sync code (services run in a worker thread under ASGI)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group_name, event)
    except Exception:
        # The message is stored; subscribers resume from the database on their next catch-up.
        logger.exception("Live delivery to %s failed", group_name)


async def send_async(group_name: str, event: dict[str, Any]) -> None:
    """As `send`, from async code (a consumer's event loop): no thread hop."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(group_name, event)
    except Exception:
        logger.exception("Live delivery to %s failed", group_name)
