from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts import two_factor

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"
DISABLE = "/accounts/two-factor/disable/"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app would show (optionally a later step's code)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor on for `user` the way the setup page does."""
    device = two_factor.totp_device_pending_get_or_create(user=user)
    enrolment = two_factor.totp_device_confirm(user=user, token=code_for(device)).enrolment
    assert enrolment is not None
    return enrolment.device, enrolment.backup_codes


def sign_in(client: Client, user, password: str, next_url: str | None = None):
    data = {"username": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/sign-in/", data)


def verified_client(user, password: str, device: TOTPDevice) -> Client:
    client = Client()
    sign_in(client, user, password)
    client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})
    return client


@pytest.fixture
def fran_enrolled(facilitator):
    return enrol(facilitator)


def test_member_sets_up_an_authenticator_and_then_needs_its_code(alice_client, alice, password):
    page = alice_client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert two_factor.totp_secret(device) in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html

    done = alice_client.post(SETUP, {"code": code_for(device)})

    assert done.status_code == 200
    codes = done.context["backup_codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert "no-store" in done["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    response = sign_in(fresh, alice, password, next_url="/accounts/profile/")
    assert response["Location"] == VERIFY + "?next=%2Faccounts%2Fprofile%2F"
    held = fresh.get("/accounts/profile/")
    assert held.status_code == 302
    assert held["Location"].startswith(VERIFY)

    verified = fresh.post(
        VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/accounts/profile/"}
    )

    assert verified.status_code == 302
    assert verified["Location"] == "/accounts/profile/"
    assert fresh.get("/accounts/profile/").status_code == 200


def test_setup_keeps_the_same_secret_on_reload(alice_client, alice):
    first = alice_client.get(SETUP).context["secret"]
    second = alice_client.get(SETUP).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=alice).count() == 1


def test_setup_with_a_wrong_code_explains_and_leaves_two_factor_off(alice_client, alice):
    alice_client.get(SETUP)
    device = TOTPDevice.objects.get(user=alice)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = alice_client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "That code didn" in response.context["form"].errors["code"][0]
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()


def test_setup_page_needs_a_signed_in_person(client, db):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_wrong_code_at_sign_in_is_refused_with_an_error(client, alice, password):
    device, _codes = enrol(alice)
    sign_in(client, alice, password)
    wrong = f"{(int(code_for(device, 1)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 200
    assert "That code didn" in response.context["code_form"].errors["code"][0]
    assert client.get("/accounts/profile/").status_code == 302


def test_code_that_is_not_six_digits_is_explained(client, alice, password):
    enrol(alice)
    sign_in(client, alice, password)

    response = client.post(VERIFY, {"code": "12ab"})

    assert "six digits" in response.context["code_form"].errors["code"][0]


def test_backup_code_works_exactly_once(alice, password):
    _device, codes = enrol(alice)
    first = Client()
    sign_in(first, alice, password)

    response = first.post(VERIFY, {"backup_code": codes[0].upper(), "next": "/accounts/profile/"})

    assert response["Location"] == "/accounts/profile/"
    assert first.get("/accounts/profile/").status_code == 200

    second = Client()
    sign_in(second, alice, password)
    reused = second.post(VERIFY, {"backup_code": codes[0]})
    assert reused.status_code == 200
    assert "only once" in reused.context["backup_form"].errors["backup_code"][0]
    assert second.get("/accounts/profile/").status_code == 302


def test_another_account_s_backup_code_does_not_work(client, alice, bob, password):
    enrol(alice)
    _bob_device, bob_codes = enrol(bob)
    sign_in(client, alice, password)

    response = client.post(VERIFY, {"backup_code": bob_codes[0]})

    assert response.status_code == 200
    assert client.get("/accounts/profile/").status_code == 302
    assert StaticDevice.objects.get(user=bob).token_set.filter(token=bob_codes[0]).exists()


def test_facilitator_is_held_at_setup_until_two_factor_is_on(client, facilitator, password):
    response = sign_in(client, facilitator, password)
    assert response["Location"].startswith(SETUP)

    for path in ("/", "/accounts/profile/", "/accounts/settings/", DISABLE):
        held = client.get(path)
        assert held.status_code == 302, path
        assert held["Location"].startswith(SETUP), path
    assert client.get("/help/").status_code == 200
    setup = client.get(SETUP)
    assert "required before you continue" in setup.content.decode()

    device = TOTPDevice.objects.get(user=facilitator, confirmed=False)
    client.post(SETUP, {"code": code_for(device)})

    assert client.get("/accounts/profile/").status_code == 200


