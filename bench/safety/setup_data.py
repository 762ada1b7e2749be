"""The safety benchmark's people, groups, rooms and responders, written in bulk.

Run by bench/safety/run.py with the server's environment (production settings, the bench's
throw-away database), after `migrate`:

    python bench/safety/setup_data.py CLIENTS ROOMS OUT.json

Like bench/chat/setup_data.py (CLIENTS members, site role member, signed-in sessions,
client i in room i % ROOMS, one shared precomputed password hash), except that each room
has a group of its own, so that an alert goes to that group's facilitator:

- ROOMS groups, each with one chat room, whose members have agreed to the guidelines in
  force (what agree_now in tests/groups/helpers.py records);
- per group one facilitator (site role facilitator, facilitator of that group only) on duty
  all week (whole-day windows every day, what on_duty_all_week in
  tests/safety/alert_helpers.py stores);
- one site admin on fallback duty all week: the second step of every alert's chain;
- every responder with a confirmed authenticator and a session that passed the two-factor
  step (the session names the device under django_otp's DEVICE_ID_SESSION_KEY, what the
  web_as fixture in tests/conftest.py stores), so their notification socket opens.

Writes {"groups", "rooms", "clients": [{"user", "session", "room"}], "responders": [{"user",
"session", "room", "group", "step"}]} to OUT.json; the fallback responder has room null and
step 1.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import django


def create(clients: int, rooms: int) -> dict[str, Any]:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from peerhaven.accounts.models import Profile, Role, User
    from peerhaven.conversations.models import Conversation
    from peerhaven.groups.models import Agreement, Group, Membership
    from peerhaven.guidelines.models import RuleSet
    from peerhaven.guidelines.selectors import current_version, instance_rule_set
    from peerhaven.safety.models import DutyWindow

    password = make_password(get_random_string(24))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    expires = timezone.now() + timedelta(days=1)

    def sessions(users: list[User], devices: dict[int, TOTPDevice]) -> list[str]:
        keys = [get_random_string(32, VALID_KEY_CHARS) for _ in users]
        rows = []
        for key, user in zip(keys, users, strict=True):
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "peerhaven.accounts.backends.AccountBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            if user.pk in devices:
                data[DEVICE_ID_SESSION_KEY] = devices[user.pk].persistent_id
            rows.append(
                Session(session_key=key, expire_date=expires, session_data=store.encode(data))
            )
        Session.objects.bulk_create(rows)
        return keys

    def whole_week(user: User, kind: str, group: Group | None) -> list[DutyWindow]:
        return [
            DutyWindow(
                user=user,
                kind=kind,
                group=group,
                weekday=day,
                starts=time(0),
                ends=time(0),
                time_zone="UTC",
            )
            for day in range(7)
        ]

    with transaction.atomic():
        members = User.objects.bulk_create(
            User(
                email=f"bench-safety-{i}@example.invalid",
                display_name=f"Bench member {i}",
                role=Role.MEMBER,
                password=password,
            )
            for i in range(clients)
        )
        facilitators = User.objects.bulk_create(
            User(
                email=f"bench-safety-facilitator-{r}@example.invalid",
                display_name=f"Bench facilitator {r}",
                role=Role.FACILITATOR,
                password=password,
            )
            for r in range(rooms)
        )
        fallback = User.objects.create(
            email="bench-safety-fallback@example.invalid",
            display_name="Bench fallback responder",
            role=Role.ADMIN,
            is_staff=True,
            password=password,
        )
        responders = [*facilitators, fallback]
        Profile.objects.bulk_create(Profile(user=user) for user in [*members, *responders])
        rule_sets = RuleSet.objects.bulk_create(
            RuleSet(scope=RuleSet.Scope.GROUP, name=f"Rules of safety bench group {r}")
            for r in range(rooms)
        )
        groups = Group.objects.bulk_create(
            Group(
                name=f"Safety bench {r}",
                slug=f"safety-bench-{r}",
                rules=rules,
                listing=Group.Listing.UNLISTED,
            )
            for r, rules in enumerate(rule_sets)
        )
        instance_version = current_version(instance_rule_set())
        group_versions = [current_version(rules) for rules in rule_sets]
        in_group = [(user, i % rooms, Membership.Role.MEMBER) for i, user in enumerate(members)]
        in_group += [(user, r, Membership.Role.FACILITATOR) for r, user in enumerate(facilitators)]
        Membership.objects.bulk_create(
            Membership(group=groups[r], user=user, role=role) for user, r, role in in_group
        )
        Agreement.objects.bulk_create(
            Agreement(
                user=user,
                group=groups[r],
                instance_version=instance_version,
                group_version=group_versions[r],
            )
            for user, r, _role in in_group
        )
        conversations = Conversation.objects.bulk_create(
            Conversation(group=group, kind=Conversation.Kind.ROOM, title=f"Room {r}")
            for r, group in enumerate(groups)
        )
        windows = [
            w
            for r, user in enumerate(facilitators)
            for w in whole_week(user, DutyWindow.Kind.GROUP, groups[r])
        ]
        windows += whole_week(fallback, DutyWindow.Kind.FALLBACK, None)
        DutyWindow.objects.bulk_create(windows)
        devices = {
            user.pk: TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
            for user in responders
        }
        member_keys = sessions(members, {})
        responder_keys = sessions(responders, devices)
    return {
        "groups": [g.pk for g in groups],
        "rooms": [c.pk for c in conversations],
        "clients": [
            {"user": user.pk, "session": key, "room": conversations[i % rooms].pk}
            for i, (user, key) in enumerate(zip(members, member_keys, strict=True))
        ],
        "responders": [
            {
                "user": user.pk,
                "session": key,
                "room": conversations[r].pk if r < rooms else None,
                "group": groups[r].pk if r < rooms else None,
                "step": 0 if r < rooms else 1,
            }
            for r, (user, key) in enumerate(zip(responders, responder_keys, strict=True))
        ],
    }


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhaven.config.settings")
    django.setup()
    result = create(int(sys.argv[1]), int(sys.argv[2]))
    Path(sys.argv[3]).write_text(json.dumps(result))
    print(
        json.dumps(
            {
                "clients": len(result["clients"]),
                "rooms": len(result["rooms"]),
                "responders": len(result["responders"]),
            }
        )
    )


if __name__ == "__main__":
    main()
