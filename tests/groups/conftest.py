from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from peerhaven.accounts.policies import requires_two_factor


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
