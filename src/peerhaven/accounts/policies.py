"""Who may do what with accounts. Web views, the API and consumers all ask here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import TWO_FACTOR_ROLES
from peerhaven.core.exceptions import NotAllowed

# What a signed-in session still owes before it may use the site.
VERIFY = "verify"  # the account has an authenticator; this session has not used it yet
SET_UP = "set-up"  # the account's role requires an authenticator and it has none


def user_has_confirmed_device(user: Any) -> bool:
    # Backup codes are only issued with an authenticator, so the authenticator decides.
    # The sign-in backend loads the answer with the user; elsewhere, ask the database.
    known = getattr(user, "has_confirmed_device", None)
    if known is not None:
        return bool(known)
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def requires_two_factor(user: Any) -> bool:
    """Site facilitators and admins, and anyone who facilitates a group: they see many
    people's struggles and act on them, so their sign-in must be protected."""
    return user.role in TWO_FACTOR_ROLES or facilitates_a_group(user)


def facilitates_a_group(user: Any) -> bool:
    """Facilitator of at least one group. The sign-in backend loads this with the user
    (`facilitates_a_group`), so most requests need no extra query."""
    known = getattr(user, "facilitates_a_group", None)
    if known is not None:
        return bool(known)
    return bool(user.memberships.filter(role="facilitator").exists())


def two_factor_step(user: Any, *, verified: bool) -> str | None:
    """VERIFY, SET_UP or None (nothing owed). `verified` says whether this session passed
    the two-factor step; HTTP and WebSocket each read that from their own session."""
    if verified:
        return None
    if user_has_confirmed_device(user):
        return VERIFY
    return SET_UP if requires_two_factor(user) else None


def session_is_fully_signed_in(request: HttpRequest) -> bool:
    """Signed in, and past the two-factor step when the account has an authenticator."""
    user = request.user
    if not user.is_authenticated:
        return False
    verified = bool(getattr(user, "is_verified", lambda: False)())
    return verified or not user_has_confirmed_device(user)


def must_set_up_two_factor(user: Any) -> bool:
    """True while a role that requires two-factor has no authenticator yet."""
    return bool(
        user.is_authenticated and requires_two_factor(user) and not user_has_confirmed_device(user)
    )


def can_disable_two_factor(user: Any) -> bool:
    return not requires_two_factor(user)


def check_disable_two_factor(user: Any) -> None:
    if not can_disable_two_factor(user):
        raise NotAllowed(
            _("Facilitators and organization admins must keep two-factor sign-in turned on."),
            code="two_factor_required",
        )
