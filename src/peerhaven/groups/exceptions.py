"""Errors for groups, membership and agreements. Messages are safe to show to the person."""

from __future__ import annotations

from peerhaven.core.exceptions import Conflict, DomainError


class AgreementNeeded(Conflict):
    """A member must agree to the current guidelines before taking part. Reading stays open."""

    default_code = "agreement_needed"


class AlreadyMember(Conflict):
    default_code = "already_member"


class GroupFull(Conflict):
    default_code = "group_full"


class VersionNotCurrent(Conflict):
    """The versions agreed to are not the ones in force now; extra holds the current ones."""

    default_code = "superseded_version"


class InviteNotUsable(Conflict):
    """An invite link that was revoked, has expired or has been used up."""

    default_code = "invite_not_usable"


class JoinPolicyMismatch(Conflict):
    """Joining the wrong way for this group (e.g. joining an invite-only group directly)."""

    default_code = "join_policy"


class RequestNotPending(Conflict):
    default_code = "request_not_pending"


class LastFacilitator(Conflict):
    default_code = "last_facilitator"


class InvalidAnswers(DomainError):
    default_code = "invalid_answers"


# --- Finding a group --------------------------------------------------------------------------
class SearchInputError(DomainError):
    """Finder input that cannot be searched; extra["field"] names the input to change."""

    default_code = "invalid_search"


class UnknownPlace(SearchInputError):
    default_code = "unknown_place"


class MalformedCoordinates(SearchInputError):
    default_code = "malformed_coordinates"


class SearchQueryTooLong(SearchInputError):
    default_code = "query_too_long"


class UnknownSearchFilter(SearchInputError):
    """A topic, format, language or join policy the finder does not know."""

    default_code = "unknown_filter"
