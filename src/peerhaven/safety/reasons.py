"""Plain words for why an alert was raised (the screen's reason codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

REASON_LABELS = {
    "suicidal_thoughts": gettext_lazy("Suicidal thoughts"),
    "plan_or_means": gettext_lazy("A plan or the means"),
    "self_harm": gettext_lazy("Self-harm"),
    "harm_to_others": gettext_lazy("Harm to others"),
    "abuse": gettext_lazy("Abuse"),
    "goodbye": gettext_lazy("Saying goodbye"),
    "screening_failed": gettext_lazy("The message could not be screened"),
    "help_request": gettext_lazy("Asked for help"),
}


def reason_label(reason: str) -> str:
    return str(REASON_LABELS.get(reason, reason.replace("_", " ").capitalize()))
