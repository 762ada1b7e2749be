"""Findings: places where a text strays from the community guidelines, with a kinder rewrite.

    find_all(text, mode="reply", context=Context(support_preference="just_listen"))

runs one rule module per kind (advice, blame, judgment, diagnosis, pressure, personal_info)
over the original text and returns findings sorted by start. Two findings of the same kind
never overlap; findings of different kinds may (in "you should just get over it" the advice
covers the whole clause and the judgment "just get over it"). After a rewrite is applied the
text should be analysed again, since later offsets move.

Each module keeps its patterns in a per-locale table (LEXICONS or RULES keyed by language);
English is the only locale so far, and find_all returns nothing for a locale without rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from peerhaven.coach.findings import (
    advice,
    blame,
    diagnosis,
    judgment,
    personal_info,
    pressure,
)
from peerhaven.coach.findings._base import TextScan, without_overlaps
from peerhaven.coach.types import Context, Finding

Finder = Callable[..., list[Finding]]

# Kind → rule module, in the order they run.
FINDERS: dict[str, Finder] = {
    advice.KIND: advice.find,
    blame.KIND: blame.find,
    judgment.KIND: judgment.find,
    diagnosis.KIND: diagnosis.find,
    pressure.KIND: pressure.find,
    personal_info.KIND: personal_info.find,
}
LOCALES = frozenset({"en"})

# A more specific kind that covers the same words as a piece of advice replaces it:
# "you should stop taking your meds" is a medical direction, "you have to tell us what
# happened" is pressure, "Stop being so dramatic" is judgment.
_REPLACES_ADVICE = frozenset({pressure.KIND, diagnosis.KIND})
_REPLACES_ADVICE_AT_START = frozenset({judgment.KIND, blame.KIND})


def find_all(
    text: str, *, mode: str, context: Context | None = None, locale: str = "en"
) -> list[Finding]:
    """All findings in text, sorted by start (then end, then kind)."""
    if not isinstance(text, str) or not text or locale not in LOCALES:
        return []
    ctx = context if context is not None else Context()
    scan = TextScan(text)
    by_kind: dict[str, list[Finding]] = {}
    for kind, find in FINDERS.items():
        found = find(scan, mode=mode, context=ctx, locale=locale)
        if found:
            by_kind[kind] = without_overlaps(found)
    if advice.KIND in by_kind:
        by_kind[advice.KIND] = [
            f for f in _settle_advice(by_kind, ctx, locale) if not _is_safety_sentence(scan, f)
        ]
    findings = [f for found in by_kind.values() for f in found]
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    return findings


# Urging someone to stay safe or reach a crisis line is always welcome, asked for or not.
_SAFETY = re.compile(
    r"\b(?:(?:don'?t|do not|never|please don'?t) (?:\w+ )?(?:hurt|harm|kill) yourself|stay safe|"
    r"keep (?:yourself )?safe|crisis (?:line|text line|team|centre|center)|help ?line|hotline|"
    r"lifeline|samaritans|emergency (?:services|room|number|department)|a&e|988|911|999|112|"
    r"116 ?123)\b",
    re.IGNORECASE,
)


def _is_safety_sentence(scan: TextScan, finding: Finding) -> bool:
    sentence = scan.text[scan.sentence_start(finding.start) : scan.sentence_end(finding.start)]
    return _SAFETY.search(sentence) is not None


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _settle_advice(
    by_kind: dict[str, list[Finding]], context: Context, locale: str
) -> list[Finding]:
    others = [f for kind, found in by_kind.items() if kind != advice.KIND for f in found]
    kept: list[Finding] = []
    for f in by_kind[advice.KIND]:
        overlapping = [o for o in others if _overlaps(f, o)]
        if any(o.kind in _REPLACES_ADVICE for o in overlapping):
            continue
        if any(o.kind in _REPLACES_ADVICE_AT_START and o.start <= f.start for o in overlapping):
            continue
        if any(o.kind != personal_info.KIND for o in overlapping):
            # Retelling "just get over it" as experience would keep the judgment; offer an
            # opener instead.
            f = Finding(
                kind=f.kind,
                guideline=f.guideline,
                start=f.start,
                end=f.end,
                message=f.message,
                suggestion=_case_like(advice.fallback(context, locale), f.suggestion),
            )
        kept.append(f)
    return kept


def _case_like(text: str, model: str | None) -> str:
    if model and model[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


__all__ = ["FINDERS", "LOCALES", "find_all"]
