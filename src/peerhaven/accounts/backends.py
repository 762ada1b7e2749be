"""Sign-in backend: Django's model backend, plus the two-factor facts every request needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import User


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """Load the signed-in user with whether they have an authenticator and facilitate a
        group, in the same query: the two-factor gate asks on every request."""
        from peerhaven.groups.models import Membership

        user = (
            User.objects.annotate(
                has_confirmed_device=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
                facilitates_a_group=Exists(
                    Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.FACILITATOR)
                ),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
