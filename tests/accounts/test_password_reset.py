from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

URL = "/accounts/password-reset/"
NEW_PASSWORD = "brand new evening tide 7"


def reset_link() -> str:
    assert len(mail.outbox) == 1
    site = re.escape(settings.PEERHAVEN_SITE_URL.rstrip("/"))
    match = re.search(site + r"(/accounts/password-reset/\S+/\S+/)", mail.outbox[0].body)
    assert match is not None
    return match.group(1)


def without_csrf(content: bytes) -> str:
    # The masked CSRF token differs on every page; everything else must match.
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", content.decode())


def set_new_password(client: Client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_known_address_gets_exactly_one_mail_addressed_by_display_name(client, alice, bob):
    response = client.post(URL, {"email": "Alice@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Hello Alice" in message.body
    assert "Peerhaven" in message.subject
    assert "bob@example.org" not in message.body


def test_unknown_address_gets_the_same_answer_and_a_note_that_there_is_no_account(client, alice):
    known = client.post(URL, {"email": "alice@example.org"}, follow=True)
    mail.outbox.clear()

    unknown = client.post(URL, {"email": " Stranger@Example.org"}, follow=True)

    assert unknown.redirect_chain == known.redirect_chain
    assert without_csrf(unknown.content) == without_csrf(known.content)
    # One e-mail either way, so the answer's timing does not tell either.
    [message] = mail.outbox
    assert message.to == ["stranger@example.org"]
    assert message.subject == "About your Peerhaven password reset"
    assert "no account that can sign in uses it" in message.body
    assert "/accounts/sign-up/" in message.body
    assert "/accounts/password-reset/" in message.body
    assert not re.search(r"/accounts/password-reset/\S+/\S+/", message.body)


def test_one_inbox_gets_only_a_few_reset_e_mails_whoever_asks(settings, alice):
    settings.RATE_EMAIL_PER_ADDRESS = "2/h"
    answers = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(URL, {"email": email})
        for n, email in enumerate(["alice@example.org"] * 4 + ["nobody@example.org"] * 3)
    ]

    assert {answer["Location"] for answer in answers} == {reverse("password-reset-done")}
    assert [message.to for message in mail.outbox] == [["alice@example.org"]] * 2 + [
        ["nobody@example.org"]
    ] * 2


def test_reset_link_sets_a_new_password(client, alice, password):
    client.post(URL, {"email": "alice@example.org"})

    response = set_new_password(client, reset_link())

    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(password)
    signed_in = Client()
    signed_in.post("/accounts/sign-in/", {"username": alice.email, "password": NEW_PASSWORD})
    assert signed_in.session["_auth_user_id"] == str(alice.pk)


def test_reset_link_works_only_once(client, alice):
    client.post(URL, {"email": "alice@example.org"})
    link = reset_link()
    set_new_password(client, link)

    again = Client().get(link, follow=True)

    assert again.context["validlink"] is False
    assert "no longer works" in again.content.decode()


def test_weak_new_password_is_refused_and_the_old_one_stays(client, alice, password):
    client.post(URL, {"email": "alice@example.org"})

    response = set_new_password(client, reset_link(), password="12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    alice.refresh_from_db()
    assert alice.check_password(password)


def test_reset_ends_sessions_signed_in_with_the_old_password(client, alice):
    elsewhere = Client()
    elsewhere.force_login(alice)
    assert elsewhere.get("/").wsgi_request.user.is_authenticated

    client.post(URL, {"email": "alice@example.org"})
    set_new_password(client, reset_link())

    assert not elsewhere.get("/").wsgi_request.user.is_authenticated


def test_reset_revokes_the_api_token(client, alice):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=alice)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200

    client.post(URL, {"email": "alice@example.org"})
    set_new_password(client, reset_link())

    assert not Token.objects.filter(user=alice).exists()
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_reset_lifts_a_sign_in_lockout(client, alice):
    for n in range(5):
        client.post("/accounts/sign-in/", {"username": alice.email, "password": f"guess {n}"})
    locked = client.post("/accounts/sign-in/", {"username": alice.email, "password": "x"})
    assert locked.status_code == 429

    client.post(URL, {"email": "alice@example.org"})
    set_new_password(client, reset_link())
    response = client.post(
        "/accounts/sign-in/", {"username": alice.email, "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.django_db
def test_reset_requests_from_one_address_are_rate_limited(client, settings):
    settings.RATE_PASSWORD_RESET = "2/m"
    client.post(URL, {"email": "one@example.org"})
    client.post(URL, {"email": "two@example.org"})

    response = client.post(URL, {"email": "three@example.org"})

    assert response.status_code == 429
