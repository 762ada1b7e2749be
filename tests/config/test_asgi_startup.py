"""Loading the ASGI application leaves its long-lived objects out of garbage collection."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_server_process_freezes_what_it_loaded_at_start():
    code = (
        "import gc, sys; import peerhaven.config.asgi; "
        "print(gc.get_freeze_count(), 'peerhaven.accounts.views' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peerhaven.config.test_settings"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )

    assert result.returncode == 0, result.stderr[-2000:]
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"
