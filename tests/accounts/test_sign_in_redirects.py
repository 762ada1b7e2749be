"""Someone signed out who acts on a page is sent to sign in, and then back to that page:
never to an address that answers POST only, and never with the sign-in page squeezed into
a fragment of the page by htmx."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from peerhaven.conversations.models import Message
from tests.conversations.helpers import group_with, thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(facilitator, alice):
    circle = group_with(facilitator=facilitator, members=[alice])
    return thread(circle, alice, title="Evenings", text="How are your evenings?")


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/accounts/sign-in/"
    return parse_qs(parts.query)["next"][0]


def _react_url(talk) -> str:
    return f"/conversations/messages/{Message.objects.get(conversation=talk).pk}/react/"


def test_a_signed_out_reaction_leads_back_to_the_thread(client, talk):
    page = f"http://testserver/groups/{talk.group.slug}/conversations/{talk.pk}/"

    response = client.post(_react_url(talk), {"kind": "hear_you"}, headers={"referer": page})

    assert response.status_code == 302
    assert _next_of(response["Location"]) == f"/groups/{talk.group.slug}/conversations/{talk.pk}/"


def test_a_signed_out_htmx_request_loads_the_sign_in_page_instead_of_swapping_it_in(client, talk):
    page = f"http://testserver/groups/{talk.group.slug}/conversations/{talk.pk}/?page=2"

    response = client.post(
        _react_url(talk),
        {"kind": "hear_you"},
        headers={"hx-request": "true", "hx-current-url": page},
    )

    assert response.status_code == 200
    assert _next_of(response["HX-Redirect"]) == (
        f"/groups/{talk.group.slug}/conversations/{talk.pk}/?page=2"
    )


def test_a_page_elsewhere_is_never_the_way_back(client, talk):
    response = client.post(
        _react_url(talk), {"kind": "hear_you"}, headers={"referer": "https://elsewhere.example/"}
    )

    assert _next_of(response["Location"]) == "/"


def test_opening_a_members_page_still_comes_back_to_it(client):
    response = client.get("/accounts/profile/")

    assert _next_of(response["Location"]) == "/accounts/profile/"
