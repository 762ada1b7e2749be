"""channels.testing's WebsocketCommunicator, importable without daphne.

`channels.testing` imports daphne at the top only for its live-server test case, which
these tests do not use, and daphne is not one of our dependencies. When it is missing, a
stand-in module is registered so the import succeeds; using the live server would fail.
"""

import sys
import types

try:
    import daphne.testing  # noqa: F401
except ModuleNotFoundError:
    daphne = types.ModuleType("daphne")
    testing = types.ModuleType("daphne.testing")

    class DaphneProcess:  # pragma: no cover - only ChannelsLiveServerTestCase uses it
        def __init__(self, *args, **kwargs):
            raise RuntimeError("Install daphne to use ChannelsLiveServerTestCase.")

    testing.DaphneProcess = DaphneProcess
    daphne.testing = testing
    sys.modules.setdefault("daphne", daphne)
    sys.modules.setdefault("daphne.testing", testing)

from channels.testing import WebsocketCommunicator  # noqa: E402

__all__ = ["WebsocketCommunicator"]
