"""Who may see and answer alerts, and who sees the safety dashboard.

An alert is seen by the responders it was sent to, by the facilitators of the group it
concerns and by site admins. Anyone else gets "not found", as if it did not exist. The
message behind an alert is shown only to those who may already read it in its group.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from peerhaven.accounts.models import Role
from peerhaven.accounts.policies import facilitates_a_group
from peerhaven.conversations import policies as conversation_policies
from peerhaven.core.exceptions import DomainError, NotAllowed, NotFound
from peerhaven.groups.policies import is_group_facilitator, is_site_admin
from peerhaven.safety.models import Alert, AlertRecipient

RESPONDER_ROLES = frozenset({Role.FACILITATOR, Role.SUPPORTER, Role.ADMIN})


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def alert_not_found() -> NotFound:
    return NotFound(_("There is no such alert."), code="alert_not_found")


def can_view_alert(user: Any, alert: Alert) -> bool:
    if not _signed_in(user):
        return False
    if is_site_admin(user):
        return True
    if alert.group_id is not None and is_group_facilitator(user, alert.group):  # type: ignore[arg-type]
        return True
    return AlertRecipient.objects.filter(alert=alert, user=user).exists()


def check_view_alert(user: Any, alert: Alert) -> None:
    if not can_view_alert(user, alert):
        raise alert_not_found()


# Answering is open to everyone who may see the alert: the first to say "I'm on it" wins.
can_respond_alert = can_view_alert
check_respond_alert = check_view_alert


def can_see_alert_message(user: Any, alert: Alert) -> bool:
    """The text behind an alert, only for people who could read it in its group anyway."""
    message = alert.message
    if message is None:
        return False
    try:
        conversation_policies.check_read_message(user, message)
    except DomainError:
        return False
    return True


def is_responder(user: Any) -> bool:
    """Someone who may be sent alerts: shows the alerts link and the live alert banner."""
    if not _signed_in(user):
        return False
    return user.role in RESPONDER_ROLES or facilitates_a_group(user)


def can_view_dashboard(user: Any) -> bool:
    if not _signed_in(user):
        return False
    return is_site_admin(user) or facilitates_a_group(user)


def check_view_dashboard(user: Any) -> None:
    if not can_view_dashboard(user):
        raise NotAllowed(
            _("The safety dashboard is for group facilitators and organization admins."),
            code="not_responder",
        )
