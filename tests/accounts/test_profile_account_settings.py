from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import User

URL = "/accounts/settings/"


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_settings_page_shows_two_factor_off_with_setup_link(alice_client):
    response = alice_client.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Two-factor sign-in is off" in body
    assert 'href="/accounts/two-factor/setup/"' in body
    assert 'action="/accounts/export/"' in body
    assert 'href="/accounts/api-token/"' in body
    assert 'href="/accounts/delete/"' in body


def test_settings_page_shows_two_factor_on_with_disable_link(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="Phone", confirmed=True)
    client.force_login(alice)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    body = client.get(URL).content.decode()

    assert "Two-factor sign-in is on" in body
    assert 'href="/accounts/two-factor/disable/"' in body


def test_member_changes_display_name(alice_client, alice):
    response = alice_client.post(URL, {"display_name": "  Quiet River "})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Quiet River"


def test_display_name_taken_by_someone_else_in_other_case_is_refused(alice_client, alice, bob):
    response = alice_client.post(URL, {"display_name": "BOB"})

    assert response.status_code == 200
    assert "already in use" in response.content.decode()
    assert 'id="id_display_name_error"' in response.content.decode()
    assert User.objects.get(pk=alice.pk).display_name == "Alice"


def test_member_may_change_the_case_of_their_own_name(alice_client, alice):
    alice_client.post(URL, {"display_name": "ALICE"})

    assert User.objects.get(pk=alice.pk).display_name == "ALICE"


def test_bad_display_names_are_refused_and_nothing_changes(alice_client, alice):
    for bad in ["x" * 41, "A", "<script>", "", "-dash-first"]:
        response = alice_client.post(URL, {"display_name": bad})

        assert response.status_code == 200, bad
        assert "display_name" in response.context["form"].errors, bad
        assert User.objects.get(pk=alice.pk).display_name == "Alice"
