"""Chat across real server processes on PostgreSQL and Redis, with the faults a deployment
meets: a server killed mid-conversation and a Redis restart. Every test ends with the same
guarantee: each message anyone tried to send is stored exactly once, every acknowledgement
names the stored row, and every member holds exactly the stored list, in order."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from websockets.asyncio.client import connect

from peerhaven.conversations.models import Conversation, Message
from tests.conversations.helpers import group_with, room
from tests.conversations.live_servers import (
    ChatClient,
    LiveServer,
    PrivateRedis,
    healthy,
    keep_sending,
    live_servers,
    session_cookie,
    unsupported_reason,
    wait_until,
)

UNSUPPORTED = unsupported_reason()

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(UNSUPPORTED is not None, reason=UNSUPPORTED or ""),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SETTLE_TIMEOUT = 15.0


@pytest.fixture
def chat_room(alice, bob, facilitator) -> Conversation:
    group = group_with(facilitator=facilitator, members=[alice, bob])
    return room(group, facilitator)


def stored(conversation: Conversation) -> list[tuple[int, str, str]]:
    return list(
        Message.objects.filter(conversation=conversation)
        .order_by("seq")
        .values_list("seq", "client_id", "body")
    )


def pair(servers: list[LiveServer], cookies: list[str], room_id: int) -> list[ChatClient]:
    """Client "a" starts on the first server and "b" on the second; each falls back to
    the other."""
    one, two = servers
    return [
        ChatClient("a", urls=[one.ws_url, two.ws_url], cookie=cookies[0], room_id=room_id),
        ChatClient("b", urls=[two.ws_url, one.ws_url], cookie=cookies[1], room_id=room_id),
    ]


async def settle(clients: list[ChatClient]) -> None:
    """Every send acknowledged, then every client holding every message that was sent."""
    await wait_until(
        lambda: all(not c.pending and c.ready for c in clients),
        SETTLE_TIMEOUT,
        lambda: " | ".join(c.report() for c in clients),
    )
    total = sum(len(c.attempted) for c in clients)
    await wait_until(
        lambda: all(c.last_seq >= total for c in clients),
        SETTLE_TIMEOUT,
        lambda: f"expected seq {total} | " + " | ".join(c.report() for c in clients),
    )


def assert_every_message_once_everywhere(
    rows: list[tuple[int, str, str]],
    clients: list[ChatClient],
    acked_before_fault: dict[str, dict[str, Any]],
    in_flight_at_fault: dict[str, str] | None = None,
) -> None:
    detail = " | ".join(c.report() for c in clients)
    assert [seq for seq, _cid, _text in rows] == list(range(1, len(rows) + 1)), detail
    client_ids = [cid for _seq, cid, _text in rows]
    assert len(client_ids) == len(set(client_ids)), "a client id stored twice"
    by_id = {cid: (seq, text) for seq, cid, text in rows}

    attempted = {cid: text for c in clients for cid, text in c.attempted.items()}
    assert set(by_id) == set(attempted), (
        f"missing {sorted(set(attempted) - set(by_id))[:10]}, "
        f"unexpected {sorted(set(by_id) - set(attempted))[:10]}"
    )
    assert all(by_id[cid][1] == text for cid, text in attempted.items())
    for cid, payload in acked_before_fault.items():
        assert by_id[cid] == (payload["seq"], payload["text"]), cid
    for cid, text in (in_flight_at_fault or {}).items():
        assert by_id[cid][1] == text, cid

    for client in clients:
        assert client.errors == [], client.report()
        assert client.gaps == [] and client.conflicts == [], client.report()
        for cid, payload in client.acks.items():
            assert by_id[cid][0] == payload["seq"], (client.name, cid)
        # Each message reached each client exactly once, in seq order.
        assert client.arrivals == list(range(1, len(rows) + 1)), client.report()
        assert client.messages() == rows


async def stranger_watches(url: str, cookie: str, room_id: int) -> tuple[Any, dict[str, Any]]:
    origin = url.replace("ws://", "http://").split("/ws/")[0]
    ws = await connect(
        url,
        origin=origin,  # type: ignore[arg-type]
        additional_headers={"Cookie": cookie},
        proxy=None,
        compression=None,
    )
    assert json.loads(await ws.recv())["type"] == "hello"
    await ws.send(json.dumps({"type": "subscribe", "room": room_id, "after": 0}))
    return ws, json.loads(await ws.recv())


async def frames_left(ws: Any, wait: float = 0.5) -> list[dict[str, Any]]:
    frames = []
    try:
        while True:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), wait)))
    except TimeoutError:
        return frames


def test_members_on_two_servers_both_get_every_message_once_in_the_same_order(
    chat_room, alice, bob, charlie, tmp_path: Path
):
    cookies = [session_cookie(alice), session_cookie(bob), session_cookie(charlie)]

    async def conversation(servers: list[LiveServer]) -> tuple[list[ChatClient], Any, Any]:
        clients = pair(servers, cookies, chat_room.pk)
        for client in clients:
            await client.start()
        stranger, refusal = await stranger_watches(servers[1].ws_url, cookies[2], chat_room.pk)
        await asyncio.gather(*(keep_sending(c, count=50, max_in_flight=4) for c in clients))
        await settle(clients)
        seen_by_stranger = await frames_left(stranger)
        await stranger.close()
        for client in clients:
            await client.stop()
        return clients, refusal, seen_by_stranger

    with live_servers(2, redis_url=settings.REDIS_URL, log_dir=tmp_path) as servers:
        clients, refusal, seen_by_stranger = asyncio.run(conversation(servers))

    rows = stored(chat_room)
    assert len(rows) == 100
    assert_every_message_once_everywhere(rows, clients, acked_before_fault={})
    a, b = clients
    assert a.messages() == b.messages()
    authors = [client_id.split("-")[0] for _seq, client_id, _text in rows]
    assert sum(x != y for x, y in zip(authors, authors[1:], strict=False)) >= 10, "interleaved"
    # No fault here: one connection each, on its own server, and nothing resent.
    assert a.drops == [] and b.drops == [] and a.resent == b.resent == 0
    assert a.sessions == [f"127.0.0.1:{servers[0].port}"]
    assert b.sessions == [f"127.0.0.1:{servers[1].port}"]
    assert refusal["type"] == "error" and refusal["code"] == "not_found"
    assert seen_by_stranger == []


def test_a_killed_server_loses_no_acknowledged_message_and_its_client_resumes_on_the_other(
    chat_room, alice, bob, tmp_path: Path
):
    cookies = [session_cookie(alice), session_cookie(bob)]

    async def conversation(servers: list[LiveServer]) -> dict[str, Any]:
        one, two = servers
        clients = pair(servers, cookies, chat_room.pk)
        a, b = clients
        for client in clients:
            await client.start()
        done = asyncio.Event()
        senders = [asyncio.create_task(keep_sending(c, until=done)) for c in clients]
        await asyncio.sleep(1.0)

        # One more message goes out and the server dies before it can be acknowledged.
        await a.send("sent as the server dies")
        one.kill()
        acked = {cid: p for c in clients for cid, p in c.acks.items()}
        in_flight = {**a.pending, **b.pending}

        await wait_until(
            lambda: a.ready and a.sessions[-1] == f"127.0.0.1:{two.port}",
            10,
            a.report,
        )
        await asyncio.sleep(1.0)
        done.set()
        await asyncio.gather(*senders)
        await settle(clients)
        for client in clients:
            await client.stop()
        return {"clients": clients, "acked": acked, "in_flight": in_flight}

    with live_servers(2, redis_url=settings.REDIS_URL, log_dir=tmp_path) as servers:
        result = asyncio.run(conversation(servers))

    a, b = result["clients"]
    assert len(result["acked"]) > 20, "the kill should come mid-conversation"
    assert "sent as the server dies" in result["in_flight"].values()
    assert a.resent >= 1, a.report()
    assert b.drops == [], "the client on the surviving server keeps its connection"
    rows = stored(chat_room)
    assert_every_message_once_everywhere(rows, [a, b], result["acked"], result["in_flight"])


def test_after_a_redis_restart_every_message_is_still_stored_once_and_reaches_everyone(
    chat_room, alice, bob, tmp_path: Path
):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: the test restarts a private Redis")
    redis = PrivateRedis(tmp_path)
    redis.start()
    alice_cookie, bob_cookie = session_cookie(alice), session_cookie(bob)

    async def conversation(servers: list[LiveServer]) -> dict[str, Any]:
        one, two = servers
        # Each person also has a second tab, on the other server, that only reads: a tab
        # that sends during the outage fails and reconnects, a reading one can stay open.
        clients = [
            *pair(servers, [alice_cookie, bob_cookie], chat_room.pk),
            ChatClient(
                "c", urls=[two.ws_url, one.ws_url], cookie=alice_cookie, room_id=chat_room.pk
            ),
            ChatClient("d", urls=[one.ws_url, two.ws_url], cookie=bob_cookie, room_id=chat_room.pk),
        ]
        for client in clients:
            await client.start()
        done = asyncio.Event()
        senders = [asyncio.create_task(keep_sending(c, until=done)) for c in clients[:2]]
        await asyncio.sleep(1.0)

        # First Redis stays down for half a second: open sockets fail and reconnect (new
        # ones are refused until it is back). Then a quick restart, which open sockets can
        # outlive while Redis has forgotten their channel-layer groups.
        acked: dict[str, dict[str, Any]] = {}
        for down_for in (0.5, 0.0):
            acked |= {cid: p for c in clients for cid, p in c.acks.items()}
            await asyncio.to_thread(redis.restart, down_for)
            await asyncio.sleep(1.5)
        done.set()
        await asyncio.gather(*senders)
        try:
            await settle(clients)
        finally:
            for client in clients:
                await client.stop()
        servers_healthy = [await asyncio.to_thread(healthy, s.url) for s in servers]
        return {"clients": clients, "acked": acked, "healthy": servers_healthy}

    try:
        with live_servers(2, redis_url=redis.url, log_dir=tmp_path) as servers:
            result = asyncio.run(conversation(servers))
    finally:
        redis.stop()

    assert result["healthy"] == [True, True], "both servers answer /healthz after the restart"
    assert len(result["acked"]) > 20, "the restart should come mid-conversation"
    rows = stored(chat_room)
    assert_every_message_once_everywhere(rows, result["clients"], result["acked"])


def test_open_sockets_still_get_every_message_after_redis_forgets_their_groups(
    chat_room, alice, bob, tmp_path: Path
):
    """What a restart does to the sockets that outlive it, made certain: the connections stay
    up while Redis loses the channel layer's groups. A failover to a replica that lacks
    them, or channels_redis's group expiry (a day) for a tab left open, does the same."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: the test empties a private Redis")
    redis = PrivateRedis(tmp_path)
    redis.start()
    cookies = [session_cookie(alice), session_cookie(bob)]

    async def conversation(servers: list[LiveServer]) -> dict[str, Any]:
        clients = pair(servers, cookies, chat_room.pk)
        for client in clients:
            await client.start()
        done = asyncio.Event()
        senders = [asyncio.create_task(keep_sending(c, until=done)) for c in clients]
        await asyncio.sleep(1.0)
        acked = {cid: p for c in clients for cid, p in c.acks.items()}
        await asyncio.to_thread(redis.flush)
        await asyncio.sleep(1.5)
        done.set()
        await asyncio.gather(*senders)
        try:
            await settle(clients)
        finally:
            for client in clients:
                await client.stop()
        return {"clients": clients, "acked": acked}

    try:
        with live_servers(2, redis_url=redis.url, log_dir=tmp_path) as servers:
            result = asyncio.run(conversation(servers))
    finally:
        redis.stop()

    assert len(result["acked"]) > 20, "Redis should forget mid-conversation"
    rows = stored(chat_room)
    assert_every_message_once_everywhere(rows, result["clients"], result["acked"])
