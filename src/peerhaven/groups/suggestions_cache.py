"""Home-page group suggestions, cached per member.

Every signed-in home page shows them, and working them out costs several queries. A cached
answer is keyed by a generation number that any change to groups, memberships or profiles
moves on (after its commit), so a group that becomes unlisted, or a member who joins, never
sees a stale suggestion; the time limit only bounds memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from peerhaven.groups.search import Suggestion, group_suggestions

GENERATION_KEY = "group-suggestions:generation"
TIME_LIMIT = 600


@dataclass(frozen=True)
class HomeSuggestions:
    groups: list[Suggestion]
    # Whether the member listed any topics: the empty state says different things.
    has_topics: bool


def group_suggestions_cached(*, user: Any, limit: int = 5) -> HomeSuggestions:
    if user is None or not user.is_authenticated:
        return HomeSuggestions(groups=[], has_topics=False)
    # Read the generation before the data, so an answer worked out from data that changed
    # meanwhile is stored under the old generation, where nobody looks any more.
    generation = cache.get(GENERATION_KEY, 0)
    key = f"group-suggestions:{generation}:{user.pk}:{get_language()}:{limit}"
    found: HomeSuggestions | None = cache.get(key)
    if found is None:
        profile = getattr(user, "profile", None)
        found = HomeSuggestions(
            groups=group_suggestions(user=user, limit=limit),
            has_topics=profile is not None and profile.topics.exists(),
        )
        cache.set(key, found, TIME_LIMIT)
    return found


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 1, None)


def invalidate(**kwargs: Any) -> None:
    """Signal receiver: forget every cached suggestion once the change is committed."""
    transaction.on_commit(_next_generation)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from peerhaven.accounts.models import Profile
    from peerhaven.groups.models import Group, Membership

    for model in (Group, Membership, Profile):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"suggestions-{model.__name__}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"suggestions-d-{model.__name__}"
        )
    for through in (Group.topics.through, Profile.topics.through):
        m2m_changed.connect(
            invalidate, sender=through, dispatch_uid=f"suggestions-{through.__name__}"
        )
