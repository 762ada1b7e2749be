"""Two-factor sign-in: an authenticator app (TOTP) plus one-time backup codes.

Every write to django-otp devices goes through here; views only parse input and render.
"""

from __future__ import annotations

import math
from base64 import b32encode
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts import policies
from peerhaven.accounts.models import User

BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a code: the device that accepted it, if any."""

    device: Device | None
    # Seconds until a device checks codes again, when it refused to check this one at all
    # because of recent wrong codes (django-otp doubles the pause with each one).
    retry_after: int = 0

    @property
    def throttled(self) -> bool:
        return self.retry_after > 0


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


@dataclass(frozen=True)
class Confirmation:
    """The outcome of confirming a new authenticator: an enrolment, or none and why."""

    enrolment: Enrolment | None
    # As in Verification: the code was not checked because a wrong one came just before.
    retry_after: int = 0


# --- Reads --------------------------------------------------------------------


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def totp_secret(device: TOTPDevice) -> str:
    """The secret as people type it into an authenticator app (base32, no padding)."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_config_url(device: TOTPDevice, user: User) -> str:
    """An otpauth:// URL labelled with the display name, so the e-mail never leaves the site."""
    issuer = str(settings.OTP_TOTP_ISSUER).replace(":", "")
    label = quote(f"{issuer}:{user.display_name}")
    params = urlencode(
        {"secret": totp_secret(device), "algorithm": "SHA1", "digits": device.digits}
        | {"period": device.step}
    )
    return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


def totp_qr_svg(device: TOTPDevice, user: User) -> str:
    """The config URL as inline SVG markup (no style attributes, so the CSP allows it)."""
    image = qrcode.make(
        totp_config_url(device, user), image_factory=qrcode.image.svg.SvgPathImage, border=2
    )
    markup: str = image.to_string(encoding="unicode")
    return markup


def _normalize_totp(token: str) -> str:
    return "".join(token.split())


def _normalize_backup(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _seconds_until_allowed(device: Device) -> int:
    """0 when the device checks codes now, else how long its pause after wrong codes lasts."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return 60  # a reason without an end time (none in django-otp today): say a minute
    remaining: float = (locked_until - timezone.now()).total_seconds()
    return max(1, math.ceil(remaining))


# --- Writes -------------------------------------------------------------------


@transaction.atomic
def totp_device_pending_get_or_create(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up; reused so a reload keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def backup_codes_replace(*, user: User) -> list[str]:
    """Make a fresh set of one-time backup codes; any earlier set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> Confirmation:
    """Confirm the pending authenticator with a code from it and issue backup codes.

    No enrolment when the code is wrong, or when the device is pausing after a wrong code
    (then `retry_after` says for how long, and the code was not even checked).
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        return Confirmation(enrolment=None)
    wait = _seconds_until_allowed(device)
    if wait:
        return Confirmation(enrolment=None, retry_after=wait)
    if not device.verify_token(_normalize_totp(token)):
        return Confirmation(enrolment=None)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Only one authenticator per account: drop stale pending or older ones.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    enrolment = Enrolment(device=device, backup_codes=backup_codes_replace(user=user))
    return Confirmation(enrolment=enrolment)


def _verify_on(devices: list[Device], user: User, token: str) -> Verification:
    retry_after = 0
    for device in devices:
        wait = _seconds_until_allowed(device)
        if wait:
            retry_after = max(retry_after, wait)
            continue
        # verify_token locks the device row, so throttling holds under concurrent tries.
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return Verification(device=verified)
    return Verification(device=None, retry_after=retry_after)


def totp_code_verify(*, user: User, token: str) -> Verification:
    """Check a code from the authenticator app. Wrong codes slow further tries down."""
    devices: list[Device] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    return _verify_on(devices, user, _normalize_totp(token))


def backup_code_use(*, user: User, code: str) -> Verification:
    """Check a backup code; a code that works is used up."""
    devices: list[Device] = list(StaticDevice.objects.filter(user=user, confirmed=True))
    return _verify_on(devices, user, _normalize_backup(code))


def any_code_verify(*, user: User, code: str) -> Verification:
    """An authenticator code (six digits) or else a backup code (eight characters)."""
    token = _normalize_totp(code)
    if token.isdigit() and len(token) == TOTP_DIGITS:
        return totp_code_verify(user=user, token=code)
    return backup_code_use(user=user, code=code)


@transaction.atomic
def two_factor_disable(*, user: User) -> int:
    """Remove every device. Callers check the password and a current code first."""
    policies.check_disable_two_factor(user)
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    return removed
