"""Live chat over one WebSocket per browser tab: `/ws/chat/`.

The socket is signed in by the session and authorized per room by conversations.policies,
the same rules as the web pages and the API. Protocol (JSON text frames):

Client → server
- {"type": "subscribe", "room": id, "after": seq}: join a room and receive every message
  after `seq` (0: all), in order, then live ones.
- {"type": "unsubscribe", "room": id}
- {"type": "send", "room": id, "client_id": str, "text": str, "support_preference"?: str,
  "warning_note"?: str}: stored before it is acknowledged; resending the same client_id
  returns the same stored message.
- {"type": "ping"}

Server → client
- {"type": "hello", "user": display name}
- {"type": "subscribed", "room": id, "title": str, "last_seq": int}
- {"type": "message", "room": id, "message": payload}: catch-up and live alike, in seq
  order per room; a client keeps the highest seq it has and ignores lower ones.
- {"type": "caught_up", "room": id, "last_seq": int}: the backlog is done.
- {"type": "ack", "room": id, "client_id": str, "created": bool, "message": payload,
   "care": bool}: care asks the page to show the author the crisis panel (their message was
   screened concern or urgent)
- {"type": "message_changed", "room": id, "message": payload}
- {"type": "message_deleted", "room": id, "seq": int}
- {"type": "error", "code": str, "message": str, "extra": {}, "room"?: id, "client_id"?: str}:
  codes "rate_limited" and "server_error" carry extra.retry_after (seconds): send again then.
- {"type": "pong"}

Close codes: 4401 not signed in (or the account was suspended, or this session ended by
signing out, a password change or "sign out everywhere else", meanwhile); 4500 this
browser's session was kept under a new key: reconnect at once and resume; 4403 membership
ended; 4409 the guidelines changed and must be agreed to again; 4429 too many open
connections for this person; 1011 a ping or subscribe failed on the server's side (reconnect
and resume).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.accounts.sessions import SocketSession, socket_session_state
from peerhaven.conversations import fanout, policies, selectors, send_queue, services
from peerhaven.conversations.exceptions import (
    AccountClosed,
    InvalidMessage,
    ServerFault,
    SessionEnded,
    TooManyConnections,
)
from peerhaven.conversations.models import Conversation, Message
from peerhaven.core.consumers import refusal_code
from peerhaven.core.errors import CLOSE_NOT_SIGNED_IN, CLOSE_RECONNECT, consumer_error
from peerhaven.core.exceptions import DomainError, NotFound
from peerhaven.groups.exceptions import AgreementNeeded
from peerhaven.groups.models import Group

logger = logging.getLogger(__name__)

CLOSE_MEMBERSHIP_ENDED = 4403
CLOSE_AGREEMENT_NEEDED = 4409
CLOSE_TOO_MANY_CONNECTIONS = 4429
# Frames well over the longest message are refused before parsing. A client may escape
# every character in JSON: "\ud83d\ude00" is 12 characters for one emoji.
FRAME_MAX_CHARS_FACTOR = 12
# A socket counts against its person's limit this long after its last ping (clients ping
# every 25 s).
CONNECTION_TTL = 120
# A fault of ours while handling a ping or subscribe: the page reconnects and resumes.
CLOSE_SERVER_FAULT = 1011
# Seconds the page waits before sending again a message that failed through our fault.
SERVER_FAULT_RETRY_AFTER = 5
# Seconds between the access and mute/block checks a ping repeats in case a push was lost.
RECHECK_ON_PING_EVERY = 300


@dataclass
class RoomState:
    group_id: int
    # The highest seq sent to this socket: lower ones are duplicates, higher ones after a
    # gap mean a live event was missed or overtaken, and the database fills the gap.
    last_sent: int
    # Authors whose messages this socket leaves out in this room (policies.hidden_author_ids:
    # it depends on the room's group, as its moderators see past blocks).
    hidden: set[int]


def _hidden_in_group(user: User, group_id: int) -> set[int]:
    return policies.hidden_author_ids(user, group=Group(pk=group_id))


def _connections_key(user_id: int) -> str:
    return f"chat-connections:{user_id}"


def _open_connections(user_id: int, now: float) -> dict[str, float]:
    held = cache.get(_connections_key(user_id)) or {}
    return {name: until for name, until in held.items() if until > now}


def _take_connection_slot(user_id: int, channel_name: str, *, renew: bool = False) -> bool:
    """One entry per open socket, in the cache so every worker shares it. Entries expire
    unless the socket pings (renew), so a killed worker's sockets stop counting within
    minutes. A soft limit: two sockets opening at the same instant may both get in."""
    now = time.time()
    held = _open_connections(user_id, now)
    if not renew and len(held) >= settings.PEERHAVEN_CHAT_MAX_CONNECTIONS:
        return False
    held[channel_name] = now + CONNECTION_TTL
    cache.set(_connections_key(user_id), held, timeout=CONNECTION_TTL)
    return True


def _release_connection_slot(user_id: int, channel_name: str) -> None:
    held = _open_connections(user_id, time.time())
    held.pop(channel_name, None)
    cache.set(_connections_key(user_id), held, timeout=CONNECTION_TTL)


def _room_number(room_id: Any) -> int:
    """A frame's room id, if it is a whole number (not 4.0, "4", true or a list)."""
    if not isinstance(room_id, int) or isinstance(room_id, bool):
        raise InvalidMessage(_("Name the room by its number."), code="invalid_room")
    return room_id


