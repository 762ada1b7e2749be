"""Counts of coach hints for the organization: per day and kind, how many drafts showed one
and in how many the writer took it. Read-only; there is no text to see."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peerhaven.nudges.models import NudgeCount


@admin.register(NudgeCount)
class NudgeCountAdmin(admin.ModelAdmin[NudgeCount]):
    list_display = ["day", "kind", "shown", "accepted", "taken_share"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    readonly_fields = ["day", "kind", "shown", "accepted"]

    @admin.display(description=_("taken"))
    def taken_share(self, count: NudgeCount) -> str:
        if not count.shown:
            return "–"
        return f"{round(100 * count.accepted / count.shown)}%"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: NudgeCount | None = None) -> bool:
        return False
