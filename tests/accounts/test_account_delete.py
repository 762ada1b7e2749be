from __future__ import annotations

from importlib import import_module

from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from peerhaven.accounts.models import Profile, User
from peerhaven.core import personal_data

URL = "/accounts/delete/"


def sessions_of(user_id: int) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if str(s.get_decoded().get(SESSION_KEY)) == str(user_id)
    ]


def signed_in_with_everything(user) -> Client:
    """A member with two-factor on, backup codes, an API token, sign-in records and two
    sessions (this browser and another device)."""
    totp = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token="a1b2c3d4")
    Token.objects.create(user=user)
    AccessLog.objects.create(username=user.email, ip_address="192.0.2.7", user_agent="x")
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp.persistent_id
        session.save()
        clients.append(client)
    return clients[0]


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.post(URL, {"password": "x", "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_page_explains_what_is_erased(alice_client):
    body = alice_client.get(URL).content.decode()

    assert "cannot be undone" in body
    assert 'type="password"' in body
    assert 'type="checkbox" name="confirm"' in body


def test_deleting_erases_every_row_of_the_account(alice, bob, password):
    client = signed_in_with_everything(alice)
    bob_client = Client()
    bob_client.force_login(bob)
    alice_id = alice.pk
    alice_sessions = sessions_of(alice_id)
    assert len(alice_sessions) == 2

    response = client.post(URL, {"password": password, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/delete/done/"
    assert not User.objects.filter(pk=alice_id).exists()
    assert not Profile.objects.filter(user_id=alice_id).exists()
    assert not Token.objects.filter(user_id=alice_id).exists()
    assert not TOTPDevice.objects.filter(user_id=alice_id).exists()
    assert not StaticDevice.objects.filter(user_id=alice_id).exists()
    assert not StaticToken.objects.filter(token="a1b2c3d4").exists()
    assert not AccessLog.objects.filter(username="alice@example.org").exists()
    assert sessions_of(alice_id) == []
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    assert not any(store.exists(key) for key in alice_sessions)  # cached copies too
    # The outsider's account and session are untouched.
    assert User.objects.filter(pk=bob.pk).exists()
    assert len(sessions_of(bob.pk)) == 1


def test_after_deleting_the_person_is_signed_out_and_says_goodbye(alice_client, password):
    response = alice_client.post(URL, {"password": password, "confirm": "on"}, follow=True)

    assert "Your account is deleted" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert alice_client.get("/accounts/profile/").status_code == 302


def test_wrong_password_deletes_nothing(alice):
    client = signed_in_with_everything(alice)

    response = client.post(URL, {"password": "not my password", "confirm": "on"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "That password is not right" in body
    assert 'id="id_password_error"' in body
    assert User.objects.filter(pk=alice.pk).exists()
    assert Profile.objects.filter(user=alice).exists()
    assert Token.objects.filter(user=alice).exists()
    assert TOTPDevice.objects.filter(user=alice).count() == 1
    assert AccessLog.objects.filter(username=alice.email).exists()
    assert len(sessions_of(alice.pk)) == 2


def test_without_the_confirmation_box_nothing_is_deleted(alice_client, alice, password):
    response = alice_client.post(URL, {"password": password})

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert User.objects.filter(pk=alice.pk).exists()


def test_every_registered_erasure_runs(alice_client, alice, password, monkeypatch):
    erased = []
    section = personal_data.Section(
        name="notes", export=lambda user: [], erase=lambda user: erased.append(user.pk) or 1
    )
    monkeypatch.setitem(personal_data._sections, "notes", section)
    alice_id = alice.pk

    alice_client.post(URL, {"password": password, "confirm": "on"})

    assert erased == [alice_id]


def test_repeated_wrong_passwords_are_slowed_down(alice_client, alice):
    for _ in range(10):
        alice_client.post(URL, {"password": "guess", "confirm": "on"})

    response = alice_client.post(URL, {"password": "guess", "confirm": "on"})

    assert response.status_code == 429
    assert User.objects.filter(pk=alice.pk).exists()
