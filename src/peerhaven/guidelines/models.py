"""Guidelines as versioned data.

A RuleSet is either the instance's guideline set (exactly one) or one group's own rules.
Each RuleSet has numbered versions; a published version never changes. A version published
as MATERIAL (or the first one) must be agreed to again before a member takes part.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    class Scope(models.TextChoices):
        INSTANCE = "instance", _("Community guidelines")
        GROUP = "group", _("Group rules")

    scope = models.CharField(max_length=10, choices=Scope.choices)
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One instance guideline set; any number of group rule sets.
            models.UniqueConstraint(
                fields=["scope"], condition=Q(scope="instance"), name="one_instance_rule_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RuleSetVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Change(models.TextChoices):
        INITIAL = "initial", _("First version")
        MINOR = "minor", _("Minor: members are told")
        MATERIAL = "material", _("Material: members agree again")

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    change = models.CharField(max_length=10, choices=Change.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rule_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "number"], name="unique_version_number"),
            models.UniqueConstraint(
                fields=["rule_set"], condition=Q(status="draft"), name="one_draft_per_rule_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def needs_agreement(self) -> bool:
        return self.change in (self.Change.INITIAL, self.Change.MATERIAL)


class Guideline(models.Model):
    """One guideline inside a version. Other features cite it by its stable `key`."""

    version = models.ForeignKey(RuleSetVersion, on_delete=models.CASCADE, related_name="guidelines")
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=120)
    text = models.TextField(max_length=2000)
    examples = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_guideline_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"
