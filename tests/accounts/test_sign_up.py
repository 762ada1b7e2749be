from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from peerhaven.accounts.models import User

URL = "/accounts/sign-up/"
STRONG = "quiet harbour lantern 42"


def details(**overrides: str) -> dict[str, str]:
    data = {
        "email": "newcomer@example.org",
        "display_name": "Night Owl",
        "password1": STRONG,
        "password2": STRONG,
        "time_zone": "Europe/Berlin",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_sign_up_page_offers_a_labelled_form_with_utc_preselected(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert '<option value="UTC" selected>' in html
    assert "Please don't use your real name" in html
    for field in ("email", "display_name", "password1", "password2", "time_zone"):
        assert f'for="id_{field}"' in html


@pytest.mark.django_db
def test_new_person_gets_an_account_is_signed_in_and_lands_on_their_profile(client):
    response = client.post(URL, details(email="NewComer@Example.org"))

    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    user = User.objects.get(display_name="Night Owl")
    assert user.email == "newcomer@example.org"
    assert user.check_password(STRONG)
    assert user.profile.time_zone == "Europe/Berlin"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signed_in_person_visiting_sign_up_goes_to_their_profile(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": None}, "email", "This field is required."),
        ({"display_name": None}, "display_name", "This field is required."),
        ({"password1": None}, "password1", "This field is required."),
        ({"password2": None}, "password2", "This field is required."),
        ({"time_zone": None}, "time_zone", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "a" * 243 + "@example.org"}, "email", "at most 254 characters"),
        ({"display_name": "N" * 41}, "display_name", "at most 40 characters"),
        ({"display_name": "N"}, "display_name", "at least 2 characters"),
        ({"display_name": "<script>"}, "display_name", "starting with a letter or number"),
        ({"password2": STRONG + "!"}, "password2", "The two passwords are not the same."),
        ({"password1": "password1", "password2": "password1"}, "password1", "too common"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice."),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_explained_on_its_field_and_stores_nothing(client, overrides, field, message):
    before = User.objects.count()

    response = client.post(URL, details(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert any(message in error for error in errors[field])
    # The error is tied to its input for screen readers.
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.count() == before
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_display_name_taken_in_another_case_is_refused_by_name(client, alice):
    before = User.objects.count()

    response = client.post(URL, details(display_name="aLiCe"))

    assert response.status_code == 200
    assert "already uses that display name" in response.context["form"].errors["display_name"][0]
    assert User.objects.count() == before


@pytest.mark.django_db
def test_taken_email_gets_a_generic_refusal_that_does_not_confirm_the_account(client, alice):
    before = User.objects.count()

    response = client.post(URL, details(email="ALICE@example.org"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "could not create an account with these details" in html
    assert "already exists" not in html
    assert "email" not in response.context["form"].errors
    assert User.objects.count() == before


@pytest.mark.django_db
def test_sign_up_without_csrf_token_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)
    before = User.objects.count()

    response = csrf_client.post(URL, details())

    assert response.status_code == 403
    assert User.objects.count() == before


@pytest.mark.django_db
def test_sign_ups_from_one_address_are_rate_limited(client, settings):
    settings.RATE_SIGNUP = "2/m"
    client.post(URL, details(email="one@example.org", display_name="One"))
    client.logout()
    client.post(URL, details(email="two@example.org", display_name="Two"))
    client.logout()
    before = User.objects.count()

    response = client.post(URL, details(email="three@example.org", display_name="Three"))

    assert response.status_code == 429
    page = response.content.decode()
    assert "too many tries to join from here" in page
    # The form comes back with what was typed, never the password.
    assert 'value="three@example.org"' in page and 'value="Three"' in page
    assert details()["password1"] not in page
    assert User.objects.count() == before
