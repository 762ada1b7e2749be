"""The one place the rules for seeing and acting on groups live.

Web views, the API and WebSocket consumers all call these. A group a person may not see
answers 404 (NotFound), never 403, so its existence is not confirmed. Members-only content
of any group answers 404 to non-members for the same reason.

Roles, from least to most:
- anyone: sees listed groups (their public page);
- member: sees the group's members-only content; takes part once agreed to the versions
  in force (the newest first or material version of the instance guidelines and of the
  group's rules). Reading stays open to a member who still has to agree again;
- group facilitator (Membership.role): also manages the group;
- site admin (User.role admin): sees any group's public page and manages any group, but
  members-only content stays members-only (an admin who is not a member gets 404 there).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from peerhaven.accounts.models import Role
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups.exceptions import AgreementNeeded
from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.guidelines.selectors import (
    instance_rule_set,
    required_version,
    required_version_numbers,
)


def visible_groups(user: Any) -> QuerySet[Group]:
    """Listed groups for everyone, plus the unlisted groups the user belongs to."""
    listed = Q(listing=Group.Listing.LISTED)
    if user is None or not user.is_authenticated:
        return Group.objects.filter(listed)
    # A subquery, not a join: a join repeats each group once per member, which DISTINCT
    # hides from the rows but not from a count taken over them (the finder's total).
    mine = Membership.objects.filter(user=user).values("group_id")
    return Group.objects.filter(listed | Q(pk__in=mine))


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_site_admin(user: Any) -> bool:
    return _signed_in(user) and user.role == Role.ADMIN


def membership_of(user: Any, group: Group) -> Membership | None:
    if not _signed_in(user):
        return None
    return Membership.objects.filter(group=group, user=user).first()


def group_not_found() -> NotFound:
    # The same words whether the group is missing or hidden, so nothing is confirmed.
    return NotFound(_("There is no such group, or it is not visible to you."), code="not_found")


# --- Seeing a group -------------------------------------------------------------------


def can_view_group(user: Any, group: Group) -> bool:
    if group.listing == Group.Listing.LISTED:
        return True
    return is_site_admin(user) or membership_of(user, group) is not None


def check_view_group(user: Any, group: Group) -> None:
    if not can_view_group(user, group):
        raise group_not_found()


def can_view_content(user: Any, group: Group) -> bool:
    """Members-only content (member list, later conversations and meeting details)."""
    return membership_of(user, group) is not None


def check_view_content(user: Any, group: Group) -> None:
    if not can_view_content(user, group):
        raise group_not_found()


# --- Taking part ----------------------------------------------------------------------


def required_versions(group: Group) -> tuple[RuleSetVersion | None, RuleSetVersion | None]:
    """The instance and group versions a member must have agreed to (None: nothing needed)."""
    return required_version(instance_rule_set()), required_version(group.rules)


def missing_agreement(
    user: Any, group: Group
) -> tuple[RuleSetVersion | None, RuleSetVersion | None]:
    """Which required versions the person has not agreed to yet (None where agreed).

    Agreeing to the instance guidelines counts in every group (it is one set for the whole
    site); agreeing to a group's rules counts only in that group. A later version agreed
    to covers an earlier required one.
    """
    instance_needed, group_needed = required_versions(group)
    agreements = Agreement.objects.filter(user=user)
    if (
        instance_needed is not None
        and agreements.filter(instance_version__number__gte=instance_needed.number).exists()
    ):
        instance_needed = None
    if (
        group_needed is not None
        and agreements.filter(
            group=group,
            group_version__rule_set=group.rules,
            group_version__number__gte=group_needed.number,
        ).exists()
    ):
        group_needed = None
    return instance_needed, group_needed


def groups_taking_part(user: Any, groups: Iterable[Group]) -> set[int]:
    """can_take_part for many groups `user` belongs to, in three queries: the same rule as
    missing_agreement (the instance's required version agreed to anywhere, each group's
    rules' required version agreed to in that group). Returns the ids of those groups."""
    groups = list(groups)
    if not groups or not user.is_active:
        return set()
    agreements = Agreement.objects.filter(user=user)
    instance_needed = required_version(instance_rule_set())
    if (
        instance_needed is not None
        and not agreements.filter(instance_version__number__gte=instance_needed.number).exists()
    ):
        return set()
    needed = required_version_numbers({g.rules_id for g in groups})
    agreed = dict(
        agreements.filter(
            group_id__in=[g.pk for g in groups], group_version__rule_set=F("group__rules")
        )
        .values("group_id")
        .annotate(number=Max("group_version__number"))
        .values_list("group_id", "number")
    )
    return {
        g.pk
        for g in groups
        if g.rules_id not in needed or (agreed.get(g.pk) or 0) >= needed[g.rules_id]
    }


def can_take_part(user: Any, group: Group) -> bool:
    if membership_of(user, group) is None:
        return False
    return missing_agreement(user, group) == (None, None)


def check_take_part(user: Any, group: Group) -> None:
    """Members only; and only once they agreed to the guidelines in force. Reading stays open."""
    check_view_content(user, group)
    instance_needed, group_needed = missing_agreement(user, group)
    if instance_needed is None and group_needed is None:
        return
    raise AgreementNeeded(
        _(
            "The guidelines changed since you last agreed to them. Please read what changed "
            "and agree again to take part. You can still read everything."
        ),
        extra={
            "instance_version": instance_needed.number if instance_needed else None,
            "group_version": group_needed.number if group_needed else None,
        },
    )


# --- Managing -------------------------------------------------------------------------


def is_group_facilitator(user: Any, group: Group) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.role == Membership.Role.FACILITATOR


def can_manage_group(user: Any, group: Group) -> bool:
    """Edit the group, decide on requests, invite, remove members, name facilitators."""
    return is_site_admin(user) or is_group_facilitator(user, group)


def groups_managed_by(user: Any, groups: Iterable[Group]) -> set[int]:
    """can_manage_group for many groups in at most one query: the ids of those it allows."""
    ids = [g.pk for g in groups]
    if not ids or not _signed_in(user):
        return set()
    if is_site_admin(user):
        return set(ids)
    return set(
        Membership.objects.filter(
            user=user, group_id__in=ids, role=Membership.Role.FACILITATOR
        ).values_list("group_id", flat=True)
    )


def check_manage_group(user: Any, group: Group) -> None:
    if can_manage_group(user, group):
        return
    if not can_view_content(user, group):
        # Non-members learn nothing about facilitator pages, not even that they exist.
        raise group_not_found()
    raise NotAllowed(_("Only this group's facilitators can do that."), code="not_facilitator")


def can_create_group(user: Any) -> bool:
    return _signed_in(user) and user.role in (Role.ADMIN, Role.FACILITATOR)


def check_create_group(user: Any) -> None:
    if not can_create_group(user):
        raise NotAllowed(
            _("Only facilitators and organization admins can start a group."),
            code="not_allowed",
        )
