"""Reads of guideline sets and their versions."""

from __future__ import annotations

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.guidelines.exceptions import DraftNotFound
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion

_AGREEMENT_CHANGES = (RuleSetVersion.Change.INITIAL, RuleSetVersion.Change.MATERIAL)


def instance_rule_set() -> RuleSet:
    """The instance's guideline set (seeded by migration, so it always exists)."""
    return RuleSet.objects.get(scope=RuleSet.Scope.INSTANCE)


def rule_set_get(rule_set_id: int) -> RuleSet | None:
    return RuleSet.objects.filter(pk=rule_set_id).first()


def published_versions(rule_set: RuleSet) -> QuerySet[RuleSetVersion]:
    return rule_set.versions.filter(status=RuleSetVersion.Status.PUBLISHED).order_by("-number")


def current_version(rule_set: RuleSet) -> RuleSetVersion | None:
    """The newest published version, or None when nothing is published yet."""
    return published_versions(rule_set).first()


def required_version(rule_set: RuleSet) -> RuleSetVersion | None:
    """The newest version members must have agreed to (the first or a material one)."""
    return published_versions(rule_set).filter(change__in=_AGREEMENT_CHANGES).first()


def required_version_numbers(rule_set_ids: set[int]) -> dict[int, int]:
    """For many rule sets at once: the number of each one's required version (sets with
    none published are left out)."""
    rows = (
        RuleSetVersion.objects.filter(
            rule_set_id__in=rule_set_ids,
            status=RuleSetVersion.Status.PUBLISHED,
            change__in=_AGREEMENT_CHANGES,
        )
        .values("rule_set_id")
        .annotate(number=Max("number"))
        .values_list("rule_set_id", "number")
    )
    return dict(rows)


def published_version_get(rule_set: RuleSet, number: int) -> RuleSetVersion | None:
    """A published version by number; drafts are never returned."""
    return published_versions(rule_set).filter(number=number).first()


def draft_of(rule_set: RuleSet) -> RuleSetVersion | None:
    return rule_set.versions.filter(status=RuleSetVersion.Status.DRAFT).first()


def draft_get(rule_set: RuleSet) -> RuleSetVersion:
    """The set's draft, or DraftNotFound."""
    draft = draft_of(rule_set)
    if draft is None:
        raise DraftNotFound(_("There is no draft of these guidelines. Start one first."))
    return draft


def guidelines_of(version: RuleSetVersion) -> QuerySet[Guideline]:
    return version.guidelines.order_by("position", "key")


def published_keys(rule_set: RuleSet) -> set[str]:
    """Keys that have appeared in a published version: these can no longer be renamed."""
    return set(
        Guideline.objects.filter(
            version__rule_set=rule_set, version__status=RuleSetVersion.Status.PUBLISHED
        )
        .values_list("key", flat=True)
        .distinct()
    )


def rule_set_members(rule_set: RuleSet) -> QuerySet[User]:
    """Who is affected by a change: every active account for the community guidelines,
    the group's members for a group's rules."""
    users = User.objects.filter(is_active=True)
    if rule_set.scope == RuleSet.Scope.GROUP:
        users = users.filter(memberships__group__rules=rule_set).distinct()
    return users.order_by("pk")
