"""How `peerhaven screen` cuts its input into lines and answers them: one answer per line
whatever the chunk boundaries, over-long lines skipped as they stream past, and output
flushed whenever more input is needed. No database needed."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from peerhaven.nudges import jsonl


def _reader(data: bytes, sizes: list[int]):
    """read(n) that hands out `data` in pieces of the given sizes (then whatever is asked)."""
    stream = io.BytesIO(data)
    pieces = iter(sizes)

    def read(n: int) -> bytes:
        return stream.read(min(n, next(pieces, n)))

    return read


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=20),
    sizes=st.lists(st.integers(min_value=1, max_value=17), max_size=60),
    final_newline=st.booleans(),
)
def test_lines_come_out_whole_whatever_the_chunk_boundaries(lines, sizes, final_newline):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")

    out = list(jsonl.read_lines(_reader(data, sizes), limit=1000))

    expected = list(lines)
    if lines and not final_newline and lines[-1] == b"":
        expected.pop()  # a file ending in "\n" has no empty line after it
    assert out == expected


def test_an_over_long_line_is_skipped_and_answered_once(monkeypatch):
    data = b"short\n" + b"x" * 5000 + b"\nafter\n" + b"y" * 5000
    waits = []

    out = list(
        jsonl.read_lines(_reader(data, [7] * 2000), limit=100, before_wait=lambda: waits.append(1))
    )

    assert out == [b"short", None, b"after", None]
    assert waits


def test_the_stream_answers_every_line_and_flushes_before_waiting_for_more():
    class Sink(io.BytesIO):
        flushes = 0

        def flush(self) -> None:
            Sink.flushes += 1
            super().flush()

    source = io.BytesIO(b'{"text": "I hear you."}\n\n[1]\n{"text": "you always make me wait"}')
    sink = Sink()

    totals = jsonl.screen_stream(source, sink)

    answers = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(answers) == 4
    assert "risk" in answers[0]
    assert answers[1] == {"error": "empty line"}
    assert answers[2] == {"error": "each line must be a JSON object"}
    assert "risk" in answers[3]
    assert (totals.lines, totals.errors) == (4, 2)
    assert Sink.flushes >= 2


def test_a_lone_surrogate_in_the_text_still_gives_valid_utf8_output():
    sink = io.BytesIO()

    jsonl.screen_stream(io.BytesIO(b'{"text": "you always \\ud800 do this"}\n'), sink)

    answer = json.loads(sink.getvalue().decode("utf-8"))
    assert "risk" in answer
