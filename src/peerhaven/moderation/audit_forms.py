"""The audit log's filters (verb, group, date range), shared by its page and its exports.

The filters only narrow what `selectors.audit_log` already allows: the log itself stays
admins-only whatever is asked for.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.moderation.models import Action, AuditEntry

# Verbs written by moderation/services.py (and by the export itself). A family ends with a
# dot and matches every verb that starts with it.
OTHER_VERBS = [
    ("case.resubmitted", _("Case: the author edited and resubmitted")),
    ("appeal.created", _("Appeal: made by the author")),
    ("appeal.upheld", _("Appeal: the action stands")),
    ("appeal.overturned", _("Appeal: the action was undone")),
    ("post.approved", _("Held post: approved")),
    ("post.declined", _("Held post: declined")),
    ("audit.exported", _("Audit log: exported")),
]
FAMILIES = [
    ("case.", _("All case decisions")),
    ("appeal.", _("All appeals")),
    ("post.", _("All held posts")),
]


def verb_choices() -> list[tuple[str, Any]]:
    case_verbs = [
        (f"case.{value}", _("Case: %(action)s") % {"action": label})
        for value, label in Action.Kind.choices
    ]
    return [("", _("Any")), *FAMILIES, *case_verbs, *OTHER_VERBS]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditFilterForm(forms.Form):
    # A free value (not a ChoiceField), so verbs written by other parts of the site later
    # can be filtered by a link too; the page offers the known ones.
    verb = forms.CharField(
        label=_("What"), required=False, max_length=40, widget=forms.Select(choices=[])
    )
    group = forms.SlugField(label=_("Group (its address name)"), required=False, max_length=80)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["verb"].widget
        assert isinstance(widget, forms.Select)  # noqa: S101
        widget.choices = verb_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return cleaned

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """Narrow a valid form's entries; call after is_valid()."""
        data = self.cleaned_data
        verb = data.get("verb") or ""
        if verb.endswith("."):
            entries = entries.filter(verb__startswith=verb)
        elif verb:
            entries = entries.filter(verb=verb)
        if data.get("group"):
            entries = entries.filter(group_slug=data["group"])
        if data.get("date_from"):
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            entries = entries.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return entries

    def summary(self) -> str:
        """The filters in force, for the export's own audit entry."""
        parts = [f"{key}={value}" for key, value in self.cleaned_data.items() if value]
        return ", ".join(parts) or "no filters"
