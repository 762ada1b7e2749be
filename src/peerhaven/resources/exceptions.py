from __future__ import annotations

from peerhaven.core.exceptions import DomainError, NotFound


class UnknownFilter(DomainError):
    """A directory filter names a country, language or topic that does not exist."""

    default_code = "unknown_filter"


class CrisisLineNotFound(NotFound):
    default_code = "resource_not_found"
