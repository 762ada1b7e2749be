"""`peerhaven screen`: the communication coach and risk screen over JSON Lines.

    peerhaven screen < drafts.jsonl > answers.jsonl

Reads one JSON object per line from stdin ({"text", "mode"?, "locale"?, "context"?}) and
writes one JSON object per line to stdout, in the same order: the analysis, or
{"error": "..."} for a line that cannot be analyzed (an empty line included, so line N of
the output always answers line N of the input). Memory stays flat however long the
stream; see peerhaven/nudges/jsonl.py. A one-line summary goes to stderr.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand

from peerhaven.nudges import jsonl


class Command(BaseCommand):
    help = (
        "Analyze JSON Lines from stdin with the communication coach and the risk screen; "
        "one JSON answer per line on stdout, in order."
    )
    # Reads stdin and writes stdout only: no database, so no checks to wait for.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            totals = jsonl.screen_stream(sys.stdin.buffer, sys.stdout.buffer)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other filters do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return
        if options["verbosity"] >= 1:
            sys.stderr.write(
                f"Screened {totals.lines} lines: {totals.lines - totals.errors} analyzed, "
                f"{totals.errors} refused.\n"
            )