def test_a_group_facilitator_is_held_at_setup_too(alice_client, alice, password):
    from peerhaven.groups.models import Membership
    from tests.groups.helpers import make_group

    group = make_group(name="Evening Circle")
    Membership.objects.create(group=group, user=alice, role=Membership.Role.FACILITATOR)

    held = alice_client.get("/accounts/profile/")
    assert held.status_code == 302
    assert held["Location"].startswith(SETUP)
    enrol(alice)
    client = Client()
    sign_in(client, alice, password)
    assert client.get("/accounts/profile/")["Location"].startswith(VERIFY)


def test_a_group_facilitator_may_not_turn_two_factor_off(alice, password):
    from peerhaven.accounts.policies import can_disable_two_factor
    from peerhaven.groups.models import Membership
    from tests.groups.helpers import make_group

    assert can_disable_two_factor(alice)
    group = make_group(name="Morning Circle")
    Membership.objects.create(group=group, user=alice, role=Membership.Role.FACILITATOR)
    assert not can_disable_two_factor(alice)


def test_member_without_two_factor_is_not_held(alice_client):
    assert alice_client.get("/accounts/profile/").status_code == 200


def test_facilitator_may_not_turn_two_factor_off(facilitator, password, fran_enrolled):
    device, _codes = fran_enrolled
    client = verified_client(facilitator, password, device)
    page = client.get(DISABLE)
    assert "must keep two-factor sign-in turned on" in page.content.decode()

    response = client.post(DISABLE, {"password": password, "code": code_for(device, 1)})

    assert response.status_code == 403
    assert "must keep two-factor sign-in turned on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=facilitator, confirmed=True).exists()
    assert StaticDevice.objects.filter(user=facilitator).exists()


def test_member_turns_two_factor_off_with_password_and_a_code(alice, password):
    device, codes = enrol(alice)
    client = verified_client(alice, password, device)

    response = client.post(DISABLE, {"password": password, "code": codes[3]})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    # Signing in again needs only the password.
    fresh = Client()
    assert sign_in(fresh, alice, password)["Location"] == reverse("home")


def test_turning_off_needs_the_right_password(alice, password):
    device, codes = enrol(alice)
    client = verified_client(alice, password, device)

    response = client.post(DISABLE, {"password": "not it", "code": codes[0]})

    assert response.status_code == 200
    assert "not your current password" in response.context["form"].errors["password"][0]
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_turning_off_needs_a_current_code(alice, password):
    device, _codes = enrol(alice)
    client = verified_client(alice, password, device)

    response = client.post(DISABLE, {"password": password, "code": "zzzzzzzz"})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_new_backup_codes_replace_the_old_ones(alice, password):
    device, old_codes = enrol(alice)
    client = verified_client(alice, password, device)

    response = client.post(SETUP, {"action": "new-backup-codes"})

    new_codes = response.context["backup_codes"]
    assert len(new_codes) == 10
    stored = set(StaticDevice.objects.get(user=alice).token_set.values_list("token", flat=True))
    assert stored == set(new_codes)
    assert not stored & set(old_codes)


def test_authenticator_label_uses_the_display_name_not_the_email(alice_client, alice):
    html = alice_client.get(SETUP).content.decode()
    url = two_factor.totp_config_url(TOTPDevice.objects.get(user=alice), alice)

    assert url.startswith("otpauth://totp/Peerhaven%3AAlice?")
    assert "alice" not in url.lower().replace("%3aalice", "")
    assert "alice@example.org" not in html


def test_many_wrong_codes_in_a_row_pause_code_checks(client, alice, password):
    device, _codes = enrol(alice)
    sign_in(client, alice, password)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )

    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})

    # Ten wrong codes in a row: django-otp pauses 2**9 seconds, so about nine minutes.
    assert "Please wait 9 minutes" in response.context["code_form"].errors["code"][0]
    assert client.get("/accounts/profile/").status_code == 302


def test_code_attempts_are_rate_limited(client, alice, password, settings):
    settings.RATE_TWO_FACTOR = "2/m"
    device, _codes = enrol(alice)
    sign_in(client, alice, password)
    client.post(VERIFY, {"code": "000000"})
    client.post(VERIFY, {"code": "000001"})

    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})

    assert response.status_code == 429
    assert client.get("/accounts/profile/").status_code == 302
