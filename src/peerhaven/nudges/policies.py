"""Who sees the communication coach's hints as they write.

The rule: shown when the writer's profile allows them (the default) OR the group the text
goes to requires them. Hints never stop anyone sending, so there is no rule about that.
"""

from __future__ import annotations

from typing import Any

from peerhaven.groups.models import Group


def group_requires_nudges(group: Group | None) -> bool:
    return bool(group is not None and group.require_coach_nudges)


def profile_allows_nudges(user: Any) -> bool:
    # An account made on the command line may have no profile yet: it has the default.
    profile = getattr(user, "profile", None)
    return profile is None or bool(profile.coach_nudges)


def can_see_nudges(user: Any, group: Group | None = None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return group_requires_nudges(group) or profile_allows_nudges(user)
