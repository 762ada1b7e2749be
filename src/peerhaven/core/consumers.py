"""A signed-in person's own notification stream.

Group name `user-<id>`. Event types sent to it by later features:
- `notify` {"kind": str, "payload": dict}: forwarded to the browser as
  {"type": "notify", "kind": ..., "payload": ...}.
- `account.closed` {}: the account was suspended; the socket closes with 4401.
- `session.check` {}: some of the person's sessions ended (signed out, password changed,
  signed out everywhere else); closes with 4401 if this socket's session is one of them, or
  with 4500 (reconnect) if it was kept under a new key.

The browser may send {"type": "ping"} and gets {"type": "pong"}.
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from peerhaven.accounts import policies
from peerhaven.accounts.sessions import SocketSession, socket_session_state
from peerhaven.core.errors import CLOSE_NOT_SIGNED_IN, CLOSE_RECONNECT
from peerhaven.core.exceptions import NotAllowed

# A facilitator or admin who has not turned on two-factor yet: the same rule as every page.
CLOSE_TWO_FACTOR_SETUP_REQUIRED = 4000 + NotAllowed.status


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def _session_passed_two_factor(scope: dict[str, Any], user: Any) -> bool:
    """The WebSocket twin of django-otp's middleware: the session names a confirmed
    device of this very user, i.e. the two-factor step was completed over HTTP."""
    session = scope.get("session")
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id:
        return False
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk and device.confirmed


def refusal_code(scope: dict[str, Any]) -> int | None:
    """None when the connection may open, else the close code. Mirrors the HTTP rules:
    a session still waiting for its two-factor step counts as not signed in."""
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        return CLOSE_NOT_SIGNED_IN
    step = policies.two_factor_step(user, verified=_session_passed_two_factor(scope, user))
    if step == policies.VERIFY:
        return CLOSE_NOT_SIGNED_IN
    if step == policies.SET_UP:
        return CLOSE_TWO_FACTOR_SETUP_REQUIRED
    return None


class NotificationConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        code: int | None = await database_sync_to_async(refusal_code)(self.scope)
        if code is not None:
            await self.close(code=code)
            return
        user = self.scope["user"]
        self.group_name = user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.display_name})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        # Bad input gets an error message, not a crashed connection.
        try:
            content = json.loads(text_data) if text_data else None
        except ValueError:
            content = None
        if content is None:
            await self.send_json(
                {"type": "error", "code": "invalid_json", "message": "Send JSON text frames."}
            )
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json(
                {"type": "error", "code": "unknown_type", "message": "Unknown message type."}
            )

    async def account_closed(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_NOT_SIGNED_IN)

    async def session_check(self, event: dict[str, Any]) -> None:
        state = await database_sync_to_async(socket_session_state)(self.scope)
        if state is SocketSession.MOVED:
            await self.close(code=CLOSE_RECONNECT)
        elif state is SocketSession.ENDED:
            await self.close(code=CLOSE_NOT_SIGNED_IN)

    async def notify(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {"type": "notify", "kind": event.get("kind", ""), "payload": event.get("payload", {})}
        )
