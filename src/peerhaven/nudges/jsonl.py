"""`peerhaven screen`: JSON Lines in, one JSON object out per line, in the same order.

Each input line is an object {"text", "mode"?, "locale"?, "context"?}; its answer is the
coach's analysis ({"risk", "findings"}) or {"error": "..."} when the line cannot be
analyzed. Every line gets exactly one answer, so line N of the output always belongs to
line N of the input: an empty line answers {"error": "empty line"} too.

Streams of any length run in bounded memory: input is read in chunks and cut into lines
here (a line longer than MAX_LINE_BYTES is answered with an error and skipped, never held
whole), each answer is written as soon as it is ready, and output is flushed whenever the
input has nothing more waiting, so a program talking to `peerhaven screen` line by line
through a pipe gets each answer without waiting for a buffer to fill.

Pure Python (no Django), like the coach it calls.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from peerhaven import coach

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
# A text of coach.MAX_CHARS characters, each written as a \uXXXX\uXXXX escape pair, fits.
MAX_LINE_BYTES = 1024 * 1024
MODES = ("post", "reply")


@dataclass
class Totals:
    lines: int = 0
    errors: int = 0


def read_lines(
    read: Callable[[int], bytes],
    *,
    before_wait: Callable[[], None] = lambda: None,
    limit: int = MAX_LINE_BYTES,
) -> Iterator[bytes | None]:
    """The lines `read` returns, without their line feed; None for a line over `limit`
    bytes (skipped as it streams past). A last line without a line feed counts too.

    `read(n)` returns up to n bytes, b"" at the end. `before_wait` runs each time every
    complete line so far was handed out and more input is needed.
    """
    buffer = b""
    start = 0
    too_long = False
    while True:
        end = buffer.find(b"\n", start)
        if end >= 0:
            yield None if too_long or end - start > limit else buffer[start:end]
            start = end + 1
            too_long = False
            continue
        if too_long or len(buffer) - start > limit:
            too_long = True
            buffer, start = b"", 0
        else:
            buffer, start = buffer[start:], 0
        before_wait()
        chunk = read(CHUNK)
        if not chunk:
            if too_long:
                yield None
            elif buffer:
                yield buffer
            return
        buffer += chunk


def _error(message: str) -> dict[str, Any]:
    return {"error": message}


def screen_line(raw: bytes | None, *, first: bool = False) -> dict[str, Any]:
    """The answer for one input line (bytes without the line feed; None: over-long)."""
    if raw is None:
        return _error(f"line is longer than {MAX_LINE_BYTES} bytes")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _error(f"line is not valid UTF-8 (byte {exc.start + 1})")
    if first and line.startswith("\ufeff"):
        line = line[1:]
    if not line.strip():
        return _error("empty line")
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return _error("not valid JSON: nested too deeply")
    if not isinstance(item, dict):
        return _error("each line must be a JSON object")
    if "text" not in item:
        return _error("text is missing")
    text = item["text"]
    if not isinstance(text, str):
        return _error("text must be a string")
    mode = item.get("mode")
    if mode is None:
        mode = "post"
    if mode not in MODES:
        return _error('mode must be "post" or "reply"')
    locale = item.get("locale")
    if locale is not None and not isinstance(locale, str):
        return _error("locale must be a string")
    context = item.get("context")
    if context is not None and not isinstance(context, dict):
        return _error("context must be an object")
    try:
        analysis = coach.analyze(text, mode=mode, locale=locale, context=context)
    except coach.TextTooLong:
        return _error(f"text is longer than {coach.MAX_CHARS} characters")
    except ValueError as exc:
        return _error(str(exc))
    except Exception:
        # One line the engine cannot handle must not end a run of thousands.
        logger.exception("the coach failed on a line")
        return _error("this line could not be analyzed")
    return analysis.to_dict()


def _encode(answer: dict[str, Any]) -> bytes:
    try:
        text = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # A lone surrogate (sent as a \ud800 escape) cannot be UTF-8: escape it back.
        return json.dumps(answer, separators=(",", ":")).encode("ascii") + b"\n"


def screen_stream(source: BinaryIO, sink: BinaryIO) -> Totals:
    """Answer every line of `source` on `sink`, in order; returns how many and the errors."""
    # read1 returns what is there without waiting to fill the whole request (stdin's
    # buffer has it); plain read would hold answers back until 64 KiB more input came.
    read: Callable[[int], bytes] = getattr(source, "read1", source.read)
    totals = Totals()
    for raw in read_lines(read, before_wait=sink.flush):
        answer = screen_line(raw, first=totals.lines == 0)
        totals.lines += 1
        if "error" in answer:
            totals.errors += 1
        sink.write(_encode(answer))
    sink.flush()
    return totals
