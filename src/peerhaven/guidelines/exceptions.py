"""Errors of guideline sets. Messages are translated and safe to show."""

from __future__ import annotations

from peerhaven.core.exceptions import Conflict, DomainError, NotAllowed, NotFound


class RuleSetNotFound(NotFound):
    default_code = "rule_set_not_found"


class VersionNotFound(NotFound):
    default_code = "version_not_found"


class DraftNotFound(NotFound):
    default_code = "no_draft"


class GuidelineNotFound(NotFound):
    default_code = "guideline_not_found"


class RuleSetEditNotAllowed(NotAllowed):
    default_code = "not_allowed"


class VersionPublished(Conflict):
    """A published version is immutable: its guidelines are what members agreed to."""

    default_code = "version_published"


class GuidelineInvalid(DomainError):
    """Bad guideline input. `extra["fields"]` maps field names to messages."""

    default_code = "invalid_guideline"


class PublishInvalid(DomainError):
    """A publish request that cannot go ahead (no note, empty draft, unknown change kind)."""

    default_code = "invalid_publish"
