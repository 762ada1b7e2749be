"""Domain errors. Messages are translated and safe to show; `code` is for machines.

`peerhaven.core.errors` is the only place that turns them into responses.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    default_code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.extra = extra or {}


class NotAllowed(DomainError):
    status = 403
    default_code = "not_allowed"


class NotFound(DomainError):
    status = 404
    default_code = "not_found"


class Conflict(DomainError):
    status = 409
    default_code = "conflict"


class LimitReached(DomainError):
    status = 429
    default_code = "limit_reached"
