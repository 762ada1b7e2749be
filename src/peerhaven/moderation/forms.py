"""Forms for the moderation pages. They parse input; services validate again and write.

A service's refusal carries the field it is about in `extra["field"]`; `show_error` puts
it next to that field, so nothing typed is lost and the error is tied to its input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from peerhaven.core.exceptions import DomainError
from peerhaven.core.widgets import LongSelect
from peerhaven.moderation import services
from peerhaven.moderation.models import Action

GUIDELINE_ERRORS = {
    "required": _("Choose the guideline at stake."),
    "invalid_choice": _("Choose one of the guidelines in force here."),
}

# The ladder as choices to make (the model's labels say what was done).
KIND_CHOICES = {
    Action.Kind.NO_ACTION: _("No action needed"),
    Action.Kind.NOTE: _("Send the author a private note"),
    Action.Kind.HIDE_PENDING_EDIT: _("Hide it until the author edits it"),
    Action.Kind.REMOVE: _("Remove it"),
    Action.Kind.MUTE: _("Mute the author in this group for a while"),
    Action.Kind.REMOVE_FROM_GROUP: _("Remove the author from the group"),
    Action.Kind.SUSPEND: _("Suspend the author from the site"),
    Action.Kind.APPROVE: _("Approve the edit: show the post again"),
}

# Actions that cannot be taken back by the author: the page asks once more.
DESTRUCTIVE = frozenset({Action.Kind.REMOVE, Action.Kind.REMOVE_FROM_GROUP, Action.Kind.SUSPEND})


def show_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal next to the field it names (or above the form)."""
    field = str((exc.extra or {}).get("field", ""))
    form.add_error(field if field in form.fields else None, str(exc.message))


def _guideline_field(choices: dict[str, str], *, label: Any, widget: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=list(choices.items()),
        widget=widget,
        error_messages=GUIDELINE_ERRORS,
    )


class ReportForm(forms.Form):
    """Which guideline the content goes against, and an optional note for moderators."""

    note = forms.CharField(
        label=_("Anything a moderator should know (optional)"),
        required=False,
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only moderators read this. Up to %(max)d characters. The person you report is "
            "never told who reported them."
        )
        % {"max": services.NOTE_MAX},
    )

    def __init__(self, *args: Any, guidelines: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guideline"] = _guideline_field(
            guidelines,
            label=_("Which guideline does it go against?"),
            widget=forms.RadioSelect,
        )
        self.order_fields(["guideline", "note"])


class CaseActionForm(forms.Form):
    """A moderator's decision: one step of the ladder, the guideline it cites, the reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required. The author reads this with the guideline, so write it for them: what "
            "in the content goes against the guideline."
        ),
        error_messages={"required": _("Give a reason: the author is told it.")},
    )
    mute_days = forms.IntegerField(
        label=_("Mute for how many days (only when muting)"),
        required=False,
        min_value=1,
        max_value=services.MUTE_DAYS_MAX,
        help_text=_("From 1 to %(max)d days. They can still read.")
        % {"max": services.MUTE_DAYS_MAX},
    )

    def __init__(
        self,
        *args: Any,
        kinds: Iterable[str],
        guidelines: dict[str, str],
        hidden_under: str = "",
        **kwargs: Any,
    ) -> None:
        """`hidden_under`: the guideline the post was hidden under, which approving its
        edit answers, so the moderator need not choose it again."""
        super().__init__(*args, **kwargs)
        kinds = list(kinds)
        self.hidden_under = hidden_under
        self.fields["kind"] = forms.ChoiceField(
            label=_("What to do"),
            choices=[(kind, KIND_CHOICES[Action.Kind(kind)]) for kind in kinds],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose what to do."),
                "invalid_choice": _("Choose an action from the list."),
            },
        )
        guideline_choices = [("", _("Choose a guideline")), *guidelines.items()]
        field = _guideline_field(guidelines, label=_("Guideline"), widget=forms.Select)
        field.choices = guideline_choices
        self.fields["guideline"] = field
        if Action.Kind.APPROVE in kinds and hidden_under:
            # Required for every other step: clean() says so.
            field.required = False
            field.help_text = _(
                "Not needed to approve the edit: the guideline it was hidden under is kept."
            )
            self.fields["reason"].help_text = _(
                "Required. The author reads this with the guideline, so write it for them: "
                "what in the content goes against the guideline or, when you approve the "
                "edit, what it put right."
            )
        self.order_fields(["kind", "guideline", "reason", "mute_days"])

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("kind") == Action.Kind.MUTE and not data.get("mute_days"):
            self.add_error("mute_days", _("Say for how many days to mute."))
        if not data.get("guideline") and "guideline" not in self.errors:
            if data.get("kind") == Action.Kind.APPROVE and self.hidden_under:
                data["guideline"] = self.hidden_under
            else:
                self.add_error(
                    "guideline",
                    forms.ValidationError(GUIDELINE_ERRORS["required"], code="required"),
                )
        return data

    @property
    def is_destructive(self) -> bool:
        return self.cleaned_data.get("kind") in DESTRUCTIVE

    def kind_label(self) -> str:
        """What the chosen step does, as a choice ("Remove it")."""
        return str(KIND_CHOICES[Action.Kind(self.cleaned_data["kind"])])

    def done_label(self) -> str:
        """What the chosen step did ("Removed")."""
        return str(Action.Kind(self.cleaned_data["kind"]).label)


class PendingDeclineForm(forms.Form):
    """Declining a held post cites a guideline and gives the author a reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. The author is told this with the guideline."),
        error_messages={"required": _("Give a reason: the author is told it.")},
    )

    def __init__(self, *args: Any, guidelines: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _guideline_field(guidelines, label=_("Guideline"), widget=forms.Select)
        field.choices = [("", _("Choose a guideline")), *guidelines.items()]
        self.fields["guideline"] = field
        self.order_fields(["guideline", "reason"])


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why you think this decision was wrong"),
        max_length=services.APPEAL_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A different moderator reads this and decides. You can appeal each decision "
            "once, and their decision is final. Up to %(max)d characters."
        )
        % {"max": services.APPEAL_MAX},
        error_messages={"required": _("Write why you are appealing.")},
    )
    action = forms.IntegerField(widget=forms.HiddenInput)


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("uphold", _("Uphold: the action stands")),
            ("overturn", _("Overturn: undo the action")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to uphold or overturn.")},
    )
    note = forms.CharField(
        label=_("Reason for your decision"),
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required. The member who appealed reads it; the decision is final."),
        error_messages={"required": _("Give a reason: the member is told it.")},
    )


class QueueFilterForm(forms.Form):
    # An admin's filter offers every group with a waiting case: rendered once, not per option.
    group = forms.ChoiceField(label=_("Group"), required=False, widget=LongSelect)

    def __init__(self, *args: Any, groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["group"])
        field.choices = [("", _("All my groups")), *groups]
        field.error_messages["invalid_choice"] = _("Choose one of the groups you moderate.")
