"""Open chat and notification sockets close as soon as the session they opened with ends:
signed out, signed out from elsewhere, or a password change. Other people's sockets stay;
the browser that made the change is asked to reconnect with its new session key."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from peerhaven.config.asgi import application
from tests.conftest import session_cookie
from tests.conversations.test_chat_socket import TIMEOUT, receive

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]


async def socket(path: str, cookie: str) -> WebsocketCommunicator:
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    ws = WebsocketCommunicator(application, path, headers=headers)
    assert (await ws.connect(timeout=TIMEOUT))[0]
    assert (await receive(ws))["type"] == "hello"
    return ws


def browser(cookie: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


async def still_open(ws: WebsocketCommunicator) -> bool:
    await ws.send_json_to({"type": "ping"})
    output = await ws.receive_output(timeout=TIMEOUT)
    return output["type"] == "websocket.send" and '"pong"' in output.get("text", "")


async def closed_with(ws: WebsocketCommunicator) -> tuple[int, list[str]]:
    texts = []
    while True:
        output = await ws.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            return output["code"], texts
        texts.append(output.get("text", ""))


async def test_signing_out_everywhere_else_closes_the_other_sessions_sockets_at_once(alice):
    here = await sync_to_async(session_cookie)(alice)
    other = await sync_to_async(session_cookie)(alice)
    chat_here = await socket("/ws/chat/", here)
    chat_other = await socket("/ws/chat/", other)
    alerts_other = await socket("/ws/notifications/", other)

    this_browser = browser(here)
    response = await sync_to_async(this_browser.post)("/accounts/sign-out-others/")
    assert response.status_code == 302

    code, texts = await closed_with(chat_other)
    assert code == 4401
    assert any('"signed_out"' in text for text in texts)
    assert (await closed_with(alerts_other))[0] == 4401
    # This browser's session got a new key: its socket is asked to reconnect, and can.
    assert (await closed_with(chat_here))[0] == 4500
    again = await socket("/ws/chat/", this_browser.cookies[settings.SESSION_COOKIE_NAME].value)
    assert await still_open(again)
    await again.disconnect()


async def test_a_password_change_closes_the_other_sessions_sockets(alice, password):
    here = await sync_to_async(session_cookie)(alice)
    other = await sync_to_async(session_cookie)(alice)
    chat_here = await socket("/ws/chat/", here)
    chat_other = await socket("/ws/chat/", other)

    new = "another long passphrase 9"
    this_browser = browser(here)
    response = await sync_to_async(this_browser.post)(
        "/accounts/password/",
        {"current_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302

    assert (await closed_with(chat_other))[0] == 4401
    assert (await closed_with(chat_here))[0] == 4500
    again = await socket("/ws/chat/", this_browser.cookies[settings.SESSION_COOKIE_NAME].value)
    assert await still_open(again)
    await again.disconnect()
    # The old key no longer opens anything.
    refused = WebsocketCommunicator(
        application,
        "/ws/chat/",
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={here}".encode()),
        ],
    )
    connected, _code = await refused.connect(timeout=TIMEOUT)
    assert not connected


async def test_signing_out_closes_only_that_browsers_sockets(alice):
    leaving = await sync_to_async(session_cookie)(alice)
    staying = await sync_to_async(session_cookie)(alice)
    chat_leaving = await socket("/ws/chat/", leaving)
    alerts_leaving = await socket("/ws/notifications/", leaving)
    chat_staying = await socket("/ws/chat/", staying)

    response = await sync_to_async(browser(leaving).post)("/accounts/sign-out/")
    assert response.status_code == 302

    assert (await closed_with(chat_leaving))[0] == 4401
    assert (await closed_with(alerts_leaving))[0] == 4401
    assert await still_open(chat_staying)
    await chat_staying.disconnect()
