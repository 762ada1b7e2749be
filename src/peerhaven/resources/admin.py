"""The organization's console for the resource directory.

Organization admins add and correct entries here (see policies.can_edit_crisis_lines).
Every save goes through the model's checks: dialable numbers, a known country, a region
inside that country and at least one way to reach the line. A refused save changes
nothing already stored.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.selectors import language_choices, language_label
from peerhaven.resources import policies
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


class HttpsURLField(forms.URLField):
    """A web address typed without a scheme is taken as https://."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class CrisisLineAdminForm(forms.ModelForm[CrisisLine]):
    # The profile's list of languages, so a member's languages and a line's can match.
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        widget=FilteredSelectMultiple(_("languages"), is_stacked=False),
        help_text=_("The languages someone can be helped in."),
    )

    class Meta:
        model = CrisisLine
        fields = [
            "name",
            "slug",
            "country",
            "subdivision",
            "kind",
            "description",
            "is_active",
            "phone",
            "sms_number",
            "sms_keyword",
            "chat_url",
            "hours",
            "languages",
            "topics",
            "source_url",
            "last_verified",
            "legacy_languages",
            "legacy_topics",
        ]
        field_classes = {"chat_url": HttpsURLField, "source_url": HttpsURLField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Option labels are plain text: the profile's list marks names up for screen readers.
        known = [(code, strip_tags(label)) for code, label in language_choices()]
        codes = {code for code, _label in known}
        # A stored code missing from the list (a regional variant) stays choosable.
        stored = [c for c in self.initial.get("languages") or [] if isinstance(c, str)]
        extra = [(code, language_label(code)) for code in stored if code not in codes]
        field = cast(forms.MultipleChoiceField, self.fields["languages"])
        field.choices = known + extra

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country", "")).strip().upper()

    def clean_subdivision(self) -> str:
        return str(self.cleaned_data.get("subdivision", "")).strip().upper()


@admin.register(CrisisLine)
class CrisisLineAdmin(admin.ModelAdmin[CrisisLine]):
    form = CrisisLineAdminForm
    list_display = [
        "name",
        "country",
        "subdivision",
        "kind",
        "phone",
        "sms_number",
        "last_verified",
        "is_current",
        "is_active",
    ]
    list_filter = [VerificationFilter, "is_active", "kind", "country"]
    search_fields = ["name", "slug", "country", "subdivision", "phone", "sms_number"]
    prepopulated_fields = {"slug": ["country", "name"]}
    ordering = ["country", "subdivision", "name"]
    filter_horizontal = ["topics"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "country",
                    "subdivision",
                    "kind",
                    "description",
                    "is_active",
                ]
            },
        ),
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
    legacy_fieldset: tuple[Any, Any] = (
        _("Old free text to review"),
        {
            "fields": ["legacy_languages", "legacy_topics"],
            "description": _(
                "Languages and topics used to be free text. These words could not be matched "
                "to the lists above: choose the right languages and topics, then clear them."
            ),
        },
    )

    def get_fieldsets(self, request: HttpRequest, obj: CrisisLine | None = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and (obj.legacy_languages or obj.legacy_topics):
            fieldsets.append(self.legacy_fieldset)
        return fieldsets

    @admin.display(boolean=True, description=_("checked within a year"))
    def is_current(self, obj: CrisisLine) -> bool:
        return not obj.needs_reverification

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.can_edit_crisis_lines(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_edit_crisis_lines(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policies.can_edit_crisis_lines(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_edit_crisis_lines(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Prefer unticking "shown on the page": a deleted entry leaves no record.
        return policies.can_edit_crisis_lines(request.user)
