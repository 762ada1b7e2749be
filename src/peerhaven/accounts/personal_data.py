"""Registers the account's own sections for export and erasure.

Exports never contain secrets: no password hash, no two-factor seeds or backup codes, no
API token key. Only that they exist.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_otp import devices_for_user
from rest_framework.authtoken.models import Token

from peerhaven.accounts.models import Profile, User
from peerhaven.core import personal_data


def _device_kind(device: Any) -> str:
    model_name = str(device._meta.model_name)
    return {"totpdevice": "authenticator_app", "staticdevice": "backup_codes"}.get(
        model_name, model_name
    )


def _export_account(user: User) -> dict[str, Any]:
    token = Token.objects.filter(user=user).first()
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "two_factor_devices": [
            {"kind": _device_kind(device), "name": device.name, "confirmed": device.confirmed}
            for device in devices_for_user(user, confirmed=None)
        ],
        "api_token": {
            "exists": token is not None,
            "created": token.created.isoformat() if token is not None else None,
        },
    }


def _erase_account(user: User) -> int:
    """Sign-in records name the account by e-mail, not by foreign key; no cascade reaches them."""
    erased = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        deleted, _per_model = model.objects.filter(username=user.email).delete()
        erased += deleted
    return erased


def _export_sign_ins(user: User) -> list[dict[str, Any]]:
    """Successful sign-ins, newest first. Failed attempts are left out: they may be someone
    else trying the account, and their address and browser are that person's, not this one's."""
    return [
        {
            "at": log.attempt_time.isoformat(),
            "signed_out_at": log.logout_time.isoformat() if log.logout_time else None,
            "ip_address": log.ip_address,
            "browser": log.user_agent,
        }
        for log in AccessLog.objects.filter(username=user.email).order_by("-attempt_time", "-pk")
    ]


def _export_profile(user: User) -> dict[str, Any] | None:
    profile = (
        Profile.objects.prefetch_related("topics", "content_filters").filter(user=user).first()
    )
    if profile is None:
        return None
    return {
        "topics": sorted(topic.slug for topic in profile.topics.all()),
        "languages": list(profile.languages),
        "time_zone": profile.time_zone,
        "coarse_location": profile.coarse_location,
        "country": profile.country,
        "support_preference": profile.support_preference,
        "content_filters": sorted(topic.slug for topic in profile.content_filters.all()),
        "who_may_message": profile.who_may_message,
        "coach_nudges": profile.coach_nudges,
        "email_replies": profile.email_replies,
        "replies_emailed_at": (
            profile.replies_emailed_at.isoformat() if profile.replies_emailed_at else None
        ),
        "updated_at": profile.updated_at.isoformat(),
    }


personal_data.register("account", export=_export_account, erase=_erase_account)
personal_data.register("sign_ins", export=_export_sign_ins)
personal_data.register("profile", export=_export_profile)
