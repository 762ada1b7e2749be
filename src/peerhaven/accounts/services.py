"""Every write to accounts and profiles."""

from __future__ import annotations

from django.db import transaction

from peerhaven.accounts.models import Profile, Role, User


@transaction.atomic
def account_create(
    *, email: str, display_name: str, password: str, role: str = Role.MEMBER, time_zone: str = "UTC"
) -> User:
    """Create an account and its profile. Callers validate the password first."""
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name.strip(),
        role=role,
        is_staff=role == Role.ADMIN,
    )
    Profile.objects.create(user=user, time_zone=time_zone)
    return user
