from __future__ import annotations

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from peerhaven.accounts.models import Role
from peerhaven.accounts.policies import requires_two_factor
from tests.factories import PASSWORD, UserFactory


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Playwright's sync API refuses to start once an asyncio loop has run in this process
    # (the WebSocket tests run one), so the browser tests go first.
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and throttles live in the cache; each test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def alice(db):
    """A member who owns the data under test."""
    return UserFactory(display_name="Alice", email="alice@example.org")


@pytest.fixture
def bob(db):
    """Another member."""
    return UserFactory(display_name="Bob", email="bob@example.org")


@pytest.fixture
def charlie(db):
    """A stranger to alice's data."""
    return UserFactory(display_name="Charlie", email="charlie@example.org")


@pytest.fixture
def facilitator(db):
    return UserFactory(display_name="Fran", email="fran@example.org", role=Role.FACILITATOR)


@pytest.fixture
def org_admin(db):
    return UserFactory(display_name="Ada", email="ada@example.org", role=Role.ADMIN, is_staff=True)


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def session_cookie(user) -> str:
    """The value of a session cookie signed in as `user` (past two-factor where their role
    needs it), for an ASGI test's headers."""
    client = _sign_in_verified(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest_asyncio.fixture
async def close_worker_thread_connections():
    """For tests that drive the ASGI application: the database connections its worker
    threads opened are closed afterwards, so the test database can be flushed or dropped."""
    yield
    await sync_to_async(connections.close_all)()


def _sign_in_verified(client: Client, user) -> Client:
    """Signed in and past the two-factor step, as site facilitators and admins must be."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and requires_two_factor(user):
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def web_as():
    """web_as(user) -> a Client signed in as user (None: a visitor)."""

    def make(user) -> Client:
        client = Client()
        return client if user is None else _sign_in_verified(client, user)

    return make


@pytest.fixture
def api_as():
    """api_as(user) -> an APIClient signed in as user (None: a visitor)."""

    def make(user) -> APIClient:
        client = APIClient()
        return client if user is None else _sign_in_verified(client, user)

    return make
