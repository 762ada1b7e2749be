"""Admin for guideline sets. Published versions are read-only here too: members agreed to
them. Publishing happens in the app (it notifies members); the admin never publishes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion

_VERSION_FIELDS = (
    "rule_set",
    "number",
    "status",
    "change",
    "note",
    "created_by",
    "created_at",
    "published_by",
    "published_at",
)


def _is_published(obj: Any) -> bool:
    return isinstance(obj, RuleSetVersion) and obj.is_published


class RuleSetVersionInline(admin.TabularInline[RuleSetVersion, RuleSet]):
    model = RuleSetVersion
    fields = ("number", "status", "change", "note", "published_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin[RuleSet]):
    list_display = ("name", "scope", "created_at")
    list_filter = ("scope",)
    readonly_fields = ("scope", "created_at")
    inlines = [RuleSetVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The instance set comes from a migration; a group's set comes with its group.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GuidelineInline(admin.StackedInline[Guideline, RuleSetVersion]):
    model = Guideline
    fields = ("position", "key", "title", "text", "examples")
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_delete_permission(request, obj)


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(admin.ModelAdmin[RuleSetVersion]):
    list_display = ("rule_set", "number", "status", "change", "published_at")
    list_filter = ("status", "change", "rule_set__scope")
    readonly_fields = _VERSION_FIELDS
    fields = _VERSION_FIELDS
    inlines = [GuidelineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if _is_published(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A published version may be cited by agreements; a draft can be discarded.
        if obj is None or _is_published(obj):
            return False
        return super().has_delete_permission(request, obj)
