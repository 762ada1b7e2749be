from __future__ import annotations

import pytest
from django.urls import reverse

URL = "/accounts/sign-in/"


def sign_in(client, email, password, **extra):
    return client.post(URL, {"username": email, "password": password, **extra})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_sign_in_page_labels_the_email_field_and_asks_for_current_password(client, db):
    html = client.get(URL).content.decode()
    assert '<label for="id_username">E-mail:</label>' in html
    assert 'type="email"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html


def test_member_signs_in_with_email_and_password(client, alice, password):
    response = sign_in(client, "alice@example.org", password)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_as(client) == str(alice.pk)


def test_email_is_matched_whatever_its_case(client, alice, password):
    sign_in(client, "  Alice@EXAMPLE.org ", password)
    assert signed_in_as(client) == str(alice.pk)


def test_wrong_password_is_refused_with_a_clear_message(client, alice):
    response = sign_in(client, "alice@example.org", "not my password")

    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()
    assert signed_in_as(client) is None


def test_someone_else_s_password_does_not_open_an_account(client, alice, charlie):
    charlie.set_password("charlie's own passphrase")
    charlie.save()
    sign_in(client, "alice@example.org", "charlie's own passphrase")
    assert signed_in_as(client) is None


def test_five_failures_pause_sign_in_even_for_the_right_password(client, alice, password):
    responses = [sign_in(client, "alice@example.org", f"guess {n}") for n in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429

    response = sign_in(client, "alice@example.org", password)

    html = response.content.decode()
    assert response.status_code == 429
    assert "wait about 15 minutes" in html
    assert reverse("password-reset") in html
    assert reverse("crisis-help") in html
    assert signed_in_as(client) is None


def test_a_paused_account_does_not_pause_other_accounts(client, alice, bob, password):
    for n in range(5):
        sign_in(client, "alice@example.org", f"guess {n}")

    response = sign_in(client, "bob@example.org", password)

    assert response.status_code == 302
    assert signed_in_as(client) == str(bob.pk)


def test_sign_in_attempts_from_one_address_are_rate_limited(client, alice, password, settings):
    settings.RATE_SIGNIN = "2/m"
    sign_in(client, "nobody@example.org", "x")
    sign_in(client, "nobody@example.org", "y")

    response = sign_in(client, "alice@example.org", password)

    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_safe_next_is_followed_after_sign_in(client, alice, password):
    response = sign_in(client, "alice@example.org", password, next="/accounts/profile/")
    assert response["Location"] == "/accounts/profile/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"]
)
def test_next_pointing_off_site_is_ignored(client, alice, password, target):
    response = sign_in(client, "alice@example.org", password, next=target)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_sign_in_form_does_not_carry_an_off_site_next(client, db):
    html = client.get(URL + "?next=https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_sign_out_needs_a_post_and_get_only_asks(alice_client, alice):
    response = alice_client.get("/accounts/sign-out/")
    assert response.status_code == 200
    assert "Sign out?" in response.content.decode()
    assert signed_in_as(alice_client) == str(alice.pk)

    response = alice_client.post("/accounts/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_as(alice_client) is None


def test_sign_out_page_sends_visitors_who_are_not_signed_in_home(client, db):
    response = client.get("/accounts/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
