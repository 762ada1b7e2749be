"""Who may see and do what with meetings: the one place these rules live.

Times, format, area and accessibility are public wherever the group is visible. The street
address and the join link are for members who agreed to the guidelines in force
(groups.policies.can_take_part), in every interface: pages, API, e-mails and iCal feeds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from peerhaven.core.exceptions import NotAllowed
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group


def can_view_meetings(user: Any, group: Group) -> bool:
    return group_policies.can_view_group(user, group)


def check_view_meetings(user: Any, group: Group) -> None:
    group_policies.check_view_group(user, group)


def can_see_private_details(user: Any, group: Group) -> bool:
    """The address and the link: members who agreed to the current guidelines."""
    return bool(user and user.is_authenticated) and group_policies.can_take_part(user, group)


def groups_with_private_details(user: Any, groups: Iterable[Group]) -> set[int]:
    """can_see_private_details for many groups `user` belongs to (calendar feeds)."""
    if not (user and user.is_authenticated):
        return set()
    return group_policies.groups_taking_part(user, groups)


def can_manage_meetings(user: Any, group: Group) -> bool:
    return group_policies.can_manage_group(user, group)


def check_manage_meetings(user: Any, group: Group) -> None:
    group_policies.check_manage_group(user, group)


def check_rsvp(user: Any, group: Group) -> None:
    """Members who agreed to the current guidelines (the same rule as posting)."""
    group_policies.check_take_part(user, group)


def check_check_in(user: Any, group: Group) -> None:
    if not can_manage_meetings(user, group):
        group_policies.check_view_content(user, group)
        raise NotAllowed(_("Only the group's facilitators record who came."))
