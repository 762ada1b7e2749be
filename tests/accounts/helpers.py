"""Building blocks for account tests: browsers signed in as someone, each its own session."""

from __future__ import annotations

from django.test import Client


def signed_in(user) -> Client:
    """A new browser signed in as USER: a session of its own."""
    client = Client()
    client.force_login(user)
    return client


def still_signed_in(client: Client) -> bool:
    return client.get("/accounts/settings/").status_code == 200
