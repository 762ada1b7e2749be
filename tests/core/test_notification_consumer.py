import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.config.asgi import application
from peerhaven.core.consumers import user_group

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PATH = "/ws/notifications/"


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_thread_connections():
    yield
    # The consumer's database work runs in asgiref's worker thread, whose connection
    # would otherwise stay open and keep the test database from being dropped.
    await sync_to_async(connections.close_all)()


def session_cookie_for(user, *, verified_device=None) -> str:
    """The session cookie a browser would hold after signing in (and the two-factor step)."""
    client = Client()
    client.force_login(user)
    if verified_device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_device.persistent_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def communicator(cookie: str | None = None, origin: bytes = b"http://testserver"):
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie is not None:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, PATH, headers=headers)


@pytest.fixture
def alice_cookie(alice):
    return session_cookie_for(alice)


@pytest.fixture
def bob_cookie(bob):
    return session_cookie_for(bob)


async def test_an_anonymous_visitor_is_closed_with_4401():
    ws = communicator()
    connected, code = await ws.connect(timeout=5)
    assert connected is False
    assert code == 4401


async def test_a_signed_in_member_gets_hello_and_pong(alice_cookie):
    ws = communicator(alice_cookie)
    connected, _ = await ws.connect(timeout=5)
    assert connected
    assert await ws.receive_json_from(timeout=5) == {"type": "hello", "user": "Alice"}
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from(timeout=5) == {"type": "pong"}
    await ws.disconnect()


async def test_bad_input_gets_an_error_and_the_connection_stays_open(alice_cookie):
    ws = communicator(alice_cookie)
    await ws.connect(timeout=5)
    await ws.receive_json_from(timeout=5)
    await ws.send_to(text_data="not json")
    assert (await ws.receive_json_from(timeout=5))["code"] == "invalid_json"
    await ws.send_json_to({"type": "shout"})
    assert (await ws.receive_json_from(timeout=5))["code"] == "unknown_type"
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from(timeout=5) == {"type": "pong"}
    await ws.disconnect()


async def test_a_notification_reaches_only_the_person_it_is_for(
    alice, bob, alice_cookie, bob_cookie
):
    alice_ws, bob_ws = communicator(alice_cookie), communicator(bob_cookie)
    await alice_ws.connect(timeout=5)
    await bob_ws.connect(timeout=5)
    assert (await alice_ws.receive_json_from(timeout=5))["user"] == "Alice"
    assert (await bob_ws.receive_json_from(timeout=5))["user"] == "Bob"

    await get_channel_layer().group_send(
        user_group(bob.pk), {"type": "notify", "kind": "reply", "payload": {"thread": 7}}
    )
    assert await bob_ws.receive_json_from(timeout=5) == {
        "type": "notify",
        "kind": "reply",
        "payload": {"thread": 7},
    }
    assert await alice_ws.receive_nothing(timeout=0.3)

    await get_channel_layer().group_send(
        user_group(alice.pk), {"type": "notify", "kind": "reminder", "payload": {}}
    )
    assert (await alice_ws.receive_json_from(timeout=5))["kind"] == "reminder"
    assert await bob_ws.receive_nothing(timeout=0.3)
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_a_session_waiting_for_its_two_factor_step_is_closed(facilitator_with_device):
    user, _device = facilitator_with_device
    ws = communicator(await _cookie(user))
    connected, code = await ws.connect(timeout=5)
    assert connected is False
    assert code == 4401


async def test_a_session_past_the_two_factor_step_connects(facilitator_with_device):
    user, device = facilitator_with_device
    ws = communicator(await _cookie(user, device))
    connected, _ = await ws.connect(timeout=5)
    assert connected
    assert (await ws.receive_json_from(timeout=5))["user"] == "Fran"
    await ws.disconnect()


async def test_a_facilitator_who_has_not_set_up_two_factor_is_closed_with_4403(facilitator):
    ws = communicator(await _cookie(facilitator))
    connected, code = await ws.connect(timeout=5)
    assert connected is False
    assert code == 4403


async def test_a_connection_from_another_site_is_refused(alice_cookie):
    ws = communicator(alice_cookie, origin=b"https://evil.example.com")
    connected, _ = await ws.connect(timeout=5)
    assert connected is False


@pytest.fixture
def facilitator_with_device(facilitator):
    device = TOTPDevice.objects.create(user=facilitator, name="phone", confirmed=True)
    return facilitator, device


async def _cookie(user, device=None) -> str:
    return await sync_to_async(session_cookie_for)(user, verified_device=device)
