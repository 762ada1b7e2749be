"""The hand-written hard cases (tests/data/coach_hard_cases.jsonl): a well-formed set of at
least 300 lines, and regression guards computed from it on every run. The floors below are
the figures docs/coach.md promises; the measured values are in that page's tables."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from peerhaven.coach import KINDS, analyze
from peerhaven.coach.risk import screen_risk
from peerhaven.coach.types import SUPPORT_PREFERENCES, Context

HARD_CASES = Path(__file__).resolve().parent.parent / "data" / "coach_hard_cases.jsonl"

# Promised in docs/coach.md ("Where the thresholds sit").
URGENT_RECALL_FLOOR = 0.90  # clearly urgent lines screened urgent
URGENT_FLAGGED_FLOOR = 0.95  # clearly urgent lines screened at least concern
NONE_FLAGGED_CEILING = 0.03  # lines that should raise nothing, flagged at all
NONE_URGENT_CEILING = 0.01  # lines that should raise nothing, screened urgent


def load() -> list[dict[str, Any]]:
    with open(HARD_CASES, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


CASES = load()


def test_the_set_holds_at_least_300_well_formed_lines():
    assert len(CASES) >= 300
    allowed = {"text", "mode", "context", "locale", "expect_risk", "expect_kinds", "tag"}
    for case in CASES:
        assert set(case) <= allowed, case
        assert isinstance(case["text"], str) and case["text"].strip()
        assert case["mode"] in ("post", "reply")
        assert case["expect_risk"] in ("none", "concern", "urgent")
        assert set(case["expect_kinds"]) <= set(KINDS), case
        if "context" in case:
            assert Context.from_value(case["context"]).support_preference in SUPPORT_PREFERENCES


def test_no_line_appears_twice_with_the_same_context():
    keys = Counter((c["text"], json.dumps(c.get("context"), sort_keys=True)) for c in CASES)
    assert [key for key, n in keys.items() if n > 1] == []


def test_the_set_covers_every_hard_case_family():
    tags = Counter(case.get("tag") for case in CASES)
    for tag in (
        "urgent",
        "concern",
        "idiom",
        "negation",
        "lyrics",
        "third_person",
        "past",
        "supportive",
        "advice_welcome",
        "personal_info",
        "judgment",
        "blame",
        "diagnosis",
        "pressure",
        "fallback",
    ):
        assert tags[tag] >= 5, tag
    kinds = Counter(kind for case in CASES for kind in case["expect_kinds"])
    assert all(kinds[kind] >= 10 for kind in KINDS), kinds


def screened(case: dict[str, Any]) -> str:
    return screen_risk(case["text"], locale=case.get("locale", "en")).level


def test_recall_of_urgent_on_the_clearly_urgent_lines_stays_above_the_floor():
    urgent = [case for case in CASES if case["expect_risk"] == "urgent"]
    levels = [screened(case) for case in urgent]
    recall = levels.count("urgent") / len(urgent)
    flagged = (levels.count("urgent") + levels.count("concern")) / len(urgent)
    missed = [c["text"] for c, lv in zip(urgent, levels, strict=True) if lv != "urgent"]
    assert recall >= URGENT_RECALL_FLOOR, missed
    assert flagged >= URGENT_FLAGGED_FLOOR, missed


def test_false_alarms_on_lines_that_should_raise_nothing_stay_under_the_ceiling():
    quiet = [case for case in CASES if case["expect_risk"] == "none"]
    levels = [screened(case) for case in quiet]
    flagged = [c["text"] for c, lv in zip(quiet, levels, strict=True) if lv != "none"]
    urgent = [c["text"] for c, lv in zip(quiet, levels, strict=True) if lv == "urgent"]
    assert len(flagged) / len(quiet) <= NONE_FLAGGED_CEILING, flagged
    assert len(urgent) / len(quiet) <= NONE_URGENT_CEILING, urgent


@pytest.mark.parametrize("tag", ["idiom", "negation", "lyrics", "supportive"])
def test_no_idiom_negation_lyric_or_supportive_line_is_urgent(tag):
    lines = [case for case in CASES if case.get("tag") == tag and case["expect_risk"] == "none"]
    assert lines
    assert [c["text"] for c in lines if screened(c) == "urgent"] == []


def test_advice_that_was_asked_for_is_never_unsolicited():
    welcome = [
        case
        for case in CASES
        if (case.get("context") or {}).get("support_preference") == "advice_welcome"
    ]
    assert len(welcome) >= 10
    for case in welcome:
        analysis = analyze(case["text"], mode=case["mode"], context=case["context"])
        assert "unsolicited_advice" not in {f.kind for f in analysis.findings}, case["text"]


def test_every_finding_on_the_hard_cases_points_into_its_text():
    for case in CASES:
        analysis = analyze(
            case["text"],
            mode=case["mode"],
            locale=case.get("locale", "en"),
            context=case.get("context"),
        )
        for finding in analysis.findings:
            assert 0 <= finding.start < finding.end <= len(case["text"]), (case, finding)
