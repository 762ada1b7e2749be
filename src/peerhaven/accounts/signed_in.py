"""The signed-in account of a request, for views and API classes that already checked it."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.request import Request

from peerhaven.accounts.models import User


def signed_in_user(request: HttpRequest | Request) -> User:
    """Call only after sign-in was required (LoginRequiredMixin, IsAuthenticated, or an
    explicit check); anything else is a programming error, not a user's."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101
    return user
