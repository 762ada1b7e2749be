"""The form for adding duty hours. It parses input; duty_services validates again and writes.

Its choices already follow the rules (groups the person facilitates; fallback and the list
of admins only for admins), so most refusals show as a plain "choose from the list".
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import Role, User
from peerhaven.core.widgets import LongSelect
from peerhaven.groups.models import Group
from peerhaven.safety import duty, duty_policies
from peerhaven.safety.models import DutyWindow


class ResponderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class DutyWindowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("On duty for"),
        widget=forms.RadioSelect,
        choices=DutyWindow.Kind.choices,
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("Choose a group"),
        help_text=_("For group duty: the groups you facilitate."),
    )
    user = ResponderChoiceField(
        label=_("Fallback responder"),
        queryset=User.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("For fallback duty: an organization admin (you, or another admin)."),
    )
    weekday = forms.TypedChoiceField(label=_("Day"), choices=DutyWindow.Weekday.choices, coerce=int)
    starts = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_(
            "An end at or before the start runs past midnight into the next day. "
            "00:00 to 00:00 is the whole day."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        widget=LongSelect,
        help_text=_("The times are kept on this clock, through summer time changes too."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        profile = getattr(actor, "profile", None)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("time_zone", profile.time_zone if profile else "UTC")
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.is_admin = duty_policies.can_add_fallback_window(actor)
        groups = list(duty.groups_facilitated_by(user=actor))
        kinds = []
        if groups:
            kinds.append((DutyWindow.Kind.GROUP, DutyWindow.Kind.GROUP.label))
            self.group_field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
            self.group_field.choices = [("", self.group_field.empty_label)] + [
                (g.pk, g.name) for g in groups
            ]
        else:
            del self.fields["group"]
        if self.is_admin:
            kinds.append((DutyWindow.Kind.FALLBACK, DutyWindow.Kind.FALLBACK.label))
            self.user_field.queryset = User.objects.filter(
                role=Role.ADMIN, is_active=True
            ).order_by("display_name", "pk")
            self.initial.setdefault("user", actor.pk)
        else:
            del self.fields["user"]
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        if kinds:
            self.initial.setdefault("kind", kinds[0][0])
        cast(
            forms.ChoiceField, self.fields["time_zone"]
        ).choices = account_selectors.time_zone_choices

    @property
    def group_field(self) -> forms.ModelChoiceField:  # type: ignore[type-arg]
        return cast(forms.ModelChoiceField, self.fields["group"])  # type: ignore[type-arg]

    @property
    def user_field(self) -> forms.ModelChoiceField:  # type: ignore[type-arg]
        return cast(forms.ModelChoiceField, self.fields["user"])  # type: ignore[type-arg]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == DutyWindow.Kind.GROUP:
            if not data.get("group") and "group" in self.fields and "group" not in self.errors:
                self.add_error("group", _("Choose the group you will be on duty for."))
            data["user"] = self.actor
        elif kind == DutyWindow.Kind.FALLBACK:
            data["group"] = None
            data.setdefault("user", None)
            if data.get("user") is None and "user" in self.fields and "user" not in self.errors:
                self.add_error("user", _("Choose the fallback responder."))
        return data

    def add_service_error(self, exc: ValidationError) -> None:
        """Show a service's field errors next to their fields (or above the form)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, messages in exc.message_dict.items():
            name = field if field in self.fields else None
            if field == NON_FIELD_ERRORS:
                name = None
            self.add_error(name, messages)
