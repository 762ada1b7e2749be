"""The organization's console for groups, requests, invites and agreements.

Agreements are a record of what someone agreed to: they can be read here, never changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest, Membership


class MembershipInline(admin.TabularInline[Membership, Group]):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


class FacilitatorFilter(admin.SimpleListFilter):
    """Finds groups left without a facilitator, e.g. when the only one deleted their account."""

    title = _("facilitators")
    parameter_name = "facilitators"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("none", _("None"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "none":
            return queryset.exclude(memberships__role=Membership.Role.FACILITATOR)
        return queryset


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin[Group]):
    list_display = ["name", "slug", "format", "listing", "join_policy", "place_name", "created_at"]
    list_filter = [FacilitatorFilter, "format", "listing", "join_policy"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["rules", "created_by", "created_at", "latitude", "longitude", "country"]
    filter_horizontal = ["topics"]
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Groups are started on the site, which also creates their rule set and facilitator.
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin[JoinRequest]):
    list_display = ["group", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["group__name", "user__display_name"]
    readonly_fields = ["group", "user", "answers", "created_at", "decided_by", "decided_at"]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin[Invite]):
    list_display = ["group", "created_by", "created_at", "expires_at", "revoked_at", "uses"]
    search_fields = ["group__name"]
    readonly_fields = ["group", "token", "created_by", "created_at", "uses"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ["user", "group", "instance_version", "group_version", "agreed_at", "via"]
    list_filter = ["via"]
    search_fields = ["user__display_name", "group__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
