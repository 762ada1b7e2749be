"""The "Notices" link (with the unread count) and, for moderators, the queue link in every
page's header.

The sign-in backend loads the unread count and the facilitation flag with the user, so the
header usually costs no query; a user loaded some other way is counted lazily, only when a
page renders the header.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from peerhaven.moderation import policies, selectors

_NOT_LOADED = object()


def notices_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    loaded = getattr(user, "unread_notices", _NOT_LOADED)
    return {
        # The backend's subquery gives None when nothing is unread.
        "moderation_unread_notices": SimpleLazyObject(
            lambda: selectors.unread_notice_count(user=user)
        )
        if loaded is _NOT_LOADED
        else loaded or 0,
        "moderation_queue_link": SimpleLazyObject(lambda: policies.is_moderator(user)),
    }
