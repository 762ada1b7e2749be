"""E-mails that tell members who asked for them that others answered their threads.

Opt-in (Profile.email_replies), at most one e-mail per run of the hourly task, and only
about replies that came after the last one and that the member has not read. The e-mail
holds a count and two links: no group, title, name or words, because an inbox may be
shared, and the person's struggles are theirs to tell.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from peerhaven.accounts.models import Profile
from peerhaven.conversations import selectors
from peerhaven.core.site_url import absolute_url

logger = logging.getLogger(__name__)


def reply_emails_send(*, now: datetime | None = None) -> int:
    """Send each member who asked for it one e-mail if others replied to their threads since
    the last one; returns how many went. A failed send is logged and tried next run."""
    now = now or timezone.now()
    sent = 0
    profiles = Profile.objects.filter(email_replies=True, user__is_active=True).select_related(
        "user"
    )
    for profile in profiles.iterator(chunk_size=200):
        threads = selectors.own_threads_with_replies(
            user=profile.user, since=profile.replies_emailed_at, limit=None
        )
        if not threads:
            continue
        context = {
            "site_name": settings.OTP_TOTP_ISSUER,
            "count": len(threads),
            "home_link": absolute_url(reverse("home")),
            "profile_link": absolute_url(reverse("profile")),
        }
        try:
            send_mail(
                subject=" ".join(
                    render_to_string("conversations/reply_email/subject.txt", context).split()
                ),
                message=render_to_string("conversations/reply_email/body.txt", context),
                from_email=None,
                recipient_list=[profile.user.email],
            )
        except Exception:
            logger.exception("Could not send a replies e-mail")
            continue
        with transaction.atomic():
            Profile.objects.filter(pk=profile.pk).update(replies_emailed_at=now)
        sent += 1
    return sent
