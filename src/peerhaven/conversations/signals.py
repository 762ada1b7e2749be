"""Tells open chat sockets at once when someone's access may have ended.

- A membership ends (left, removed, account deleted): that person's sockets recheck.
- An account is suspended (made inactive): its chat and notification sockets close.
- Someone signs out, changes their password or signs out everywhere else: their chat and
  notification sockets check the session they opened with, and close if it ended.
- A first version or a material change is published: sockets in that group's rooms (group
  rules) or in every room (the site's guidelines) recheck, so members who must agree again
  are disconnected.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from peerhaven.accounts.models import User
from peerhaven.accounts.sessions import sessions_changed
from peerhaven.conversations import fanout
from peerhaven.core.consumers import user_group as notification_group
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import RuleSetVersion

RECHECK = {"type": "access.recheck"}
SESSION_CHECK = {"type": "session.check"}


@receiver(post_delete, sender=Membership)
def _membership_ended(sender: Any, instance: Membership, **kwargs: Any) -> None:
    user_id = instance.user_id
    transaction.on_commit(lambda: fanout.send(fanout.user_group(user_id), RECHECK))


@receiver(post_save, sender=User)
def _account_deactivated(sender: Any, instance: User, **kwargs: Any) -> None:
    """A suspended account's open sockets close at once: chat and notifications alike."""
    if instance.is_active:
        return
    user_id = instance.pk

    def tell() -> None:
        fanout.send(fanout.user_group(user_id), RECHECK)
        fanout.send(notification_group(user_id), {"type": "account.closed"})

    transaction.on_commit(tell)


@receiver(sessions_changed)
def _sessions_changed(sender: Any, user_id: int, **kwargs: Any) -> None:
    fanout.send(fanout.user_group(user_id), SESSION_CHECK)
    fanout.send(notification_group(user_id), SESSION_CHECK)


@receiver(post_save, sender=RuleSetVersion)
def _material_change(sender: Any, instance: RuleSetVersion, **kwargs: Any) -> None:
    if instance.status != RuleSetVersion.Status.PUBLISHED:
        return
    # A first version asks for agreement as a material change does (a minor one does not).
    if instance.change == RuleSetVersion.Change.MINOR:
        return
    group_id = (
        Group.objects.filter(rules_id=instance.rule_set_id).values_list("pk", flat=True).first()
    )
    target = fanout.EVERYONE if group_id is None else fanout.group_group(group_id)
    transaction.on_commit(lambda: fanout.send(target, RECHECK))
