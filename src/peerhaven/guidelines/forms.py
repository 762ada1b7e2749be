"""Forms of the guideline editor. The rules themselves live in services; these only
parse the page's input and show the services' messages next to the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerhaven.guidelines import services
from peerhaven.guidelines.models import Guideline, RuleSetVersion


class GuidelineForm(forms.Form):
    key = forms.CharField(
        label=_("Key"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.KEY_MAX}),
        help_text=_(
            "A short, stable name other pages use to cite this guideline, such as "
            "active-listening. Once published it cannot change."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_MAX}),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.TEXT_MAX}),
        help_text=_("What the guideline asks of people, in a few plain sentences."),
    )
    examples = forms.CharField(
        label=_("Examples"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it looks like in practice. One example per line."),
    )

    def __init__(
        self,
        *args: Any,
        version: RuleSetVersion,
        guideline: Guideline | None = None,
        key_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        if guideline is not None:
            kwargs.setdefault(
                "initial",
                {
                    "key": guideline.key,
                    "title": guideline.title,
                    "text": guideline.text,
                    "examples": "\n".join(guideline.examples),
                },
            )
            kwargs.setdefault("prefix", f"g{guideline.pk}")
        super().__init__(*args, **kwargs)
        self.version = version
        self.guideline = guideline
        self.key_locked = key_locked
        if key_locked:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("This key has been published and cannot change.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["examples"] = (data.get("examples") or "").splitlines()
        errors = services.guideline_input_errors(
            version=self.version,
            key=(data.get("key") or "").strip(),
            title=data.get("title") or "",
            text=data.get("text") or "",
            examples=data["examples"],
            guideline=self.guideline,
        )
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name, message)
        return data


class PublishForm(forms.Form):
    change = forms.ChoiceField(
        label=_("What kind of change is this?"),
        choices=[
            (
                RuleSetVersion.Change.MINOR,
                _(
                    "Minor: wording, spelling or clarity. Members are told what changed "
                    "and can carry on as before."
                ),
            ),
            (
                RuleSetVersion.Change.MATERIAL,
                _(
                    "Material: what is expected of people changes. Members must read and "
                    "agree again before they post, chat, RSVP or see meeting details. "
                    "Reading stays open to them."
                ),
            ),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note to members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.NOTE_MAX}),
        help_text=_("Say what changed and why. Members see this note in the version history."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = services.publish_input_errors(
            change=data.get("change") or "", note=data.get("note") or ""
        )
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name, message)
        return data
