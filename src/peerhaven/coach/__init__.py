"""The communication coach and crisis-risk screening. Pure Python: no Django imports.

    analyze(text, mode="reply", locale="en", context={"support_preference": "just_listen"})

returns an Analysis: findings (each tied to a community guideline by key, with offsets into
the original text, a kind message and a suggested rewrite where one helps) and a risk
screen (level none / concern / urgent, a score and the reasons). Django code calls this;
this package never calls Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peerhaven.coach.findings import find_all
from peerhaven.coach.risk import screen_risk
from peerhaven.coach.types import (
    GUIDELINE_OF_KIND,
    KINDS,
    Analysis,
    Context,
    Finding,
    Mode,
    Risk,
)

# Longer texts get a clear error rather than a slow answer; messages are far shorter.
MAX_CHARS = 20_000
MODES = ("post", "reply")
# Locales with findings; risk screening falls back to a keyword list for others.
FINDINGS_LOCALES = frozenset({"en"})


class TextTooLong(ValueError):
    pass


def normalize_locale(locale: str | None) -> str:
    """'en-GB', 'en_gb' → 'en'. Empty means English."""
    if not locale:
        return "en"
    return locale.replace("_", "-").split("-")[0].strip().lower() or "en"


def analyze(
    text: str,
    *,
    mode: Mode | str = "post",
    locale: str | None = "en",
    context: Context | Mapping[str, Any] | None = None,
) -> Analysis:
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if len(text) > MAX_CHARS:
        raise TextTooLong(f"text is longer than {MAX_CHARS} characters")
    if mode not in MODES:
        raise ValueError("mode must be 'post' or 'reply'")
    ctx = Context.from_value(context)
    language = normalize_locale(locale)
    risk = screen_risk(text, locale=language)
    if language not in FINDINGS_LOCALES:
        return Analysis(risk=risk, findings=(), locale=language, findings_supported=False)
    findings = find_all(text, mode=str(mode), context=ctx)
    return Analysis(risk=risk, findings=tuple(findings), locale=language)


__all__ = [
    "GUIDELINE_OF_KIND",
    "KINDS",
    "MAX_CHARS",
    "Analysis",
    "Context",
    "Finding",
    "Risk",
    "TextTooLong",
    "analyze",
    "normalize_locale",
]
