"""`peerhaven screen`, run as a person runs it: the real command in its own process, JSON
Lines on stdin, one answer per line on stdout, in order; bad lines answered with an error
and the rest still analyzed; 100,000 lines in flat memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ACCEPTANCE = "you should just get over it, at least you have a job"
TIMEOUT = 300


def _command() -> list[str]:
    script = Path(sys.executable).with_name("peerhaven")
    if script.exists():
        return [str(script), "screen"]
    return [sys.executable, "-m", "peerhaven.config.cli", "screen"]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    # The command as an operator runs it: production settings, no database needed.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("PEERHAVEN_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peerhaven.config.settings",
        PEERHAVEN_DEBUG="true",
        PEERHAVEN_DATA_DIR=str(tmp_path / "data"),
        PEERHAVEN_LOG_LEVEL="WARNING",
    )
    return env


def _screen(env: dict[str, str], data: bytes) -> tuple[list[dict], str]:
    done = subprocess.run(  # noqa: S603 - our own command, no shell
        _command(), input=data, env=env, capture_output=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    lines = done.stdout.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines], done.stderr.decode()


def _jsonl(*items: object) -> bytes:
    return b"".join(json.dumps(item).encode() + b"\n" for item in items)


def test_each_line_gets_its_analysis_in_order(env):
    answers, summary = _screen(
        env,
        _jsonl(
            {
                "text": ACCEPTANCE,
                "mode": "reply",
                "locale": "en",
                "context": {"support_preference": "just_listen"},
            },
            {"text": "Thank you for sharing this. I hear how tired you are."},
            {"text": ACCEPTANCE, "mode": "reply", "context": {"support_preference": None}},
        ),
    )

    assert len(answers) == 3
    first, kind_words, unstated = answers
    assert set(first) == {"risk", "findings"}
    assert set(first["risk"]) >= {"level", "score", "reasons"}
    assert len(first["findings"]) == 3
    for finding in first["findings"]:
        assert set(finding) == {"kind", "guideline", "start", "end", "message", "suggestion"}
        assert ACCEPTANCE[finding["start"] : finding["end"]]
        assert finding["message"]
    assert kind_words["findings"] == []
    assert kind_words["risk"]["level"] == "none"

    # A reply with no stated preference is taken as "just listen": the same findings.
    def spans(answer: dict) -> list[tuple]:
        return [(f["kind"], f["start"], f["end"]) for f in answer["findings"]]

    assert spans(unstated) == spans(first)
    assert "Screened 3 lines: 3 analyzed, 0 refused." in summary


def test_bad_lines_get_an_error_on_their_own_line_and_the_rest_go_on(env):
    good = json.dumps({"text": "I went through something like this last year."}).encode()
    lines = [
        good,
        b"{not json",
        b"[1, 2, 3]",
        b'{"mode": "post"}',
        b'{"text": 42}',
        b'{"text": "hello", "mode": "shout"}',
        b'{"text": "hello", "context": "just_listen"}',
        b'{"text": "hello", "context": {"support_preference": "tough_love"}}',
        b'{"text": "hello", "locale": 7}',
        json.dumps({"text": "a" * 20_001}).encode(),
        b'{"text": "caf\xc3"}',  # a cut-off UTF-8 sequence
        b"\xff\xfe\x00not utf-8 at all",
        b"",
        b"   ",
        good,
    ]

    answers, summary = _screen(env, b"\n".join(lines) + b"\n")

    assert len(answers) == len(lines)
    errors = [answer.get("error") for answer in answers]
    assert errors[0] is None and errors[-1] is None
    assert answers[0] == answers[-1]
    assert "not valid JSON" in errors[1]
    assert errors[2] == "each line must be a JSON object"
    assert errors[3] == "text is missing"
    assert errors[4] == "text must be a string"
    assert "mode" in errors[5]
    assert errors[6] == "context must be an object"
    assert "support_preference" in errors[7]
    assert errors[8] == "locale must be a string"
    assert "longer than 20000 characters" in errors[9]
    assert "not valid UTF-8" in errors[10]
    assert "not valid UTF-8" in errors[11]
    assert errors[12] == errors[13] == "empty line"
    assert all(set(answer) == {"error"} for answer in answers[1:-1])
    assert "2 analyzed, 13 refused" in summary


def test_odd_but_valid_input_is_analyzed_with_offsets_into_the_text(env):
    texts = [
        "",
        "<b>you always</b> make me feel small 😔",
        "Ça va? you should try 🧘 meditation",
        "line one\r\nline two\tand\x07 a bell",
        "\ufeffa text that starts with a byte order mark",
    ]
    data = b"\xef\xbb\xbf" + _jsonl(*({"text": t, "mode": "reply"} for t in texts))
    # A last line without a line feed is answered too.
    data += json.dumps({"text": "no line feed at the end"}).encode()

    answers, _summary = _screen(env, data)

    assert len(answers) == len(texts) + 1
    for text, answer in zip(texts, answers, strict=False):
        assert "error" not in answer, answer
        for finding in answer["findings"]:
            assert 0 <= finding["start"] < finding["end"] <= len(text)
    assert answers[0]["findings"] == []
    assert "error" not in answers[-1]


def test_each_answer_is_written_before_the_next_line_arrives(env):
    """A program can talk to the command through a pipe, one line at a time."""
    process = subprocess.Popen(  # noqa: S603 - our own command, no shell
        _command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for text in ("first", "second"):
            process.stdin.write(json.dumps({"text": text}).encode() + b"\n")
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())
            assert "risk" in answer
    finally:
        process.stdin.close()
        process.wait(timeout=TIMEOUT)
    assert process.returncode == 0


def _run_measured(env: dict[str, str], source: Path, target: Path) -> tuple[int, float]:
    """Run the command on a file; its exit code and peak resident memory (MB)."""
    with source.open("rb") as stdin, target.open("wb") as stdout:
        process = subprocess.Popen(  # noqa: S603 - our own command, no shell
            _command(), stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, env=env
        )
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("peerhaven screen took too long")
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024


def test_a_stream_of_100000_lines_is_answered_line_for_line_in_flat_memory(env, tmp_path):
    lines = 100_000
    # Padded lines make the input about 50 MB: holding it, or the answers, would show.
    padding = " " * 400
    # Short texts keep the run quick; one line in ten has a finding to check.
    good = (json.dumps({"text": "thank you"}) + padding).encode()
    advice = (json.dumps({"text": "you should try walking", "mode": "reply"}) + padding).encode()
    big = tmp_path / "big.jsonl"
    with big.open("wb") as out:
        for n in range(lines):
            if n % 1000 == 999:
                out.write(b"\xc3(\n")
            elif n % 997 == 0:
                out.write(b"\n")
            else:
                out.write((advice if n % 10 == 1 else good) + b"\n")
    small = tmp_path / "small.jsonl"
    small.write_bytes(_jsonl({"text": "hello"}))

    code, baseline = _run_measured(env, small, tmp_path / "small.out")
    assert code == 0
    code, peak = _run_measured(env, big, tmp_path / "big.out")

    assert code == 0
    answered = 0
    with (tmp_path / "big.out").open("rb") as answers:
        for n, line in enumerate(answers):
            answer = json.loads(line)
            if n % 1000 == 999:
                assert "not valid UTF-8" in answer["error"]
            elif n % 997 == 0:
                assert answer == {"error": "empty line"}
            elif n % 10 == 1:
                assert answer["findings"][0]["kind"] == "unsolicited_advice"
            else:
                assert answer["findings"] == []
            answered += 1
    assert answered == lines
    assert peak - baseline < 25, f"peak {peak:.0f} MB against {baseline:.0f} MB for one line"
