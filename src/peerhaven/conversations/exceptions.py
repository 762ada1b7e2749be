"""Errors for conversations. Messages are safe to show to the person."""

from __future__ import annotations

from peerhaven.core.exceptions import Conflict, DomainError, LimitReached, NotAllowed


class InvalidMessage(DomainError):
    """Empty or over-long text, a bad client id, an unknown content warning."""

    default_code = "invalid_message"


class ClientIdReused(Conflict):
    """The same client id was sent before with a different text."""

    default_code = "client_id_reused"


class SendingTooFast(LimitReached):
    default_code = "rate_limited"


class TooManyConnections(LimitReached):
    default_code = "too_many_connections"


class MutedInGroup(NotAllowed):
    """A moderator muted this person in the group for a while; they may still read."""

    default_code = "muted_in_group"


class ConversationClosed(Conflict):
    """A mediated conversation was closed by a facilitator: it can be read, not written."""

    default_code = "conversation_closed"


class ServerFault(DomainError):
    """Something failed on the server's side while handling a chat frame; worth retrying."""

    status = 500
    default_code = "server_error"


class AccountClosed(NotAllowed):
    """The account was suspended or closed while its socket was open."""

    default_code = "account_closed"


class SessionEnded(NotAllowed):
    """The session this socket opened with ended: signed out, or ended from elsewhere."""

    default_code = "signed_out"
