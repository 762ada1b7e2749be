"""Who may say when they are on duty, and for whom.

- A group's facilitator adds and removes group windows for themselves, for that group only.
  Someone who cannot even see the group gets NotFound (its existence is not confirmed);
  anyone else who does not facilitate it gets NotAllowed.
- Fallback windows (the whole site, when no facilitator answers) are added by site admins,
  for themselves or for another admin; the service checks that the responder is an admin.
- Everyone may remove their own windows, even once they stopped facilitating or being an
  admin (those windows no longer count, but their owner can tidy them away). Site admins
  may remove anyone's. Other people's windows answer NotFound, as missing ones do.
- The duty page is for responders: site supporters, facilitators and admins, and anyone who
  facilitates a group or still has windows.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from peerhaven.accounts.policies import facilitates_a_group
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.safety import policies as safety_policies
from peerhaven.safety.models import DutyWindow


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def facilitates_any_group(user: Any) -> bool:
    return _signed_in(user) and facilitates_a_group(user)


def is_responder(user: Any) -> bool:
    """May use the duty page: someone alerts can go to (safety.policies.is_responder: a
    supporter, facilitator or admin role, or a group to facilitate), or windows to tidy."""
    if not _signed_in(user):
        return False
    if safety_policies.is_responder(user):
        return True
    return bool(DutyWindow.objects.filter(user=user).exists())


def can_add_duty_windows(user: Any) -> bool:
    """Has anything to add duty hours for: a group they facilitate, or the site as admin."""
    return can_add_fallback_window(user) or facilitates_any_group(user)


def check_add_duty_windows(user: Any) -> None:
    if not can_add_duty_windows(user):
        raise NotAllowed(
            _(
                "Duty hours are for the facilitators of a group and for organization admins. "
                "Once you facilitate a group you can add hours for it here."
            ),
            code="not_responder",
        )


def can_add_fallback_window(user: Any) -> bool:
    return group_policies.is_site_admin(user)


def can_add_group_window(user: Any, group: Group) -> bool:
    return group_policies.is_group_facilitator(user, group)


def check_add_duty_window(actor: Any, *, kind: str, group: Group | None, user: Any) -> None:
    """May `actor` add a window of `kind` for `user` (and `group`)? Input checks are the
    service's; this only answers who may."""
    if not _signed_in(actor):
        raise NotAllowed(_("Please sign in first."), code="not_signed_in")
    if kind == DutyWindow.Kind.FALLBACK:
        if not can_add_fallback_window(actor):
            raise NotAllowed(
                _(
                    "Only organization admins can add fallback duty hours. Facilitators add "
                    "hours for the groups they facilitate."
                ),
                code="not_admin",
            )
        return
    if group is None:
        return  # the service asks for a group
    if not group_policies.can_view_group(actor, group):
        raise group_policies.group_not_found()
    if not can_add_group_window(actor, group):
        raise NotAllowed(
            _(
                "Only this group's facilitators can be on duty for it. Being on duty means "
                "getting alerts when someone may be at risk, so it is part of facilitating."
            ),
            code="not_facilitator",
        )
    if user is None or user.pk != actor.pk:
        raise NotAllowed(
            _("Each facilitator adds their own duty hours for a group, not someone else's."),
            code="not_own_window",
        )


def can_remove_duty_window(actor: Any, window: DutyWindow) -> bool:
    if not _signed_in(actor):
        return False
    return bool(window.user_id == actor.pk) or group_policies.is_site_admin(actor)


def window_not_found() -> NotFound:
    return NotFound(
        _("There are no such duty hours, or they are not yours."), code="duty_window_not_found"
    )


def check_remove_duty_window(actor: Any, window: DutyWindow) -> None:
    if not can_remove_duty_window(actor, window):
        raise window_not_found()


def can_list_all_fallback_windows(user: Any) -> bool:
    return group_policies.is_site_admin(user)


def check_list_all_fallback_windows(user: Any) -> None:
    if not can_list_all_fallback_windows(user):
        raise NotAllowed(
            _("Only organization admins can see the whole fallback rota."), code="not_admin"
        )
