"""Errors of the coach's web and API side. Messages are safe to show."""

from __future__ import annotations

from peerhaven.core.exceptions import DomainError


class InvalidDraft(DomainError):
    """A text, mode, locale or context the coach cannot take."""

    default_code = "invalid_draft"


class TextTooLong(InvalidDraft):
    default_code = "text_too_long"


class InvalidNudge(DomainError):
    """An accepted-hint event for an unknown kind or draft."""

    default_code = "invalid_nudge"
