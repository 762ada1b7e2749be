"""Sign-in backend: Django's model backend, plus the two-factor facts every request needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import Profile, User
from peerhaven.core.prepared import PreparedQuery


def _user_with_facts(user_id: int) -> QuerySet[User]:
    """The user with whether they have an authenticator and facilitate a group (the
    two-factor gate asks on every request), whether they belong to any group (the home
    page lists their groups), the header's unread notices count and the profile's time zone
    (every time on a page is shown in it), so no page pays a query of its own for them."""
    from peerhaven.groups.models import Membership
    from peerhaven.moderation.models import Notice

    unread = (
        Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return User.objects.annotate(
        has_confirmed_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        facilitates_a_group=Exists(
            Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.FACILITATOR)
        ),
        in_a_group=Exists(Membership.objects.filter(user=OuterRef("pk"))),
        unread_notices=Subquery(unread, output_field=IntegerField()),
        time_zone_name=Subquery(
            Profile.objects.filter(user=OuterRef("pk")).values("time_zone")[:1],
            output_field=CharField(),
        ),
    ).filter(pk=user_id)


# Building and compiling this query took about 1 ms of every signed-in request.
_USER_WITH_FACTS = PreparedQuery(_user_with_facts)


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None  # a session from elsewhere, or tampered with
        user = next(iter(_USER_WITH_FACTS.objects(user_id)), None)
        return user if user is not None and self.user_can_authenticate(user) else None
