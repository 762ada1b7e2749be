"""Reads of groups, memberships, requests, invites and agreements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.core.exceptions import NotFound
from peerhaven.core.prepared import PreparedQuery
from peerhaven.groups import policies
from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest, Membership
from peerhaven.guidelines.models import Guideline, RuleSetVersion
from peerhaven.guidelines.selectors import current_version, guidelines_of, instance_rule_set


def group_get_visible(*, user: Any, slug: str) -> Group:
    """The group, if this person may see it; NotFound otherwise (missing and hidden alike)."""
    group = (
        Group.objects.select_related("rules").prefetch_related("topics").filter(slug=slug).first()
    )
    if group is None:
        raise policies.group_not_found()
    policies.check_view_group(user, group)
    return group


def group_members(*, group: Group) -> QuerySet[Membership]:
    """Facilitators first, then by display name."""
    # Not by the role's value: "facilitator" < "member", so "-role" listed members first.
    facilitators_first = Case(
        When(role=Membership.Role.FACILITATOR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(group=group)
        .select_related("user")
        .order_by(facilitators_first, "user__display_name", "pk")
    )


def group_facilitators(*, group: Group) -> QuerySet[Membership]:
    return group_members(group=group).filter(role=Membership.Role.FACILITATOR)


def group_member_count(*, group: Group) -> int:
    return Membership.objects.filter(group=group).count()


def join_request_list_pending(*, group: Group) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def join_request_pending_of(*, user: Any, group: Group) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).first()


def invite_list_active(*, group: Group) -> QuerySet[Invite]:
    return Invite.objects.filter(
        group=group, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def invite_get_by_token(*, token: str) -> Invite:
    invite = Invite.objects.select_related("group", "group__rules").filter(token=token).first()
    if invite is None:
        raise NotFound(
            _("This invite link is not valid. Please ask a facilitator for a new one."),
            code="invite_not_found",
        )
    return invite


def membership_list_for_user(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("group").order_by("group__name")


# The home page lists this many of a member's groups; the rest are a link away.
HOME_GROUPS_MAX = 6

# Compiled once: the home page asks on every visit.
_HOME_GROUPS = PreparedQuery(
    lambda user_id: (
        Group.objects.filter(memberships__user_id=user_id)
        .annotate(member_role=F("memberships__role"))
        .order_by("name", "pk")[: HOME_GROUPS_MAX + 1]
    )
)


def group_list_for_home(*, user: Any) -> list[Group]:
    """The member's groups by name, each with `member_role`: at most HOME_GROUPS_MAX + 1,
    so the page knows whether there are more."""
    return list(_HOME_GROUPS.objects(user.pk))


def group_list_facilitated_alone(*, user: Any) -> QuerySet[Group]:
    """Groups this person is the only facilitator of, by name. Leaving them is refused
    (LastFacilitator), but deleting the account never is: each is then left without one."""
    other_facilitators = Membership.objects.filter(
        group=OuterRef("pk"), role=Membership.Role.FACILITATOR
    ).exclude(user=user)
    return (
        Group.objects.filter(memberships__user=user, memberships__role=Membership.Role.FACILITATOR)
        .exclude(Exists(other_facilitators))
        .order_by("name", "pk")
    )


def join_request_list_for_user(*, user: Any) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user).select_related("group").order_by("-created_at")


def agreement_list_for_user(*, user: Any) -> QuerySet[Agreement]:
    return Agreement.objects.filter(user=user).select_related(
        "group", "instance_version", "group_version"
    )


AGREEMENTS_SUMMARIZED = 10


def _latest_agreements(user_id: int) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(user_id=user_id)
        .order_by("-agreed_at")
        # Only what the summary shows: the versions' rows carry the guideline texts.
        .annotate(
            group_name=F("group__name"),
            version_number=F("instance_version__number"),
            group_version_number=F("group_version__number"),
        )
        .only("agreed_at")[:AGREEMENTS_SUMMARIZED]
    )


_LATEST_AGREEMENTS = PreparedQuery(_latest_agreements)


def agreement_summary_list_for_user(*, user: Any) -> list[Agreement]:
    """The person's latest agreements, newest first, each with `group_name`,
    `version_number` and `group_version_number` (None without group rules)."""
    return list(_LATEST_AGREEMENTS.objects(user.pk))


def agreement_latest(*, user: Any, group: Group) -> Agreement | None:
    return (
        Agreement.objects.filter(user=user, group=group)
        .select_related("instance_version", "group_version")
        .first()
    )


@dataclass(frozen=True)
class AgreementTerms:
    """What a person agrees to right now when joining or agreeing again."""

    instance_version: RuleSetVersion | None
    group_version: RuleSetVersion | None
    instance_guidelines: list[Guideline]
    group_guidelines: list[Guideline]

    @property
    def instance_number(self) -> int | None:
        return self.instance_version.number if self.instance_version else None

    @property
    def group_number(self) -> int | None:
        return self.group_version.number if self.group_version else None


def agreement_terms(*, group: Group) -> AgreementTerms:
    instance_version = current_version(instance_rule_set())
    group_version = current_version(group.rules)
    return AgreementTerms(
        instance_version=instance_version,
        group_version=group_version,
        instance_guidelines=list(guidelines_of(instance_version)) if instance_version else [],
        group_guidelines=list(guidelines_of(group_version)) if group_version else [],
    )


# A group can grow to thousands: its member list comes a page at a time (web and API).
MEMBERS_PER_PAGE = 50
