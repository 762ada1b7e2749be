"""HTTP through the real ASGI application (config/http.py): every request runs on one
long-lived thread, from request_started to request_finished, and still reaches the event
loop for live fan-out."""

from __future__ import annotations

import json
import re
import threading
from http.cookies import SimpleCookie

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import signals
from django.test import override_settings

from peerhaven.config.asgi import application
from tests.config import streaming_urls
from tests.conftest import session_cookie
from tests.conversations.helpers import group_with, room

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]

TIMEOUT = 5
HOST = [(b"host", b"testserver")]


def _session_cookie(user) -> bytes:
    return f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}".encode()


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict:
    """An HTTP request's scope, as a server would build it."""
    return {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [*HOST, *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def http(method: str, path: str, *, cookie: bytes = b"", body: bytes = b"", extra=()):
    """One request through the ASGI application, as a server would make it."""
    headers = [*extra] + ([(b"cookie", cookie)] if cookie else [])
    communicator = ApplicationCommunicator(application, _scope(method, path, headers))
    await communicator.send_input({"type": "http.request", "body": body})
    start = await communicator.receive_output(TIMEOUT)
    assert start["type"] == "http.response.start"
    response = {"status": start["status"], "headers": start["headers"], "body": b""}
    while True:
        part = await communicator.receive_output(TIMEOUT)
        assert part["type"] == "http.response.body"
        response["body"] += part.get("body", b"")  # the last part may carry none
        if not part.get("more_body", False):
            await communicator.wait(TIMEOUT)
            return response


def _csrf(page) -> tuple[str, str]:
    """The form's CSRF token and the CSRF cookie a page handed out."""
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"])
    assert token is not None
    cookies = SimpleCookie()
    for value in _header(page, b"set-cookie"):
        cookies.load(value.decode())
    return token.group(1).decode(), cookies[settings.CSRF_COOKIE_NAME].value


def _header(response, name: bytes) -> list[bytes]:
    return [value for key, value in response["headers"] if key.lower() == name]


async def test_a_visitor_gets_the_crisis_help_page():
    response = await http("GET", "/help/")

    assert response["status"] == 200
    assert b"<main" in response["body"]
    assert _header(response, b"content-security-policy")


async def test_request_started_and_finished_run_on_the_request_thread(alice):
    seen: list[tuple[str, str]] = []

    def started(**kwargs):
        seen.append(("started", threading.current_thread().name))

    def finished(**kwargs):
        seen.append(("finished", threading.current_thread().name))

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        cookie = await sync_to_async(_session_cookie)(alice)
        response = await http("GET", "/accounts/profile/", cookie=cookie)
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)

    assert response["status"] == 200
    assert [event for event, _ in seen] == ["started", "finished"]
    # The connection the view used is given back by request_finished on the same thread.
    assert seen[0][1] == seen[1][1]
    assert seen[0][1].startswith("http")


async def test_a_streamed_answer_is_read_on_the_request_thread_and_arrives_whole(alice, bob):
    streaming_urls.threads_seen.clear()
    finished_on: list[str] = []

    def finished(**kwargs):
        finished_on.append(threading.current_thread().name)

    signals.request_finished.connect(finished)
    try:
        with override_settings(ROOT_URLCONF="tests.config.streaming_urls"):
            response = await http("GET", "/names")
    finally:
        signals.request_finished.disconnect(finished)

    assert response["status"] == 200
    assert response["body"] == b"Alice\nBob\n"
    assert streaming_urls.threads_seen == finished_on


async def test_a_form_post_signs_a_member_in(alice, password):
    page = await http("GET", "/accounts/sign-in/")
    assert page["status"] == 200
    token, csrf_cookie = _csrf(page)
    form = f"csrfmiddlewaretoken={token}&username=alice%40example.org"
    form += f"&password={password}"

    response = await http(
        "POST",
        "/accounts/sign-in/",
        cookie=f"{settings.CSRF_COOKIE_NAME}={csrf_cookie}".encode(),
        body=form.encode(),
        extra=[(b"content-type", b"application/x-www-form-urlencoded")],
    )

    assert response["status"] == 302, response["body"][:500]
    set_cookies = b" ".join(_header(response, b"set-cookie"))
    assert settings.SESSION_COOKIE_NAME.encode() + b"=" in set_cookies


async def test_leaving_a_group_over_http_closes_the_members_chat_socket_at_once(alice, facilitator):
    def build():
        group = group_with(facilitator=facilitator, members=[alice])
        return group, room(group, facilitator)

    group, chat_room = await sync_to_async(build)()
    cookie = await sync_to_async(_session_cookie)(alice)
    ws = WebsocketCommunicator(
        application,
        "/ws/chat/",
        headers=[(b"origin", b"http://testserver"), *HOST, (b"cookie", cookie)],
    )
    connected, _ = await ws.connect(timeout=TIMEOUT)
    assert connected
    await ws.receive_json_from(timeout=TIMEOUT)  # hello
    await ws.send_json_to({"type": "subscribe", "room": chat_room.pk})
    while (await ws.receive_json_from(timeout=TIMEOUT))["type"] != "caught_up":
        pass

    page = await http("GET", f"/groups/{group.slug}/leave/", cookie=cookie)
    token, csrf_cookie = _csrf(page)
    both = cookie + f"; {settings.CSRF_COOKIE_NAME}={csrf_cookie}".encode()
    left = await http(
        "POST",
        f"/groups/{group.slug}/leave/",
        cookie=both,
        body=f"csrfmiddlewaretoken={token}".encode(),
        extra=[(b"content-type", b"application/x-www-form-urlencoded")],
    )
    assert left["status"] == 302

    # The view's fan-out ran on the server's event loop, so the socket hears it at once.
    assert (await ws.receive_json_from(timeout=TIMEOUT))["code"] == "membership_ended"
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4403


async def test_a_body_over_the_limit_is_refused_before_it_is_read(alice):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    headers = [(b"content-length", str(limit + 1).encode())]

    # The declared length is enough: nothing of the body has to arrive.
    scope = _scope("POST", "/accounts/sign-in/", headers)
    communicator = ApplicationCommunicator(application, scope)
    start = await communicator.receive_output(TIMEOUT)

    assert start["status"] == 413
    assert (b"connection", b"close") in [(k.lower(), v) for k, v in start["headers"]]


async def test_a_body_without_a_declared_length_is_refused_once_it_outgrows_the_limit():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = await http("POST", "/accounts/sign-in/", body=b"x" * (limit + 1))

    assert response["status"] == 413
    assert b"too large" in response["body"] and b"Nothing was saved" in response["body"]


async def test_an_api_body_over_the_limit_gets_the_apis_json_error():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = await http("PATCH", "/api/v1/me/profile/", body=b"x" * (limit + 1))

    assert response["status"] == 413
    error = json.loads(response["body"])
    assert error["code"] == "too_large" and error["extra"] == {"max_bytes": limit}


async def test_a_body_at_the_limit_reaches_the_view():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = await http("POST", "/accounts/sign-in/", body=b"x" * limit)

    # The sign-in view answers it (here: no CSRF token), so it was read and handed on.
    assert response["status"] == 403
