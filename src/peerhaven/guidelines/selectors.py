"""Reads of guideline sets and their versions."""

from __future__ import annotations

from django.db.models import QuerySet

from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion

_AGREEMENT_CHANGES = (RuleSetVersion.Change.INITIAL, RuleSetVersion.Change.MATERIAL)


def instance_rule_set() -> RuleSet:
    """The instance's guideline set (seeded by migration, so it always exists)."""
    return RuleSet.objects.get(scope=RuleSet.Scope.INSTANCE)


def published_versions(rule_set: RuleSet) -> QuerySet[RuleSetVersion]:
    return rule_set.versions.filter(status=RuleSetVersion.Status.PUBLISHED).order_by("-number")


def current_version(rule_set: RuleSet) -> RuleSetVersion | None:
    """The newest published version, or None when nothing is published yet."""
    return published_versions(rule_set).first()


def required_version(rule_set: RuleSet) -> RuleSetVersion | None:
    """The newest version members must have agreed to (the first or a material one)."""
    return published_versions(rule_set).filter(change__in=_AGREEMENT_CHANGES).first()


def guidelines_of(version: RuleSetVersion) -> QuerySet[Guideline]:
    return version.guidelines.order_by("position", "key")
