"""Who may do what with accounts. Web views, the API and consumers all ask here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from peerhaven.core.exceptions import NotAllowed


def user_has_confirmed_device(user: Any) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


def session_is_fully_signed_in(request: HttpRequest) -> bool:
    """Signed in, and past the two-factor step when the account has a device."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user_has_confirmed_device(user):
        return bool(getattr(user, "is_verified", lambda: False)())
    return True


def must_set_up_two_factor(user: Any) -> bool:
    """Facilitators and admins may not use the site until two-factor is on."""
    return bool(
        user.is_authenticated and user.needs_two_factor and not user_has_confirmed_device(user)
    )


def can_disable_two_factor(user: Any) -> bool:
    """Facilitators and admins see many people's struggles; their sign-in stays protected."""
    return not user.needs_two_factor


def check_disable_two_factor(user: Any) -> None:
    if not can_disable_two_factor(user):
        raise NotAllowed(
            _("Facilitators and organization admins must keep two-factor sign-in turned on."),
            code="two_factor_required",
        )
