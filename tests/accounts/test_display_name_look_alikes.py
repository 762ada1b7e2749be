"""Display names are stored normalized (Unicode NFKC, one space between words, none at the
ends) and compared normalized and case-folded, so nobody can take a name that only looks
like someone else's: at sign-up, on the settings page, through the API or in the console."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from peerhaven.accounts import services
from peerhaven.accounts.models import User
from peerhaven.accounts.sign_up import link_token
from tests.factories import UserFactory

STRONG = "quiet harbour lantern 42"
TAKEN = "already uses that display name"

backfill_migration = importlib.import_module(
    "peerhaven.accounts.migrations.0005_user_display_name_key_backfill"
)


def existing(display_name: str, email: str) -> User:
    return services.account_create(email=email, display_name=display_name, password=STRONG)


def sign_up(client, display_name: str, email: str = "newcomer@example.org"):
    return client.post(
        reverse("sign-up-finish", args=[link_token(email)]),
        {
            "display_name": display_name,
            "password1": STRONG,
            "password2": STRONG,
            "time_zone": "UTC",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "look_alike",
    [
        "Kind  Lantern",  # two spaces
        "Kind\u00a0Lantern",  # a no-break space
        "\uff2bind Lantern",  # a full-width K
        "KIND LANTERN",
        "kind\tlantern",
    ],
)
def test_sign_up_refuses_a_look_alike_of_an_existing_name(client, look_alike):
    existing("Kind Lantern", "kind@example.org")

    response = sign_up(client, look_alike)

    assert response.status_code == 200
    assert TAKEN in response.context["form"].errors["display_name"][0]
    assert not User.objects.filter(email="newcomer@example.org").exists()


@pytest.mark.django_db
def test_sign_up_stores_the_normalized_name(client):
    response = sign_up(client, "  Night \u3000 \uff2fwl ")

    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert user.display_name == "Night Owl"
    assert user.display_name_key == "night owl"


@pytest.mark.django_db
def test_names_are_compared_case_folded_beyond_ascii(client):
    existing("Straße", "strasse@example.org")
    existing("élan", "elan@example.org")

    assert TAKEN in sign_up(client, "STRASSE").context["form"].errors["display_name"][0]
    assert TAKEN in sign_up(client, "ÉLAN").context["form"].errors["display_name"][0]


def test_settings_page_refuses_a_look_alike_and_keeps_the_old_name(alice_client, alice):
    existing("Open Door", "door@example.org")

    response = alice_client.post("/accounts/settings/", {"display_name": "\uff2fpen  door"})

    assert response.status_code == 200
    assert "already in use" in response.content.decode()
    assert User.objects.get(pk=alice.pk).display_name == "Alice"


def test_settings_page_stores_the_normalized_name(alice_client, alice):
    alice_client.post("/accounts/settings/", {"display_name": "  Quiet   River "})

    alice.refresh_from_db()
    assert alice.display_name == "Quiet River"
    assert alice.display_name_key == "quiet river"


def test_api_rename_refuses_a_look_alike(alice, bob):
    existing("Open Door", "door@example.org")
    client = APIClient()
    client.force_login(alice)

    response = client.patch("/api/v1/me/", {"display_name": "Open  Door"}, format="json")

    assert response.status_code == 400
    assert "display_name" in response.json()["extra"]["fields"]
    assert User.objects.get(pk=alice.pk).display_name == "Alice"
    assert User.objects.get(pk=bob.pk).display_name == "Bob"


def test_api_rename_stores_the_normalized_name(alice):
    client = APIClient()
    client.force_login(alice)

    response = client.patch("/api/v1/me/", {"display_name": "\uff31uiet  River"}, format="json")

    assert response.status_code == 200
    assert response.json()["display_name"] == "Quiet River"
    assert User.objects.get(pk=alice.pk).display_name == "Quiet River"


def test_renaming_to_a_new_spelling_of_one_s_own_name_is_fine(alice_client, alice):
    existing("Bright Star", "star@example.org")
    alice_client.post("/accounts/settings/", {"display_name": "Quiet River"})

    alice_client.post("/accounts/settings/", {"display_name": "QUIET  river"})

    assert User.objects.get(pk=alice.pk).display_name == "QUIET river"


def test_console_rename_follows_the_same_rules(db):
    staff = UserFactory(display_name="Console", is_staff=True, is_superuser=True)
    target = existing("Night Owl", "owl@example.org")
    existing("Open Door", "door@example.org")
    console = APIClient()
    console.force_login(staff)
    url = f"/admin/accounts/user/{target.pk}/change/"
    form = {"email": target.email, "role": target.role, "is_active": "on"}

    refused = console.post(url, {**form, "display_name": "Open  door"})
    renamed = console.post(url, {**form, "display_name": "Late   Owl"})

    assert refused.status_code == 200
    assert "already in use" in refused.content.decode()
    assert renamed.status_code == 302
    target.refresh_from_db()
    assert (target.display_name, target.display_name_key) == ("Late Owl", "late owl")


def test_backfill_keys_existing_names_without_renaming_anyone_and_is_safe_to_rerun(db):
    older = UserFactory(display_name="Kind Lantern")
    newer = UserFactory(display_name="Kind  Lantern")
    other = UserFactory(display_name="\uff2fpen Door")
    User.objects.update(display_name_key=None)

    backfill_migration.backfill(apps, None)
    backfill_migration.backfill(apps, None)

    rows = dict(User.objects.values_list("pk", "display_name_key"))
    assert rows[older.pk] == "kind lantern"
    assert rows[newer.pk] is None  # its look-alike key is held by the older account
    assert rows[other.pk] == "open door"
    names = dict(User.objects.values_list("pk", "display_name"))
    assert names[newer.pk] == "Kind  Lantern"
    assert names[other.pk] == "\uff2fpen Door"


@pytest.mark.django_db
def test_a_look_alike_of_a_name_kept_from_before_is_refused_too(client):
    UserFactory(display_name="Steady  Oak", email="oak@example.org")
    User.objects.update(display_name_key=None)
    backfill_migration.backfill(apps, None)

    response = sign_up(client, "Steady Oak")

    assert TAKEN in response.context["form"].errors["display_name"][0]


MIXED = "mixes"


def tried_everywhere(alice, name: str):
    """NAME tried by someone new at sign-up, and by alice on the settings page and the API."""
    signed_up = sign_up(Client(), name)
    on_page = Client()
    on_page.force_login(alice)
    renamed_on_page = on_page.post("/accounts/settings/", {"display_name": name})
    api = APIClient()
    api.force_login(alice)
    renamed_by_api = api.patch("/api/v1/me/", {"display_name": name}, format="json")
    return signed_up, renamed_on_page, renamed_by_api


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "scripts"),
    [
        ("\u0410lice", "Cyrillic and Latin"),  # a Cyrillic capital A
        ("Kind L\u0430ntern", "Cyrillic and Latin"),  # a Cyrillic small a
        ("\u039fpen Door", "Greek and Latin"),  # a Greek capital omicron
        ("\u0422\u0438\u0445\u03b1\u044f", "Cyrillic and Greek"),
    ],
)
def test_a_name_mixing_look_alike_alphabets_is_refused_everywhere(alice, name, scripts):
    signed_up, renamed_on_page, renamed_by_api = tried_everywhere(alice, name)

    sign_up_error = signed_up.context["form"].errors["display_name"][0]
    assert MIXED in sign_up_error and scripts in sign_up_error
    assert MIXED in renamed_on_page.content.decode()
    assert renamed_by_api.status_code == 400
    assert MIXED in str(renamed_by_api.json()["extra"]["fields"]["display_name"])
    assert not User.objects.filter(email="newcomer@example.org").exists()
    assert User.objects.get(pk=alice.pk).display_name == "Alice"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "\u0422\u0438\u0445\u0430\u044f \u0420\u0435\u043a\u0430",  # all Cyrillic
        "\u0389\u03c3\u03c5\u03c7\u03b7",  # all Greek
        "Anna \u5b89\u5a1c",  # Latin beside Han: not look-alikes
        "Noor \u0646\u0648\u0631",  # Latin beside Arabic
        "River 42",
    ],
)
def test_one_alphabet_or_scripts_that_do_not_look_alike_are_fine(client, name):
    response = sign_up(client, name)

    assert response.status_code == 302, response.context["form"].errors
    assert User.objects.get(email="newcomer@example.org").display_name == name


AUTHORITY = "could pass for the site or its moderators"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["Admin", "ADM1N", "Admln", "Moderator Sam", "Peer-Haven", "Support Team", "R00t"]
)
def test_a_name_that_could_pass_for_the_site_or_its_moderators_is_refused_everywhere(alice, name):
    signed_up, renamed_on_page, renamed_by_api = tried_everywhere(alice, name)

    assert AUTHORITY in signed_up.context["form"].errors["display_name"][0]
    assert AUTHORITY in renamed_on_page.content.decode()
    assert AUTHORITY in str(renamed_by_api.json()["extra"]["fields"]["display_name"])
    assert not User.objects.filter(email="newcomer@example.org").exists()
    assert User.objects.get(pk=alice.pk).display_name == "Alice"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Staff Room", "Rooted", "Mod Squad", "Lisa"])
def test_names_that_only_contain_such_letters_are_fine(client, name):
    response = sign_up(client, name)

    assert response.status_code == 302, response.context["form"].errors
