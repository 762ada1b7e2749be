from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.resources.models import REVERIFY_AFTER, CrisisLine


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("stale", _("Needs re-checking")), ("current", _("Checked within a year"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cutoff = timezone.localdate() - REVERIFY_AFTER
        if self.value() == "stale":
            return queryset.filter(last_verified__lt=cutoff)
        if self.value() == "current":
            return queryset.filter(last_verified__gte=cutoff)
        return queryset


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin[CrisisLine]):
    list_display = [
        "name",
        "country",
        "kind",
        "phone",
        "sms_number",
        "last_verified",
        "is_current",
        "is_active",
    ]
    list_filter = [VerificationFilter, "is_active", "kind", "country"]
    search_fields = ["name", "slug", "country", "phone", "sms_number", "topics"]
    prepopulated_fields = {"slug": ["country", "name"]}
    ordering = ["country", "name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "kind", "description", "is_active"]}),
        (
            _("How to reach it"),
            {"fields": ["phone", "sms_number", "sms_keyword", "chat_url", "hours", "languages"]},
        ),
        (_("Topics"), {"fields": ["topics"]}),
        (
            _("Verification"),
            {
                "fields": ["source_url", "last_verified"],
                "description": _(
                    "Check every detail against the official page before saving, and set "
                    "the date you checked. Entries not checked for a year are flagged."
                ),
            },
        ),
    ]

    @admin.display(boolean=True, description=_("checked within a year"))
    def is_current(self, obj: CrisisLine) -> bool:
        return not obj.needs_reverification
