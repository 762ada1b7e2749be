"""Scheduled work of conversations."""

from __future__ import annotations

import logging
from datetime import timedelta

from django_tasks import task

from peerhaven.conversations import reply_emails, services
from peerhaven.core import periodic

logger = logging.getLogger(__name__)


@task()
def erase_expired_messages() -> int:
    """Erase messages past their group's retention period; log how many."""
    erased = services.messages_erase_expired()
    logger.info("Retention: erased %d expired messages", erased, extra={"erased": erased})
    periodic.schedule(erase_expired_messages.name)
    return erased


periodic.register(erase_expired_messages, every=timedelta(hours=1))


@task()
def email_reply_notices() -> int:
    """Tell members who asked for it that others answered their threads."""
    sent = reply_emails.reply_emails_send()
    logger.info("Replies e-mails sent: %d", sent, extra={"sent": sent})
    periodic.schedule(email_reply_notices.name)
    return sent


periodic.register(email_reply_notices, every=timedelta(hours=1))
