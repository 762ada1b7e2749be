"""The password-reset e-mail links to the address in PEERHAVEN_SITE_URL, like every other
e-mail, never to whatever Host header the request came with."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

URL = "/accounts/password-reset/"


def link_in_mail() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"\S+/accounts/password-reset/\S+/\S+/", mail.outbox[0].body)
    assert match is not None
    return match.group(0)


def test_link_uses_the_site_url_scheme_and_host_not_the_request_host(settings, alice):
    settings.PEERHAVEN_SITE_URL = "https://peer.example.org"

    Client(HTTP_HOST="localhost").post(URL, {"email": alice.email})

    link = link_in_mail()
    assert link.startswith("https://peer.example.org/accounts/password-reset/")
    assert "localhost" not in mail.outbox[0].body


def test_site_url_with_a_path_and_trailing_slash_keeps_the_path_once(settings, alice):
    settings.PEERHAVEN_SITE_URL = "https://example.org/peer/"

    Client().post(URL, {"email": alice.email})

    assert link_in_mail().startswith("https://example.org/peer/accounts/password-reset/")


def test_link_from_the_site_url_still_resets_the_password(settings, client, alice):
    settings.PEERHAVEN_SITE_URL = "https://peer.example.org"
    client.post(URL, {"email": alice.email})
    path = link_in_mail().removeprefix("https://peer.example.org")

    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand new evening tide 7", "new_password2": "brand new evening tide 7"},
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand new evening tide 7")


def test_the_no_account_note_links_to_the_site_as_people_know_it(settings, client, alice):
    settings.PEERHAVEN_SITE_URL = "https://peer.example.org"

    client.post(URL, {"email": "stranger@example.org"}, HTTP_HOST="localhost")

    [message] = mail.outbox
    assert "https://peer.example.org/accounts/sign-up/" in message.body
    assert "localhost" not in message.body
