"""Benchmark of the coach: the whole analyze() per 300-character message, on one core, and the
memory of the loaded engine.

    .venv/bin/python bench/coach/run.py              # 3,000 messages x 3 rounds, about 20 s
    .venv/bin/python bench/coach/run.py --quick      # 600 messages x 1 round
    .venv/bin/python bench/coach/run.py --messages 5000 --rounds 5

Messages: the hand-written hard cases and texts of ../shared/datasets (reddit posts, emotional
support chat turns, news comments, tweets, advice sentences), joined and cut at a word to
about 300 characters each, so every message is a full 300-character message. Each is analyzed
as a reply to a "just listen" post, a reply to an "advice welcome" post, or a new post, in
turn. Timings: time.perf_counter_ns around each analyze() call, after a warm-up, in a child
process pinned to one CPU (os.sched_setaffinity). Memory: in a fresh child, the resident set
(/proc/self/statm) and the Python heap (tracemalloc) before importing peerhaven.coach and
after the first analyze(), which loads the model.

Targets (issue 7): median < 1 ms, p99 < 5 ms, memory < 150 MB. Results go to
bench/results/coach.json. Not a test: nothing here fails a build; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT.parent / "shared" / "datasets"
HARD_CASES = ROOT / "tests" / "data" / "coach_hard_cases.jsonl"
RESULTS = ROOT / "bench" / "results" / "coach.json"
LENGTH = 300
TARGETS = {"median_ms": 1.0, "p99_ms": 5.0, "memory_mb": 150.0}
CONTEXTS = (
    ("reply", {"support_preference": "just_listen"}),
    ("reply", {"support_preference": "advice_welcome"}),
    ("post", None),
)


def _csv(path: Path, column: str, limit: int) -> list[str]:
    if not path.exists():
        return []
    csv.field_size_limit(1 << 24)
    with open(path, newline="", encoding="utf-8") as handle:
        return [row[column] for _, row in zip(range(limit), csv.DictReader(handle), strict=False)]


def source_texts() -> list[str]:
    with open(HARD_CASES, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    texts += _csv(
        DATASETS / "reddit-mental-health-27subs" / "rmhd_27subreddits_posts.csv", "text", 3000
    )
    texts += _csv(DATASETS / "esconv-support-strategies" / "esconv_utterances.csv", "text", 4000)
    texts += _csv(DATASETS / "unhealthy-comments-ucc" / "ucc_comments.csv", "text", 2000)
    texts += _csv(
        DATASETS / "suicidal-intention-tweets" / "suicidal_intention_tweets.csv", "text", 2000
    )
    return [" ".join(t.split()) for t in texts if t.strip()]


def messages(count: int, seed: int = 7) -> list[str]:
    """`count` messages of about 300 characters (joined short texts, long ones cut)."""
    texts = source_texts()
    rng = random.Random(seed)
    rng.shuffle(texts)
    built: list[str] = []
    current = ""
    for text in texts:
        current = f"{current} {text}".strip()
        if len(current) >= LENGTH:
            cut = current[:LENGTH]
            if " " in cut[200:]:
                cut = cut[: cut.rindex(" ")]
            built.append(cut)
            current = ""
            if len(built) == count:
                break
    while len(built) < count:  # without the datasets: reuse what there is
        built.append(built[len(built) % max(1, len(built))] if built else "hello " * 50)
    return built


def percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def measure_speed(count: int, rounds: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "src"))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    from peerhaven.coach import analyze
    from peerhaven.coach.findings import find_all
    from peerhaven.coach.risk import screen_risk
    from peerhaven.coach.types import Context

    corpus = messages(count)
    calls = [(text, *CONTEXTS[i % len(CONTEXTS)]) for i, text in enumerate(corpus)]
    for text, mode, context in calls[:300]:  # warm-up
        analyze(text, mode=mode, locale="en", context=context)

    times: list[float] = []
    cpu_times: list[float] = []
    for _ in range(rounds):
        for text, mode, context in calls:
            started = time.perf_counter_ns()
            cpu_started = time.thread_time_ns()
            analyze(text, mode=mode, locale="en", context=context)
            cpu_times.append((time.thread_time_ns() - cpu_started) / 1e6)
            times.append((time.perf_counter_ns() - started) / 1e6)
    # The two halves, once each, to see where the time goes.
    risk_times = []
    finding_times = []
    for text, mode, context in calls:
        started = time.perf_counter_ns()
        screen_risk(text, locale="en")
        risk_times.append((time.perf_counter_ns() - started) / 1e6)
        ctx = Context.from_value(context)
        started = time.perf_counter_ns()
        find_all(text, mode=mode, context=ctx)
        finding_times.append((time.perf_counter_ns() - started) / 1e6)
    times.sort()
    cpu_times.sort()
    risk_times.sort()
    finding_times.sort()
    return {
        "messages": len(calls),
        "rounds": rounds,
        "mean_chars": round(statistics.fmean(len(t) for t in corpus), 1),
        "median_ms": round(statistics.median(times), 4),
        "p90_ms": round(percentile(times, 0.90), 4),
        "p99_ms": round(percentile(times, 0.99), 4),
        "max_ms": round(times[-1], 4),
        "mean_ms": round(statistics.fmean(times), 4),
        # CPU time of the thread: what the call itself cost, without waiting for the core.
        "cpu_median_ms": round(statistics.median(cpu_times), 4),
        "cpu_p99_ms": round(percentile(cpu_times, 0.99), 4),
        "risk_median_ms": round(statistics.median(risk_times), 4),
        "risk_p99_ms": round(percentile(risk_times, 0.99), 4),
        "findings_median_ms": round(statistics.median(finding_times), 4),
        "findings_p99_ms": round(percentile(finding_times, 0.99), 4),
        "cpu": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_memory() -> dict[str, object]:
    import tracemalloc

    sys.path.insert(0, str(ROOT / "src"))
    tracemalloc.start()
    rss_before = _rss_mb()
    heap_before = tracemalloc.get_traced_memory()[0]
    import peerhaven.coach as coach

    coach.analyze(
        "you should just get over it, at least you have a job",
        mode="reply",
        context={"support_preference": "just_listen"},
    )
    coach.analyze("I want to die " * 20, mode="post")
    heap_after, heap_peak = tracemalloc.get_traced_memory()
    rss_after = _rss_mb()
    tracemalloc.stop()
    return {
        "rss_before_mb": round(rss_before, 1),
        "rss_after_mb": round(rss_after, 1),
        "rss_delta_mb": round(rss_after - rss_before, 1),
        "python_heap_mb": round((heap_after - heap_before) / 2**20, 1),
        "python_heap_peak_mb": round(heap_peak / 2**20, 1),
        "django_loaded": any(m == "django" or m.startswith("django.") for m in sys.modules),
    }


def child(kind: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", choices=["speed", "memory"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "speed":
        print(json.dumps(measure_speed(args.messages, args.rounds)))
        return 0
    if args.child == "memory":
        print(json.dumps(measure_memory()))
        return 0

    count, rounds = (600, 1) if args.quick else (args.messages, args.rounds)
    started = time.perf_counter()
    speed = child("speed", "--messages", str(count), "--rounds", str(rounds))
    memory = child("memory")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    result = {
        "speed": speed,
        "memory": memory,
        "targets": TARGETS,
        "met": {
            "median": speed["median_ms"] < TARGETS["median_ms"],  # type: ignore[operator]
            "p99": speed["p99_ms"] < TARGETS["p99_ms"],  # type: ignore[operator]
            "memory": memory["rss_delta_mb"] < TARGETS["memory_mb"],  # type: ignore[operator]
        },
        "load_average": load,
        "seconds": round(time.perf_counter() - started, 1),
        "quick": args.quick,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"analyze(), {speed['messages']} messages of ~{speed['mean_chars']} chars x "
        f"{speed['rounds']} rounds, one core:\n"
        f"  median {speed['median_ms']:.3f} ms  p90 {speed['p90_ms']:.3f} ms  "
        f"p99 {speed['p99_ms']:.3f} ms  max {speed['max_ms']:.3f} ms (wall clock)\n"
        f"  CPU time: median {speed['cpu_median_ms']:.3f} ms  p99 {speed['cpu_p99_ms']:.3f} ms\n"
        f"  of which risk: median {speed['risk_median_ms']:.3f} ms, p99 "
        f"{speed['risk_p99_ms']:.3f} ms; findings: median {speed['findings_median_ms']:.3f} ms,"
        f" p99 {speed['findings_p99_ms']:.3f} ms\n"
        f"memory of the loaded engine: RSS +{memory['rss_delta_mb']} MB "
        f"(Python heap {memory['python_heap_mb']} MB, peak {memory['python_heap_peak_mb']} MB)\n"
        f"targets met: {result['met']}  (load average {load})\n"
        f"wrote {RESULTS.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