def _room_for_chat(user: User, room_id: Any) -> Conversation:
    """The room, if this person may chat in it. Hidden and missing rooms answer alike."""
    conversation = selectors.conversation_get(user=user, conversation_id=_room_number(room_id))
    if conversation.kind != Conversation.Kind.ROOM:
        raise policies.conversation_not_found()
    policies.check_write_conversation(user, conversation)
    return conversation


def _recheck(user: User, room_ids: list[int]) -> DomainError | None:
    """The first reason this person may no longer chat in one of these rooms, if any."""
    if not User.objects.filter(pk=user.pk, is_active=True).exists():
        return AccountClosed(_("This account is suspended or closed."))
    for room_id in room_ids:
        try:
            _room_for_chat(user, room_id)
        except DomainError as exc:
            return exc
    return None


class ChatConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    user: User
    rooms: dict[int, RoomState]
    has_slot = False

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every event through an extra
        # thread hop. Our handlers reach the database only via database_sync_to_async,
        # which does that housekeeping itself, so live deliveries skip the hop.
        name = message["type"].replace(".", "_")
        handler = None if name.startswith("_") else getattr(self, name, None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- Connection ------------------------------------------------------------------

    async def connect(self) -> None:
        code: int | None = await database_sync_to_async(refusal_code)(self.scope)
        if code is not None:
            await self.close(code=code)
            return
        self.user = self.scope["user"]
        self.rooms = {}
        if not await database_sync_to_async(_take_connection_slot)(self.user.pk, self.channel_name):
            await self.accept()
            error = TooManyConnections(
                _("You have too many chat windows open. Close one and try again.")
            )
            await self.send_json(consumer_error(error))
            await self.close(code=CLOSE_TOO_MANY_CONNECTIONS)
            return
        self.has_slot = True
        self.checked_at = time.monotonic()
        await self.channel_layer.group_add(fanout.user_group(self.user.pk), self.channel_name)
        await self.channel_layer.group_add(fanout.EVERYONE, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": self.user.display_name})

    async def disconnect(self, code: int) -> None:
        if not self.has_slot:
            return
        self.has_slot = False
        await database_sync_to_async(_release_connection_slot)(self.user.pk, self.channel_name)
        for name in self._group_names():
            await self.channel_layer.group_discard(name, self.channel_name)

    # --- From the browser ------------------------------------------------------------

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        limit = settings.PEERHAVEN_MESSAGE_MAX_CHARS * FRAME_MAX_CHARS_FACTOR + 1024
        if text_data is None:
            await self._error("invalid_json", _("Send JSON text frames."))
            return
        if len(text_data) > limit:
            await self._error("frame_too_large", _("That message is far too long to send."))
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            await self._error("invalid_json", _("That was not valid JSON."))
            return
        if not isinstance(content, dict):
            await self._error("invalid_json", _("Send a JSON object."))
            return
        kind = content.get("type")
        handler = {
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "send": self._send_message,
            "ping": self._ping,
        }.get(kind if isinstance(kind, str) else "")
        if handler is None:
            await self._error("unknown_type", _("Unknown message type."))
            return
        try:
            await handler(content)
        except DomainError as exc:
            await self._refuse(content, consumer_error(exc))
        except Exception:
            # A fault of ours (the database or Redis away, a bug) must not crash the socket,
            # which would leave the person's slot taken.
            logger.exception("Chat frame %r failed", content.get("type"))
            if handler != self._send_message:
                # A ping or subscribe that failed left its repair undone: close, so the page
                # reconnects and resumes from its last seq at once (the disconnect frees the slot).
                await self.close(code=CLOSE_SERVER_FAULT)
                return
            # A send is answered: the page sends the message again a little later (it is
            # idempotent by client id).
            error = ServerFault(
                _("Something went wrong on our side. Your message is kept and sent again soon."),
                extra={"retry_after": SERVER_FAULT_RETRY_AFTER},
            )
            await self._refuse(content, consumer_error(error))

    async def _refuse(self, content: dict[str, Any], frame: dict[str, Any]) -> None:
        """Send an error frame naming the room and client id it answers, when they are valid."""
        for key in ("room", "client_id"):
            value = content.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                frame[key] = value
        await self.send_json(frame)

    async def _ping(self, content: dict[str, Any]) -> None:
        """A ping also repairs what the channel layer may have forgotten while this socket
        stayed open (a Redis restart or failover, channels-redis' group expiry): join the
        groups again, check access again every few minutes, and fill any gap from the database."""
        await database_sync_to_async(_take_connection_slot)(
            self.user.pk, self.channel_name, renew=True
        )
        for name in self._group_names():
            await self.channel_layer.group_add(name, self.channel_name)
        if self.rooms and time.monotonic() - self.checked_at > RECHECK_ON_PING_EVERY:
            # Only now and then: access changes are pushed at once; this covers a lost push.
            self.checked_at = time.monotonic()
            if not await self._keeps_access():
                return
            await self._recheck_hidden()
        for room_id, state in list(self.rooms.items()):
            await self._catch_up(room_id, state)
        await self.send_json({"type": "pong"})

    def _group_names(self) -> list[str]:
        names = [fanout.user_group(self.user.pk), fanout.EVERYONE]
        for room_id, state in self.rooms.items():
            names += [fanout.conversation_group(room_id), fanout.group_group(state.group_id)]
        return names

    async def _subscribe(self, content: dict[str, Any]) -> None:
        room_id = content.get("room")
        after = content.get("after", 0)
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            raise InvalidMessage(_("'after' must be a message number."), code="invalid_after")
        room = await database_sync_to_async(_room_for_chat)(self.user, room_id)
        if room.pk not in self.rooms:
            await self.channel_layer.group_add(
                fanout.conversation_group(room.pk), self.channel_name
            )
            await self.channel_layer.group_add(fanout.group_group(room.group_id), self.channel_name)
        # Live events queue up behind this handler; anything at or below last_sent is skipped.
        hidden = await database_sync_to_async(_hidden_in_group)(self.user, room.group_id)
        state = RoomState(
            group_id=room.group_id, last_sent=min(after, room.last_seq), hidden=hidden
        )
        self.rooms[room.pk] = state
        await self.send_json(
            {"type": "subscribed", "room": room.pk, "title": room.title, "last_seq": room.last_seq}
        )
        await self._catch_up(room.pk, state)
        await self.send_json({"type": "caught_up", "room": room.pk, "last_seq": state.last_sent})

    async def _unsubscribe(self, content: dict[str, Any]) -> None:
        room_id = _room_number(content.get("room"))
        if self.rooms.pop(room_id, None) is not None:
            await self.channel_layer.group_discard(
                fanout.conversation_group(room_id), self.channel_name
            )
        await self.send_json({"type": "unsubscribed", "room": room_id})

    async def _send_message(self, content: dict[str, Any]) -> None:
        room_id = _room_number(content.get("room"))
        if room_id not in self.rooms:
            raise NotFound(_("Subscribe to the room before sending to it."), code="not_subscribed")
        room = Conversation(pk=room_id, group_id=self.rooms[room_id].group_id)
        # Stored with whatever else this worker's sockets sent meanwhile (send_queue.py).
        posted = await send_queue.for_running_loop().send(
            author=self.user,
            conversation=room,
            text=content.get("text"),
            client_id=content.get("client_id"),
            support_preference=content.get("support_preference"),
            warning_note=content.get("warning_note", ""),
            deliver=False,
        )
        if posted.event is not None:  # stored and committed; the room hears it before the ack
            await fanout.send_async(fanout.conversation_group(room_id), posted.event)
        await self.send_json(
            {
                "type": "ack",
                "room": room_id,
                "client_id": posted.message.client_id,
                "created": posted.created,
                "message": posted.payload,
                # Only the author's own ack says so: the page shows them the crisis panel.
                "care": posted.care,
            }
        )

    async def _error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message, "extra": {}})

    # --- Catch-up --------------------------------------------------------------------

    async def _catch_up(self, room_id: int, state: RoomState, *, up_to: int | None = None) -> None:
        """Send every visible message after state.last_sent (up to `up_to`), in order."""
        room = Conversation(pk=room_id)
        while True:
            batch = await database_sync_to_async(self._batch_after)(room, state, up_to)
            for payload in batch:
                await self.send_json({"type": "message", "room": room_id, "message": payload})
                state.last_sent = payload["seq"]
            if len(batch) < selectors.CATCH_UP_BATCH:
                break
        if up_to is not None:
            state.last_sent = max(state.last_sent, up_to)

    def _batch_after(
        self, room: Conversation, state: RoomState, up_to: int | None
    ) -> list[dict[str, Any]]:
        after = state.last_sent
        if up_to is None and selectors.conversation_last_seq(room.pk) <= after:
            return []  # a ping's usual answer, for a fraction of the query below
        messages = (
            selectors.readable_by(
                Message.objects.filter(conversation=room, seq__gt=after),
                user_id=self.user.pk,
                hidden=state.hidden,
            )
            .select_related("author")
            .prefetch_related("warning_topics")
            .order_by("seq")
        )
        if up_to is not None:
            messages = messages.filter(seq__lte=up_to)
        return [services.message_payload(m) for m in messages[: selectors.CATCH_UP_BATCH]]

    # --- From the channel layer (see conversations/fanout.py) --------------------------

    async def message_new(self, event: dict[str, Any]) -> None:
        room_id, seq = event["conversation"], event["seq"]
        state = self.rooms.get(room_id)
        if state is None or seq <= state.last_sent:
            return
        if seq > state.last_sent + 1:
            # An earlier message's event is late or was lost: the database has it.
            await self._catch_up(room_id, state, up_to=seq)
            return
        state.last_sent = seq
        if event["author_id"] in state.hidden:
            return
        await self.send(text_data=event["frame"])

    async def message_changed(self, event: dict[str, Any]) -> None:
        message = event["message"]
        state = self.rooms.get(message["conversation"])
        if state is None or event["author_id"] in state.hidden or message["seq"] > state.last_sent:
            return
        await self.send_json(
            {"type": "message_changed", "room": message["conversation"], "message": message}
        )

    async def message_deleted(self, event: dict[str, Any]) -> None:
        if event["conversation"] in self.rooms:
            await self.send_json(
                {"type": "message_deleted", "room": event["conversation"], "seq": event["seq"]}
            )

    async def relations_changed(self, event: dict[str, Any]) -> None:
        await self._recheck_hidden()

    async def _recheck_hidden(self) -> None:
        for state in self.rooms.values():
            state.hidden = await database_sync_to_async(_hidden_in_group)(self.user, state.group_id)

    async def access_recheck(self, event: dict[str, Any]) -> None:
        await self._keeps_access()

    async def session_check(self, event: dict[str, Any]) -> None:
        """Some of this person's sessions ended: close if this socket's is one of them, or
        ask for a reconnect if this browser's session was kept under a new key."""
        state = await database_sync_to_async(socket_session_state)(self.scope)
        if state is SocketSession.MOVED:
            await self.close(code=CLOSE_RECONNECT)
        elif state is SocketSession.ENDED:
            await self.send_json(
                consumer_error(SessionEnded(_("You are signed out. Sign in again to chat.")))
            )
            await self.close(code=CLOSE_NOT_SIGNED_IN)

    async def _keeps_access(self) -> bool:
        """Check the account and every subscribed room again; on the first refusal explain
        and close."""
        problem = await database_sync_to_async(_recheck)(self.user, list(self.rooms))
        if problem is None:
            return True
        if isinstance(problem, AccountClosed):
            await self.send_json(consumer_error(problem))
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return False
        if isinstance(problem, AgreementNeeded):
            await self.send_json(consumer_error(problem))
            await self.close(code=CLOSE_AGREEMENT_NEEDED)
            return False
        await self._error("membership_ended", _("You are no longer a member of this group's chat."))
        await self.close(code=CLOSE_MEMBERSHIP_ENDED)
        return False
