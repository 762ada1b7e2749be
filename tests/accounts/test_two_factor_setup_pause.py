"""After a wrong code, django-otp checks no code for a while (not even the right one). The
set-up page says so and for how long, instead of calling a right code wrong."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP = "/accounts/two-factor/setup/"


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = current_code(device)
    return "000000" if right != "000000" else "111111"


@pytest.fixture
def pause_a_minute(settings):
    # django-otp pauses factor * 2**(wrong codes - 1) seconds; a minute keeps the test
    # from depending on how fast the machine runs it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60


def test_right_code_just_after_a_wrong_one_is_told_to_wait(alice_client, alice, pause_a_minute):
    alice_client.get(SETUP)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    alice_client.post(SETUP, {"code": wrong_code(device)})

    response = alice_client.post(SETUP, {"code": current_code(device)})

    error = response.context["form"].errors["code"][0]
    assert "Please wait" in error
    assert "1 minute" in error or "seconds" in error
    assert "didn't work" not in error
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_right_code_after_the_pause_turns_two_factor_on(alice_client, alice, pause_a_minute):
    alice_client.get(SETUP)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    alice_client.post(SETUP, {"code": wrong_code(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=2)
    )

    response = alice_client.post(SETUP, {"code": current_code(device)})

    assert response.templates[0].name == "accounts/two_factor_setup/backup_codes.html"
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).count() == 1
    assert StaticDevice.objects.filter(user=alice).exists()


def test_a_wrong_code_alone_is_still_called_wrong(alice_client, alice, pause_a_minute):
    alice_client.get(SETUP)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)

    response = alice_client.post(SETUP, {"code": wrong_code(device)})

    error = response.context["form"].errors["code"][0]
    assert "didn't work" in error
    assert "wait" not in error


def test_short_pauses_are_given_in_seconds(alice_client, alice):
    alice_client.get(SETUP)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )

    response = alice_client.post(SETUP, {"code": current_code(device)})

    # Three wrong codes in a row: 2**2 seconds with django-otp's default factor, less
    # whatever time the request took.
    waited = re.search(r"Please wait (\d) seconds?,", response.context["form"].errors["code"][0])
    assert waited is not None
    assert 1 <= int(waited.group(1)) <= 4


def test_another_member_s_pause_does_not_hold_up_bob(alice_client, alice, bob, web_as):
    alice_client.get(SETUP)
    TOTPDevice.objects.filter(user=alice).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    bob_client = web_as(bob)
    bob_client.get(SETUP)

    response = bob_client.post(SETUP, {"code": current_code(TOTPDevice.objects.get(user=bob))})

    assert response.templates[0].name == "accounts/two_factor_setup/backup_codes.html"
