"""Ending sessions: this browser's stays, the others end, and open sockets follow at once.

A password change or "sign out everywhere else" changes the account's session hash
(`User._get_session_auth_hash`), so every other session ends on its next request; the
caller's session is given the new hash, under a new key, in the same transaction
(`sessions_end`). Open WebSockets make no more requests, so `sessions_changed` tells
them to look again at the session they opened with (`socket_session_state`): those whose
session ended close as signed out, those of the browser that made the change reconnect with
its new cookie.
"""

from __future__ import annotations

import enum
import hashlib
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from rest_framework.authtoken.models import Token

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


# A kept session gets a new key; for a while its old key says where it went, so the
# browser's own sockets learn that they should reconnect rather than that they were signed out.
MOVED_FOR = 15 * 60  # seconds


def _key_hash(session_key: str) -> str:
    """A session key as django-axes' sign-in records name it: its SHA-256."""
    return hashlib.sha256(session_key.encode()).hexdigest()


def _moved_key(session_key: str) -> str:
    return "session-moved:" + _key_hash(session_key)


def sessions_end(user: User, *, keep: SessionBase | None = None) -> None:
    """After the account's session hash changed (password, epoch): revoke the API token,
    keep KEEP signed in under a new key, record the other sign-ins as ended, and tell the
    open sockets after the commit. Call inside the change's transaction."""
    Token.objects.filter(user=user).delete()
    _keep_signed_in(keep, user)
    _sign_ins_mark_ended(user, keep=keep)
    sessions_changed_on_commit(user.pk)


def _keep_signed_in(session: SessionBase | None, user: User) -> None:
    """After the account's hash changed, keep SESSION signed in under a new key, now.

    The new key signs out a copy of this browser's old cookie too, as Django's
    update_session_auth_hash would. Call inside the change's transaction, before
    `sessions_changed` goes out after the commit: this browser's sockets then find their
    old key moved (`socket_session_state`) and reconnect with the new cookie.
    """
    if session is None:
        return
    old_key = session.session_key
    session.cycle_key()
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    if old_key:
        cache.set(_moved_key(old_key), True, MOVED_FOR)
        _sign_in_moved(user, old_key=old_key, new_key=session.session_key or "")


def _sign_in_moved(user: User, *, old_key: str, new_key: str) -> None:
    """The sign-in record of a session that got a new key follows it ("this browser")."""
    from axes.models import AccessLog

    AccessLog.objects.filter(username=user.email, session_hash=_key_hash(old_key)).update(
        session_hash=_key_hash(new_key)
    )


def session_hash(session: SessionBase | None) -> str:
    """How the sign-in records (django-axes' AccessLog) name a session: SHA-256 of its key."""
    key = getattr(session, "session_key", None)
    return _key_hash(key) if key else ""


def _sign_ins_mark_ended(user: User, *, keep: SessionBase | None) -> None:
    """Record that the account's open sessions (all but KEEP) ended, so the list of recent
    sign-ins says so."""
    from axes.models import AccessLog

    open_ones = AccessLog.objects.filter(username=user.email, logout_time__isnull=True)
    kept = session_hash(keep)
    if kept:
        open_ones = open_ones.exclude(session_hash=kept)
    open_ones.update(logout_time=timezone.now())


class SocketSession(enum.Enum):
    VALID = "valid"
    MOVED = "moved"  # kept under a new key: reconnect with the browser's new cookie
    ENDED = "ended"


def socket_session_state(scope: dict[str, Any]) -> SocketSession:
    """Whether the session a socket opened with still signs in its user: valid; moved to a
    new key by a password change or "sign out everywhere else" made in this very browser;
    or ended (signed out, or ended from elsewhere)."""
    user = scope.get("user")
    session = scope.get("session")
    key = getattr(session, "session_key", None)
    if user is None or not user.is_authenticated or not key:
        return SocketSession.ENDED
    data = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).load()
    if not data and cache.get(_moved_key(key)):
        return SocketSession.MOVED
    if str(data.get(SESSION_KEY)) != str(user.pk):
        return SocketSession.ENDED
    fresh = User.objects.filter(pk=user.pk, is_active=True).only("password", "sessions_epoch")
    account = fresh.first()
    if account is None:
        return SocketSession.ENDED
    stored = str(data.get(HASH_SESSION_KEY, ""))
    if constant_time_compare(stored, account.get_session_auth_hash()):
        return SocketSession.VALID
    return SocketSession.ENDED
