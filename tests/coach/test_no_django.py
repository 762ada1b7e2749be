"""The coach is pure Python: importing and running it pulls in no Django module."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import sys
import peerhaven.coach
from peerhaven.coach import risk, model
result = peerhaven.coach.analyze(
    "you should just get over it, I want to die", mode="reply",
    context={"support_preference": "just_listen"},
)
assert result.risk.level == "urgent", result
loaded = [m for m in sys.modules if m == "django" or m.startswith("django.")]
assert not loaded, loaded
print("ok")
"""


def test_importing_and_running_the_coach_loads_no_django_module():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
