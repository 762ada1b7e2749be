"""Who may read and who may edit a guideline set.

Everyone, signed out too, reads the community guidelines and the rules of any group they
can see. The community guidelines are edited by site admins; a group's rules by that
group's facilitators (and site admins). Seeing a group is decided by groups.policies;
a group someone may not see answers 404, never 403, so its existence is not confirmed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Group, Membership
from peerhaven.groups.policies import can_view_group
from peerhaven.guidelines.exceptions import RuleSetEditNotAllowed, RuleSetNotFound
from peerhaven.guidelines.models import RuleSet


def _is_site_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.role == Role.ADMIN)


def can_read_rule_set(user: Any, rule_set: RuleSet) -> bool:
    if rule_set.scope == RuleSet.Scope.INSTANCE:
        return True
    # A group's rules are part of its public page: whoever may see the group reads them.
    group = Group.objects.filter(rules=rule_set).first()
    return group is not None and can_view_group(user, group)


def check_read_rule_set(user: Any, rule_set: RuleSet) -> None:
    if not can_read_rule_set(user, rule_set):
        raise RuleSetNotFound(_("These guidelines do not exist or are not visible to you."))


def can_edit_rule_set(user: Any, rule_set: RuleSet) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if _is_site_admin(user):
        return True
    if rule_set.scope == RuleSet.Scope.INSTANCE:
        return False
    return Membership.objects.filter(
        group__rules=rule_set, user=user, role=Membership.Role.FACILITATOR
    ).exists()


def check_edit_rule_set(user: Any, rule_set: RuleSet) -> None:
    check_read_rule_set(user, rule_set)
    if not can_edit_rule_set(user, rule_set):
        if rule_set.scope == RuleSet.Scope.INSTANCE:
            message = _("Only site admins can change the community guidelines.")
        else:
            message = _("Only this group's facilitators can change its rules.")
        raise RuleSetEditNotAllowed(message)


def rule_set_get_readable(user: Any, rule_set_id: int | None) -> RuleSet:
    """The set a URL names (the community guidelines when it names none), if `user` may
    read it; else RuleSetNotFound, so an invisible group's rules are never confirmed."""
    from peerhaven.guidelines import selectors

    if rule_set_id is None:
        return selectors.instance_rule_set()
    rule_set = selectors.rule_set_get(rule_set_id)
    if rule_set is None:
        raise RuleSetNotFound(_("These guidelines do not exist or are not visible to you."))
    check_read_rule_set(user, rule_set)
    return rule_set


def rule_set_get_editable(user: Any, rule_set_id: int) -> RuleSet:
    rule_set = rule_set_get_readable(user, rule_set_id)
    check_edit_rule_set(user, rule_set)
    return rule_set
