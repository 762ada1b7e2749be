"""The safety plan form: all seven sections, each with its prompt as help text.

It checks the same limits as the service, so someone's writing comes back to them with a
note instead of being lost to an error page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerhaven.safety.models import SafetyPlan
from peerhaven.safety.plan_sections import PROMPTS, SECTION_MAX, section_title


class SectionField(forms.CharField):
    """A section's text, with browser line breaks (\\r\\n) counted as one character."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return str(text).replace("\r\n", "\n").replace("\r", "\n")


class SafetyPlanForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SafetyPlan.SECTIONS:
            self.fields[name] = SectionField(
                label=section_title(name),
                help_text=PROMPTS[name],
                required=False,
                max_length=SECTION_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": _(
                        "Keep this section to %(limit_value)d characters or fewer; "
                        "it has %(show_value)d."
                    ),
                },
            )

    @classmethod
    def initial_for(cls, plan: SafetyPlan | None) -> dict[str, str]:
        if plan is None:
            return {}
        return {name: getattr(plan, name) for name in SafetyPlan.SECTIONS}
