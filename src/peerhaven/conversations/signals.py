"""Tells open chat sockets at once when someone's access may have ended.

- A membership ends (left, removed, account deleted): that person's sockets recheck.
- A material change is published: sockets in that group's rooms (group rules) or in every
  room (the site's guidelines) recheck, so members who must agree again are disconnected.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from peerhaven.conversations import fanout
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import RuleSetVersion

RECHECK = {"type": "access.recheck"}


@receiver(post_delete, sender=Membership)
def _membership_ended(sender: Any, instance: Membership, **kwargs: Any) -> None:
    user_id = instance.user_id
    transaction.on_commit(lambda: fanout.send(fanout.user_group(user_id), RECHECK))


@receiver(post_save, sender=RuleSetVersion)
def _material_change(sender: Any, instance: RuleSetVersion, **kwargs: Any) -> None:
    if instance.status != RuleSetVersion.Status.PUBLISHED:
        return
    if instance.change != RuleSetVersion.Change.MATERIAL:
        return
    group_id = (
        Group.objects.filter(rules_id=instance.rule_set_id).values_list("pk", flat=True).first()
    )
    target = fanout.EVERYONE if group_id is None else fanout.group_group(group_id)
    transaction.on_commit(lambda: fanout.send(target, RECHECK))
