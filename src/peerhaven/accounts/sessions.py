"""Ending sessions: this browser's stays, the others end, and open sockets follow at once.

A password change or "sign out everywhere else" changes the account's session hash
(`User._get_session_auth_hash`), so every other session ends on its next request; the
caller's session is given the new hash in the same transaction (`keep_signed_in`). Open
WebSockets make no more requests, so `sessions_changed` tells them to look again at the
session they opened with (`socket_session_valid`), and those that lost it close.
"""

from __future__ import annotations

import hashlib
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from peerhaven.accounts.models import User

# Sent after the commit with user_id: some of that person's sessions may have ended.
sessions_changed = Signal()


def sessions_changed_on_commit(user_id: int) -> None:
    transaction.on_commit(lambda: sessions_changed.send(sender=User, user_id=user_id))


def session_to_keep(request: HttpRequest, user: User) -> SessionBase | None:
    """The caller's session when it is signed in as USER (none when signed in by API
    token), for the services that end every other session."""
    session: SessionBase | None = getattr(request, "session", None)
    if session is None or session.get(SESSION_KEY) != str(user.pk):
        return None
    return session


def keep_signed_in(session: SessionBase | None, user: User) -> None:
    """After the account's hash changed, keep SESSION signed in: store the new hash, now.

    Call inside the change's transaction, before `sessions_changed` goes out after the commit,
    so this browser's own sockets find the new hash when they look. Unlike Django's
    update_session_auth_hash the session keeps its key: those sockets find their session by
    it. Nothing about who is signed in changes, so there is no fixation to prevent.
    """
    if session is None:
        return
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()


def session_hash(session: SessionBase | None) -> str:
    """How the sign-in records (django-axes' AccessLog) name a session: SHA-256 of its key."""
    key = getattr(session, "session_key", None)
    return hashlib.sha256(key.encode()).hexdigest() if key else ""


def sign_ins_mark_ended(user: User, *, keep: SessionBase | None = None, at: Any = None) -> None:
    """Record that the account's open sessions (all but KEEP) ended, so the list of recent
    sign-ins says so. Call when the session hash changed."""
    from axes.models import AccessLog

    open_ones = AccessLog.objects.filter(username__iexact=user.email, logout_time__isnull=True)
    kept = session_hash(keep)
    if kept:
        open_ones = open_ones.exclude(session_hash=kept)
    open_ones.update(logout_time=at or timezone.now())


def socket_session_valid(scope: dict[str, Any]) -> bool:
    """Whether the session a socket opened with still signs in its user: not signed out,
    and not ended by a password change or "sign out everywhere else"."""
    user = scope.get("user")
    session = scope.get("session")
    key = getattr(session, "session_key", None)
    if user is None or not user.is_authenticated or not key:
        return False
    data = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).load()
    if str(data.get(SESSION_KEY)) != str(user.pk):
        return False
    fresh = User.objects.filter(pk=user.pk, is_active=True).only("password", "sessions_epoch")
    account = fresh.first()
    if account is None:
        return False
    return constant_time_compare(
        str(data.get(HASH_SESSION_KEY, "")), account.get_session_auth_hash()
    )
