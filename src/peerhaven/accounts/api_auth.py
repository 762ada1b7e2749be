"""API token sign-in that keeps the two-factor rule.

A token stands in for the password only: it is made on a page that already required the
second step, and needs no second step of its own on each call. But when its owner's role
comes to require two-factor (made facilitator or admin) and no authenticator is set up yet,
the web holds the session at the set-up page; the token must stop as well, or it would reach
other people's reports and alerts without the protection the role demands.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from peerhaven.accounts import policies


class TwoFactorTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if policies.must_set_up_two_factor(user):
            # 403 with the code a session at the same step gets (accounts/middleware.py).
            raise exceptions.PermissionDenied(
                _(
                    "Your role needs two-factor sign-in. Turn it on in your account on the "
                    "website, then use your token again."
                ),
                code="two_factor_required",
            )
        return user, token
