from __future__ import annotations

import pytest
from django.core.cache import cache

from peerhaven.accounts.models import Role
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
