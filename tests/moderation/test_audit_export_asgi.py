"""Under ASGI (how the server runs), the audit export is an async stream: Django sends it
piece by piece instead of reading the whole log into memory first."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import AsyncClient, Client

from peerhaven.moderation.audit_views import CHUNK
from peerhaven.moderation.models import AuditEntry
from tests.conftest import _sign_in_verified

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]


def _cookie(user) -> str:
    client = _sign_in_verified(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _log(count: int) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(actor_name="Fran", verb="case.note", target=f"case {n}", reason=f"r{n}")
        for n in range(count)
    )


async def test_the_json_export_streams_in_pieces_under_asgi(org_admin):
    await sync_to_async(_log)(CHUNK * 2 + 5)
    client = AsyncClient()
    client.cookies[settings.SESSION_COOKIE_NAME] = await sync_to_async(_cookie)(org_admin)
    response = await client.get("/moderation/audit/export.json?verb=case.note")
    assert response.status_code == 200
    assert response.streaming
    assert response.is_async
    pieces = [piece async for piece in response.streaming_content]
    assert len(pieces) >= 4  # the opening, two full chunks, the rest and the end
    rows = json.loads(b"".join(pieces))
    assert len(rows) == CHUNK * 2 + 5
    assert response["Content-Disposition"].startswith("attachment;")


async def test_a_member_cannot_export_under_asgi(alice):
    client = AsyncClient()
    client.cookies[settings.SESSION_COOKIE_NAME] = await sync_to_async(_cookie)(alice)
    response = await client.get("/moderation/audit/export.csv")
    assert response.status_code == 403
