"""One longest password everywhere: whatever sign-up or a reset accepts, sign-in and
account deletion accept too, and anything longer is refused with a clear error."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from peerhaven.accounts.models import User
from peerhaven.accounts.passwords import PASSWORD_MAX_CHARS
from peerhaven.accounts.sign_up import link_token

LONGEST = ("Lp9-" * PASSWORD_MAX_CHARS)[:PASSWORD_MAX_CHARS]
TOO_LONG = LONGEST + "x"
TOO_LONG_MESSAGE = f"Passwords can be at most {PASSWORD_MAX_CHARS} characters long."


def sign_up(client: Client, password: str, email: str = "long@example.org"):
    return client.post(
        reverse("sign-up-finish", args=[link_token(email)]),
        {
            "display_name": "Long Walk",
            "password1": password,
            "password2": password,
            "time_zone": "UTC",
        },
    )


@pytest.mark.django_db
def test_sign_up_refuses_a_password_over_the_limit_and_says_why(client):
    response = sign_up(client, TOO_LONG)

    assert response.status_code == 200
    assert TOO_LONG_MESSAGE in response.context["form"].errors["password1"]
    assert not User.objects.filter(email="long@example.org").exists()


@pytest.mark.django_db
def test_password_fields_tell_the_browser_the_limit(client):
    finish = reverse("sign-up-finish", args=[link_token("long@example.org")])
    html = client.get(finish).content.decode()

    assert html.count(f'maxlength="{PASSWORD_MAX_CHARS}"') == 2


@pytest.mark.django_db
def test_longest_password_signs_up_signs_in_and_deletes_on_the_web():
    assert sign_up(Client(), LONGEST).status_code == 302
    browser = Client()

    signed_in = browser.post(
        "/accounts/sign-in/", {"username": "long@example.org", "password": LONGEST}
    )
    deleted = browser.post("/accounts/delete/", {"password": LONGEST, "confirm": "on"})

    assert signed_in.status_code == 302
    assert deleted.status_code == 302
    assert not User.objects.filter(email="long@example.org").exists()


@pytest.mark.django_db
def test_longest_password_deletes_through_the_api():
    sign_up(Client(), LONGEST)
    client = APIClient()
    client.force_login(User.objects.get(email="long@example.org"))

    response = client.post("/api/v1/me/delete/", {"password": LONGEST}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(email="long@example.org").exists()


def test_sign_in_refuses_a_password_over_the_limit_and_says_why(client, alice):
    response = client.post("/accounts/sign-in/", {"username": alice.email, "password": TOO_LONG})

    assert response.status_code == 200
    assert TOO_LONG_MESSAGE in response.context["form"].errors["password"]
    assert "_auth_user_id" not in client.session


def test_api_deletion_refuses_a_password_over_the_limit_and_says_why(alice):
    client = APIClient()
    client.force_login(alice)

    response = client.post("/api/v1/me/delete/", {"password": TOO_LONG}, format="json")

    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["password"] == [TOO_LONG_MESSAGE]
    assert User.objects.filter(pk=alice.pk).exists()


def test_web_deletion_refuses_a_password_over_the_limit_and_says_why(alice_client, alice):
    response = alice_client.post("/accounts/delete/", {"password": TOO_LONG, "confirm": "on"})

    assert response.status_code == 200
    assert TOO_LONG_MESSAGE in response.context["form"].errors["password"]
    assert User.objects.filter(pk=alice.pk).exists()


def test_password_reset_refuses_a_new_password_over_the_limit(client, alice, password):
    client.post("/accounts/password-reset/", {"email": alice.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": TOO_LONG, "new_password2": TOO_LONG}
    )

    assert response.status_code == 200
    assert TOO_LONG_MESSAGE in response.context["form"].errors["new_password1"]
    alice.refresh_from_db()
    assert alice.check_password(password)


def test_password_change_outside_our_forms_is_held_to_the_same_limit(alice):
    # What the admin's password change and `peerhaven changepassword` run.
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password(TOO_LONG, user=alice)

    assert TOO_LONG_MESSAGE in caught.value.messages
    password_validation.validate_password(LONGEST, user=alice)
