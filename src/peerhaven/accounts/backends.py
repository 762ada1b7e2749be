"""Sign-in backend: Django's model backend, plus the two-factor facts every request needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import User


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """Load the signed-in user with whether they have an authenticator and facilitate a
        group, in the same query: the two-factor gate asks on every request. The header's
        unread notices count comes along too, so no page pays a query of its own for it."""
        from peerhaven.groups.models import Membership
        from peerhaven.moderation.models import Notice

        unread = (
            Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )

        user = (
            User.objects.annotate(
                has_confirmed_device=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
                facilitates_a_group=Exists(
                    Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.FACILITATOR)
                ),
                unread_notices=Subquery(unread, output_field=IntegerField()),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
