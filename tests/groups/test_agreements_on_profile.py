"""A member sees on their profile which guidelines they agreed to, and when."""

import re
from datetime import timedelta

from django.utils import timezone

from peerhaven.groups import services
from peerhaven.groups.models import Agreement
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from tests.groups.finder_factories import finder_group
from tests.groups.helpers import agree_now, make_group, publish_version


def test_profile_lists_the_guideline_versions_the_member_agreed_to(alice_client, alice):
    group = finder_group("Harbour Circle")
    number = current_version(instance_rule_set()).number
    services.group_join(user=alice, group=group, instance_version=number, group_version=None)

    body = alice_client.get("/accounts/profile/").content.decode()

    assert "Guidelines you agreed to" in body
    assert f"Harbour Circle: community guidelines version {number}" in body


def test_profile_says_so_when_nothing_was_agreed_yet(alice_client):
    body = alice_client.get("/accounts/profile/").content.decode()
    assert "you have not agreed to any guidelines" in body


def test_another_members_agreements_are_not_shown(alice_client, bob):
    group = finder_group("Lantern Circle")
    number = current_version(instance_rule_set()).number
    services.group_join(user=bob, group=group, instance_version=number, group_version=None)

    assert "Lantern Circle" not in alice_client.get("/accounts/profile/").content.decode()


def test_profile_names_the_groups_own_rules_version_when_there_is_one(alice_client, alice):
    group = make_group(name="Tidewater Circle")
    publish_version(group.rules, change="initial")
    publish_version(group.rules, change="minor")
    agree_now(alice, group)

    body = " ".join(alice_client.get("/accounts/profile/").content.decode().split())

    assert "Tidewater Circle: community guidelines version" in body
    assert "and the group's rules version 2" in body


def test_profile_shows_the_ten_latest_agreements_newest_first(alice_client, alice):
    now = timezone.now()
    for day in range(12):
        agreement = agree_now(alice, make_group(name=f"Circle {day:02}"))
        Agreement.objects.filter(pk=agreement.pk).update(agreed_at=now - timedelta(days=day))

    body = alice_client.get("/accounts/profile/").content.decode()

    shown = re.findall(r"Circle (\d\d): community guidelines", body)
    assert shown == [f"{day:02}" for day in range(10)]
