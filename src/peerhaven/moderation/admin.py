"""The organization's console for the audit log: read only.

No one adds, changes or deletes an entry here (the model and, on PostgreSQL, the database
refuse it anyway); the console only lists, filters and searches.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peerhaven.moderation.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor_name", "verb", "target", "group_slug", "guideline_key"]
    list_filter = ["verb", "group_slug", "at"]
    search_fields = ["actor_name", "target", "reason", "group_slug", "guideline_key"]
    date_hierarchy = "at"
    ordering = ["-at", "-pk"]
    list_per_page = 50
    readonly_fields = [
        "at",
        "actor_id",
        "actor_name",
        "verb",
        "target",
        "group_slug",
        "guideline_key",
        "reason",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
