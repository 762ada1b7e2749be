"""Rebuild the coach's shipped model and write its evaluation.

    .venv/bin/python scripts/train_coach.py              # train, evaluate, update docs/coach.md
    .venv/bin/python scripts/train_coach.py --evaluate   # evaluate the shipped weights only

Reads ../shared/datasets/ (or --datasets). Only data whose licence allows shipping trained
weights trains anything: reddit-mental-health-27subs (r/SuicideWatch against 16
mental-health and 10 everyday subreddits) and, as extra everyday negatives, the reply
sentences of advice-reddit's train split. Every other dataset, the held-out test splits and
the hand-written hard cases (tests/data/coach_hard_cases.jsonl) are only ever scored.

Deterministic: splits come from a hash of each text, training shuffles with a fixed seed,
and the weight file is written byte-for-byte the same from the same data.

Writes src/peerhaven/coach/data/risk.json.gz, docs/coach_evaluation.json and the tables
between the evaluation markers of docs/coach.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from peerhaven.coach import model as coach_model  # noqa: E402
from peerhaven.coach import risk as coach_risk  # noqa: E402

DEFAULT_DATASETS = ROOT.parent / "shared" / "datasets"
HARD_CASES = ROOT / "tests" / "data" / "coach_hard_cases.jsonl"
DOC = ROOT / "docs" / "coach.md"
SUMMARY = ROOT / "docs" / "coach_evaluation.json"
MARK_START = "<!-- coach-evaluation:start (written by scripts/train_coach.py) -->"
MARK_END = "<!-- coach-evaluation:end -->"

SEED = 20261125
TEST_FRACTION = 0.2
FOLDS = 5
EPOCHS = 10
LEARNING_RATE = 0.4
L2 = 2e-4
MIN_DF = 3
MAX_FEATURES = 40_000
# The model's score of a text with fewer features than this counts them as this many, so a
# short message is not swung by two or three words (the rules read short messages).
MIN_FEATURES = 30
# Thresholds: the lowest model probability at which false alarms on everyday text stay
# within these rates (measured out-of-fold on the training data, never on test data).
URGENT_MAX_FALSE_ALARM = {"everyday": 0.01, "replies": 0.01, "mental_health": 0.05}
CONCERN_MAX_FALSE_ALARM = {"everyday": 0.05, "replies": 0.03, "mental_health": 0.20}
CSV_LIMIT = 1 << 24


# --------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Example:
    text: str
    label: int  # 1 = at risk (r/SuicideWatch), 0 = not
    group: str  # suicidewatch / mental_health / everyday / replies


def _hash_fraction(text: str) -> float:
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(CSV_LIMIT)
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


_DETOK = [
    (re.compile(r" (n't|'s|'re|'ve|'m|'ll|'d|’s|’re|’ve|’m|’ll|’d|n’t)\b"), r"\1"),
    (re.compile(r" ([.,!?;:%)\]])"), r"\1"),
    (re.compile(r"([(\[$]) "), r"\1"),
    (re.compile(r" ([’']) "), r"\1"),
]


def detokenize(sentence: str) -> str:
    """advice-reddit sentences are spaCy tokens joined by spaces: "I 've" → "I've"."""
    for pattern, replacement in _DETOK:
        sentence = pattern.sub(replacement, sentence)
    return sentence


def load_reddit(datasets: Path) -> tuple[list[Example], list[Example]]:
    """reddit-mental-health-27subs, split by subreddit: 80% train, 20% test (by text hash)."""
    rows = _read_csv(datasets / "reddit-mental-health-27subs" / "rmhd_27subreddits_posts.csv")
    by_sub: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_sub.setdefault(row["subreddit"], []).append(row)
    train: list[Example] = []
    test: list[Example] = []
    for sub in sorted(by_sub):
        items = sorted(by_sub[sub], key=lambda r: _hash_fraction(r["text"]))
        cut = round(len(items) * TEST_FRACTION)
        for index, row in enumerate(items):
            group = {"non_mental_health": "everyday"}.get(row["group"], row["group"])
            example = Example(row["text"], int(row["label_suicidewatch"]), group)
            (test if index < cut else train).append(example)
    return train, test


def load_advice(datasets: Path, split: str) -> list[tuple[str, int, str]]:
    """advice-reddit sentences of a split: (text, is advice (majority), subreddit)."""
    found = []
    for sub in ("askparents", "needadvice"):
        path = datasets / "advice-reddit" / f"{sub}_{split}.tsv"
        with open(path, encoding="utf-8") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for row in reader:
                found.append((detokenize(row["Sentence"]), int(row["Majority_label"]), sub))
    return found


def load_hard_cases() -> list[dict[str, Any]]:
    with open(HARD_CASES, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --------------------------------------------------------------------------------------
# Training


def model_text(text: str) -> str:
    return coach_risk.rule_screen(text).model_text


@dataclass
class Vectorized:
    rows: list[list[int]]
    norms: list[float]
    labels: list[int]
    weights: list[float]


def build_vocabulary(feature_sets: Sequence[set[str]]) -> list[str]:
    df: Counter[str] = Counter()
    for found in feature_sets:
        df.update(found)
    return sorted(f for f, n in df.items() if n >= MIN_DF)


def vectorize(
    feature_sets: Sequence[set[str]], labels: Sequence[int], index: dict[str, int]
) -> Vectorized:
    positives = sum(labels) or 1
    negatives = (len(labels) - positives) or 1
    # The few crisis posts weigh more, but not so much that a text with no evidence
    # either way scores high: the prior stays low.
    weight_of = {1: math.sqrt(negatives / positives), 0: 1.0}
    rows = []
    norms = []
    for found in feature_sets:
        rows.append(sorted(index[f] for f in found if f in index))
        norms.append(1.0 / math.sqrt(max(len(found), MIN_FEATURES)) if found else 0.0)
    return Vectorized(rows, norms, list(labels), [weight_of[y] for y in labels])


def fit(data: Vectorized, size: int, seed: int) -> tuple[list[float], float]:
    """Logistic regression by stochastic gradient descent (pure Python)."""
    w = [0.0] * size
    bias = 0.0
    order = list(range(len(data.rows)))
    rng = random.Random(seed)  # noqa: S311 - a reproducible shuffle, not a secret
    sigmoid = coach_model.sigmoid
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1.0 + epoch)
        for j in order:
            row = data.rows[j]
            norm = data.norms[j]
            total = 0.0
            for k in row:
                total += w[k]
            p = sigmoid(bias + total * norm)
            gradient = (p - data.labels[j]) * data.weights[j]
            if -1e-6 < gradient < 1e-6:
                continue
            step = rate * gradient * norm
            for k in row:
                w[k] -= step
            bias -= rate * gradient * 0.2
        shrink = 1.0 - rate * L2 * 10
        w = [x * shrink for x in w]
    return w, bias


def to_model(
    w: list[float], bias: float, vocabulary: list[str], meta: dict[str, Any]
) -> coach_model.LinearModel:
    ranked = sorted(range(len(w)), key=lambda k: (-abs(w[k]), vocabulary[k]))[:MAX_FEATURES]
    weights = {vocabulary[k]: round(w[k], 4) for k in ranked if abs(w[k]) >= 5e-4}
    return coach_model.LinearModel(
        name="risk", weights=weights, bias=round(bias, 4), min_features=MIN_FEATURES, meta=meta
    )


def train_risk(train: list[Example], log: Callable[[str], None]) -> coach_model.LinearModel:
    started = time.perf_counter()
    texts = [model_text(e.text) for e in train]
    feature_sets = [coach_model.features(t) for t in texts]
    labels = [e.label for e in train]
    log(f"  {len(train)} training texts prepared in {time.perf_counter() - started:.1f} s")

    # Out-of-fold probabilities choose the thresholds; folds by text hash.
    fold_of = [int(_hash_fraction("fold:" + e.text) * FOLDS) for e in train]
    oof = [0.0] * len(train)
    for fold in range(FOLDS):
        inside = [i for i in range(len(train)) if fold_of[i] != fold]
        vocabulary = build_vocabulary([feature_sets[i] for i in inside])
        index = {f: k for k, f in enumerate(vocabulary)}
        data = vectorize([feature_sets[i] for i in inside], [labels[i] for i in inside], index)
        w, bias = fit(data, len(vocabulary), SEED + fold)
        fold_model = to_model(w, bias, vocabulary, {})
        for i in range(len(train)):
            if fold_of[i] == fold:
                oof[i] = _probability(fold_model, feature_sets[i])
        log(f"  fold {fold + 1}/{FOLDS} done at {time.perf_counter() - started:.1f} s")

    groups = [e.group for e in train]
    concern_at = _threshold(oof, groups, CONCERN_MAX_FALSE_ALARM)
    urgent_at = max(_threshold(oof, groups, URGENT_MAX_FALSE_ALARM), concern_at + 0.01)
    vocabulary = build_vocabulary(feature_sets)
    index = {f: k for k, f in enumerate(vocabulary)}
    w, bias = fit(vectorize(feature_sets, labels, index), len(vocabulary), SEED)
    positives = sum(labels)
    meta = {
        "concern_at": round(concern_at, 4),
        "urgent_at": round(urgent_at, 4),
        "trained_on": {
            "reddit-mental-health-27subs (train split, 80%)": len(
                [e for e in train if e.group != "replies"]
            ),
            "advice-reddit train sentences (everyday negatives)": len(
                [e for e in train if e.group == "replies"]
            ),
        },
        "positives": positives,
        "features": "word unigrams and adjacent pairs, binary, L2-normalized",
        "seed": SEED,
        "epochs": EPOCHS,
        "out_of_fold_recall_at_urgent": round(
            _rate([p >= urgent_at for p, y in zip(oof, labels, strict=True) if y]), 4
        ),
        "out_of_fold_recall_at_concern": round(
            _rate([p >= concern_at for p, y in zip(oof, labels, strict=True) if y]), 4
        ),
    }
    built = to_model(w, bias, vocabulary, meta)
    log(
        f"  model: {len(built.weights)} features, concern_at {concern_at:.3f}, "
        f"urgent_at {urgent_at:.3f} ({time.perf_counter() - started:.1f} s)"
    )
    return built


def _probability(built: coach_model.LinearModel, found: set[str]) -> float:
    """As LinearModel.probability, summing in a fixed order: the same bytes on every run."""
    if not found:
        return coach_model.sigmoid(built.bias)
    total = math.fsum(built.weights.get(f, 0.0) for f in sorted(found))
    return coach_model.sigmoid(built.bias + total / math.sqrt(max(len(found), built.min_features)))


def _rate(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def _threshold(probabilities: list[float], groups: list[str], limits: dict[str, float]) -> float:
    """The lowest threshold whose false-alarm rate in every negative group stays in limit."""
    needed = 0.0
    for group, limit in limits.items():
        scores = sorted(
            (p for p, g in zip(probabilities, groups, strict=True) if g == group), reverse=True
        )
        if not scores:
            continue
        allowed = math.floor(limit * len(scores))
        # Flag strictly more than `allowed` texts only above the (allowed+1)-th score.
        cut = scores[allowed] if allowed < len(scores) else 0.0
        needed = max(needed, cut + 1e-4)
    return min(needed, 0.99)


# --------------------------------------------------------------------------------------
# Evaluation

LEVELS = ("none", "concern", "urgent")


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def binary_risk_eval(items: Iterable[tuple[str, int, str]]) -> dict[str, Any]:
    """items: (text, label, negative group). Positive = label 1."""
    levels: list[tuple[str, int, str]] = []
    rule_levels: list[str] = []
    for text, label, group in items:
        levels.append((coach_risk.screen_risk(text, locale="en").level, label, group))
        rule_levels.append(LEVELS[coach_risk.rule_screen(text).level])
    result: dict[str, Any] = {
        "positives": sum(1 for _, y, _ in levels if y),
        "negatives": sum(1 for _, y, _ in levels if not y),
    }
    # The same without the model: what the model adds.
    rules_only: dict[str, Any] = {}
    for name, flagged in (("urgent", {"urgent"}), ("flagged", {"concern", "urgent"})):
        positives = [lv for lv, (_, y, _) in zip(rule_levels, levels, strict=True) if y]
        negatives = [lv for lv, (_, y, _) in zip(rule_levels, levels, strict=True) if not y]
        rules_only[name] = {
            "recall": round(_rate([lv in flagged for lv in positives]), 3),
            "false_alarm_rate": round(_rate([lv in flagged for lv in negatives]), 3),
        }
    result["rules_only"] = rules_only
    for name, flagged in (("urgent", {"urgent"}), ("flagged", {"concern", "urgent"})):
        tp = sum(1 for lv, y, _ in levels if y and lv in flagged)
        fp = sum(1 for lv, y, _ in levels if not y and lv in flagged)
        fn = sum(1 for lv, y, _ in levels if y and lv not in flagged)
        result[name] = prf(tp, fp, fn)
        false_alarms = {}
        for group in sorted({g for _, y, g in levels if not y}):
            negatives = [lv for lv, y, g in levels if not y and g == group]
            false_alarms[group] = round(_rate([lv in flagged for lv in negatives]), 3)
        result[name]["false_alarm_rate"] = false_alarms
        result[name]["false_alarm_rate_all"] = round(
            _rate([lv in flagged for lv, y, _ in levels if not y]), 3
        )
    return result


def hard_case_risk_eval(cases: list[dict[str, Any]]) -> dict[str, Any]:
    confusion = {e: dict.fromkeys(LEVELS, 0) for e in LEVELS}
    missed_urgent = []
    for case in cases:
        screened = coach_risk.screen_risk(case["text"], locale=case.get("locale", "en")).level
        confusion[case["expect_risk"]][screened] += 1
        if case["expect_risk"] == "urgent" and screened != "urgent":
            missed_urgent.append(case["text"])
    per_level = {}
    for level in LEVELS:
        tp = confusion[level][level]
        fp = sum(confusion[e][level] for e in LEVELS if e != level)
        fn = sum(confusion[level][p] for p in LEVELS if p != level)
        per_level[level] = prf(tp, fp, fn)
    expected_none = sum(confusion["none"].values())
    return {
        "lines": len(cases),
        "confusion": confusion,
        "per_level": per_level,
        "urgent_recall": per_level["urgent"]["recall"],
        "urgent_flagged_recall": round(
            (confusion["urgent"]["urgent"] + confusion["urgent"]["concern"])
            / max(1, sum(confusion["urgent"].values())),
            3,
        ),
        "false_alarm_rate_on_none": round(
            (confusion["none"]["concern"] + confusion["none"]["urgent"]) / max(1, expected_none),
            3,
        ),
        "urgent_false_alarm_rate_on_none": round(
            confusion["none"]["urgent"] / max(1, expected_none), 3
        ),
        "missed_urgent": missed_urgent,
    }


def hard_case_kind_eval(cases: list[dict[str, Any]]) -> dict[str, Any]:
    from peerhaven.coach import KINDS, analyze

    counts = {kind: [0, 0, 0] for kind in KINDS}
    for case in cases:
        analysis = analyze(
            case["text"],
            mode=case.get("mode", "reply"),
            locale=case.get("locale", "en"),
            context=case.get("context"),
        )
        found = {f.kind for f in analysis.findings}
        expected = set(case.get("expect_kinds", []))
        for kind in KINDS:
            if kind in found and kind in expected:
                counts[kind][0] += 1
            elif kind in found:
                counts[kind][1] += 1
            elif kind in expected:
                counts[kind][2] += 1
    return {kind: prf(*counts[kind]) for kind in KINDS}


def kind_eval(
    items: Iterable[tuple[str, int]], kind: str, mode: str, context: dict[str, str] | None
) -> dict[str, Any]:
    from peerhaven.coach.findings import find_all
    from peerhaven.coach.types import Context

    ctx = Context.from_value(context)
    tp = fp = fn = 0
    for text, label in items:
        hit = any(f.kind == kind for f in find_all(text, mode=mode, context=ctx))
        tp += bool(hit and label)
        fp += bool(hit and not label)
        fn += bool(label and not hit)
    return prf(tp, fp, fn)


def evaluate(
    datasets: Path, reddit_test: list[Example], log: Callable[[str], None]
) -> dict[str, Any]:
    started = time.perf_counter()
    summary: dict[str, Any] = {"risk": {}, "kinds": {}}
    risk = summary["risk"]

    risk["reddit-mental-health-27subs test split"] = binary_risk_eval(
        (e.text, e.label, e.group) for e in reddit_test
    )
    sdcnl = _read_csv(datasets / "suicide-vs-depression-sdcnl" / "sdcnl_posts.csv")
    risk["suicide-vs-depression-sdcnl test split"] = binary_risk_eval(
        (f"{r['title']}\n{r['text']}", int(r["label"]), "depression")
        for r in sdcnl
        if r["split"] == "test"
    )
    tweets = _read_csv(datasets / "suicidal-intention-tweets" / "suicidal_intention_tweets.csv")
    risk["suicidal-intention-tweets (all)"] = binary_risk_eval(
        (r["text"], int(r["label"]), "tweets") for r in tweets
    )
    esconv = _read_csv(datasets / "esconv-support-strategies" / "esconv_utterances.csv")
    supporter_test = [r for r in esconv if r["speaker"] == "supporter" and r["split"] == "test"]
    # Supporters' replies in emotional-support chats: none of them should raise risk.
    risk["esconv supporter replies, test split (all expected none)"] = binary_risk_eval(
        (r["text"], 0, "supporter replies") for r in supporter_test
    )
    log(f"  risk on datasets: {time.perf_counter() - started:.1f} s")

    cases = load_hard_cases()
    risk["hard cases"] = hard_case_risk_eval(cases)

    kinds = summary["kinds"]
    kinds["hard cases"] = hard_case_kind_eval(cases)
    just_listen = {"support_preference": "just_listen"}
    kinds["unsolicited_advice: esconv supporter turns, test split (Providing Suggestions)"] = (
        kind_eval(
            ((r["text"], int(r["is_suggestion"])) for r in supporter_test),
            "unsolicited_advice",
            "reply",
            just_listen,
        )
    )
    advice_test = load_advice(datasets, "test")
    kinds["unsolicited_advice: advice-reddit test split (advice sentences)"] = kind_eval(
        ((text, label) for text, label, _ in advice_test),
        "unsolicited_advice",
        "reply",
        just_listen,
    )
    ucc = _read_csv(datasets / "unhealthy-comments-ucc" / "ucc_comments.csv")
    kinds["judgment: ucc (condescending or dismissive)"] = kind_eval(
        ((r["text"], int(r["condescending"] == "1" or r["dismissive"] == "1")) for r in ucc),
        "judgment",
        "reply",
        None,
    )
    stigma = _read_csv(datasets / "mh-stigma-interviews" / "mhstigma_snippets.csv")
    stigma_test = [
        r
        for r in stigma
        if r["split"] == "test"
        and (r["label"] == "Non-stigmatized" or "responsibility" in r["label"])
    ]
    kinds["blame: mh-stigma test split (responsibility vs non-stigmatized)"] = kind_eval(
        ((r["text"], int("responsibility" in r["label"])) for r in stigma_test),
        "blame",
        "reply",
        None,
    )
    kinds["judgment: mh-stigma test split (responsibility vs non-stigmatized)"] = kind_eval(
        ((r["text"], int("responsibility" in r["label"])) for r in stigma_test),
        "judgment",
        "reply",
        None,
    )
    log(f"  evaluation done: {time.perf_counter() - started:.1f} s")
    return summary


# --------------------------------------------------------------------------------------
# Report


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def markdown(summary: dict[str, Any], risk_model: coach_model.LinearModel | None) -> str:
    lines: list[str] = []
    add = lines.append
    if risk_model is not None:
        meta = risk_model.meta
        add(
            f"Risk model: {len(risk_model.weights):,} weights; thresholds "
            f"concern ≥ {meta['concern_at']:.3f}, urgent ≥ {meta['urgent_at']:.3f} "
            f"(model probability). Trained on: "
            + "; ".join(f"{k}: {v:,} texts" for k, v in meta["trained_on"].items())
            + "."
        )
        add("")
    add("#### Risk on labelled datasets (never trained on)")
    add("")
    add(
        "Positive = the dataset's at-risk label. *urgent*: the screen said urgent; "
        "*flagged*: concern or urgent. False alarms: share of the negatives flagged."
    )
    add("")
    add(
        "| dataset | pos / neg | urgent P / R / F1 | flagged P / R / F1 | "
        "false alarms (urgent) | false alarms (flagged) |"
    )
    add("|---|---:|---|---|---|---|")
    for name, result in summary["risk"].items():
        if name == "hard cases":
            continue
        urgent = result["urgent"]
        flagged = result["flagged"]

        def fa(block: dict[str, Any]) -> str:
            return ", ".join(f"{g} {_pct(v)}" for g, v in block["false_alarm_rate"].items())

        def trio(block: dict[str, Any], result: dict[str, Any] = result) -> str:
            if not result["positives"]:
                return "–"
            return f"{block['precision']:.2f} / {block['recall']:.2f} / {block['f1']:.2f}"

        add(
            f"| {name} | {result['positives']:,} / {result['negatives']:,} | {trio(urgent)} | "
            f"{trio(flagged)} | {fa(urgent)} | {fa(flagged)} |"
        )
    add("")
    add("What the model adds to the rules (recall on positives, false alarms on negatives):")
    add("")
    add(
        "| dataset | urgent recall: rules → with model | flagged recall: rules → with model | "
        "urgent false alarms: rules → with model | flagged false alarms: rules → with model |"
    )
    add("|---|---|---|---|---|")
    for name, result in summary["risk"].items():
        if name == "hard cases" or not result["positives"]:
            continue
        alone = result["rules_only"]
        add(
            f"| {name} | {_pct(alone['urgent']['recall'])} → "
            f"{_pct(result['urgent']['recall'])} | {_pct(alone['flagged']['recall'])} → "
            f"{_pct(result['flagged']['recall'])} | "
            f"{_pct(alone['urgent']['false_alarm_rate'])} → "
            f"{_pct(result['urgent']['false_alarm_rate_all'])} | "
            f"{_pct(alone['flagged']['false_alarm_rate'])} → "
            f"{_pct(result['flagged']['false_alarm_rate_all'])} |"
        )
    hard = summary["risk"]["hard cases"]
    add("")
    add(f"#### Risk on the hand-written hard cases ({hard['lines']} lines)")
    add("")
    add("| expected \\ screened | none | concern | urgent | precision | recall | F1 |")
    add("|---|---:|---:|---:|---:|---:|---:|")
    for level in LEVELS:
        row = hard["confusion"][level]
        block = hard["per_level"][level]
        add(
            f"| {level} | {row['none']} | {row['concern']} | {row['urgent']} | "
            f"{block['precision']:.2f} | {block['recall']:.2f} | {block['f1']:.2f} |"
        )
    add("")
    add(
        f"Recall of urgent on the clearly urgent lines: **{_pct(hard['urgent_recall'])}** "
        f"(flagged at least concern: {_pct(hard['urgent_flagged_recall'])}). "
        f"False alarms on lines that should raise nothing (supportive replies, idioms, "
        f"negations, lyrics, everyday talk): {_pct(hard['false_alarm_rate_on_none'])} flagged, "
        f"{_pct(hard['urgent_false_alarm_rate_on_none'])} urgent."
    )
    if hard["missed_urgent"]:
        add("")
        add("Urgent lines screened lower:")
        add("")
        for text in hard["missed_urgent"]:
            add(f"- {json.dumps(text, ensure_ascii=False)}")
    add("")
    add("#### Finding kinds")
    add("")
    add("| data | kind | precision | recall | F1 | tp / fp / fn |")
    add("|---|---|---:|---:|---:|---|")
    for kind, block in summary["kinds"]["hard cases"].items():
        add(
            f"| hard cases | {kind} | {block['precision']:.2f} | {block['recall']:.2f} | "
            f"{block['f1']:.2f} | {block['tp']} / {block['fp']} / {block['fn']} |"
        )
    for name, block in summary["kinds"].items():
        if name == "hard cases":
            continue
        kind, data = name.split(": ", 1)
        add(
            f"| {data} | {kind} | {block['precision']:.2f} | {block['recall']:.2f} | "
            f"{block['f1']:.2f} | {block['tp']} / {block['fp']} / {block['fn']} |"
        )
    return "\n".join(lines)


def write_doc(table: str) -> bool:
    if not DOC.exists():
        return False
    text = DOC.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        return False
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    DOC.write_text(f"{head}{MARK_START}\n{table}\n{MARK_END}{tail}", encoding="utf-8")
    return True


# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument(
        "--evaluate", action="store_true", help="score the shipped weights; train nothing"
    )
    parser.add_argument("--no-docs", action="store_true", help="print, do not write docs/")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    datasets: Path = args.datasets
    train, test = load_reddit(datasets)
    if not args.evaluate:
        log("training the risk model")
        replies = [Example(text, 0, "replies") for text, _, _ in load_advice(datasets, "train")]
        built = train_risk(train + replies, log)
        path = coach_model.save(built)
        coach_model.forget()
        log(f"  wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")

    log("evaluating")
    summary = evaluate(datasets, test, log)
    risk_model = coach_model.get(coach_risk.RISK_MODEL)
    if risk_model is not None:
        summary["model"] = {"weights": len(risk_model.weights), **risk_model.meta}
    summary["thresholds"] = {
        "score_concern_at": coach_risk.CONCERN_AT,
        "score_urgent_at": coach_risk.URGENT_AT,
    }
    table = markdown(summary, risk_model)
    if args.no_docs:
        print(table)
        return 0
    SUMMARY.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {SUMMARY.relative_to(ROOT)}")
    if write_doc(table):
        log(f"updated {DOC.relative_to(ROOT)}")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
