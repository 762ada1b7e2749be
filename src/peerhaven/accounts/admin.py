"""The organization's console for accounts, topics and profiles.

Accounts are created by signing up (or `peerhaven createsuperuser`), never here, and
passwords are only ever set by their owner. Deleting an account here erases it the same
way as when its owner deletes it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors, services
from peerhaven.accounts.models import Profile, Topic, User, display_name_normalize


class UserAdminForm(forms.ModelForm[User]):
    """Renaming someone here follows the same rules as renaming oneself: normalized, and
    refused when another account has the same name or a look-alike of it."""

    class Meta:
        model = User
        fields = ["display_name", "email", "role", "is_active"]  # UserAdmin.fieldsets rule

    def clean_display_name(self) -> str:
        name = display_name_normalize(self.cleaned_data["display_name"])
        if selectors.display_name_taken(name, exclude=self.instance):
            raise forms.ValidationError(
                _("That display name is already in use. Please choose another.")
            )
        return name


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    form = UserAdminForm
    list_display = ["display_name", "email", "role", "is_active", "date_joined", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["display_name", "email"]
    ordering = ["display_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["display_name", "email", "role", "is_active"]}),
        (
            _("Console access"),
            {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    filter_horizontal = ["groups", "user_permissions"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        obj.set_display_name(obj.display_name)  # keeps display_name_key in step
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.account_erase(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.account_erase(user=user)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a topic silently strips it from everyone's profile; deactivate it instead.
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["user", "time_zone", "country", "support_preference", "who_may_message"]
    list_filter = ["support_preference", "who_may_message", "country"]
    search_fields = ["user__display_name", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    filter_horizontal = ["topics", "content_filters"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Every account gets its profile at sign-up.
        return False
