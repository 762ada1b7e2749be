"""Forms of the mediated conversation pages. They parse input; the services in
moderation/mediation.py validate again and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.models import User
from peerhaven.groups.models import Group
from peerhaven.moderation import mediation
from peerhaven.moderation.mediation import InvalidMediation


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class MediationOpenForm(forms.Form):
    """Two members of the group (never the facilitator opening it), a title and a note."""

    first_member = MemberChoiceField(
        label=_("First member"),
        queryset=User.objects.none(),
        empty_label=_("Choose a member"),
        error_messages={
            "required": _("Choose a member."),
            "invalid_choice": _("Choose a member of this group."),
        },
    )
    second_member = MemberChoiceField(
        label=_("Second member"),
        queryset=User.objects.none(),
        empty_label=_("Choose a member"),
        error_messages={
            "required": _("Choose a member."),
            "invalid_choice": _("Choose a member of this group."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=mediation.TITLE_MAX,
        help_text=_("Both members see it. Keep it neutral."),
    )
    opening_note = forms.CharField(
        label=_("Opening note"),
        max_length=mediation.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The first message of the conversation: why you are bringing the two of them "
            "together and how it will go."
        ),
    )

    def __init__(self, *args: Any, group: Group, facilitator: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = (
            User.objects.filter(memberships__group=group, is_active=True)
            .exclude(pk=facilitator.pk)
            .order_by("display_name", "pk")
        )
        for name in ("first_member", "second_member"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.queryset = members

    def add_service_error(self, exc: InvalidMediation) -> None:
        field = str((exc.extra or {}).get("field", ""))
        if field == "members":
            field = "second_member"
        self.add_error(field if field in self.fields else None, str(exc.message))


class MediationCloseForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note"),
        max_length=mediation.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Both members are told, with this note: how it ended, or what comes next."),
        error_messages={"required": _("Write a closing note before closing.")},
    )

    def add_service_error(self, exc: InvalidMediation) -> None:
        field = str((exc.extra or {}).get("field", ""))
        self.add_error("note" if field == "note" else None, str(exc.message))
