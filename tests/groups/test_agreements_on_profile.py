"""A member sees on their profile which guidelines they agreed to, and when."""

from peerhaven.groups import services
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from tests.groups.finder_factories import finder_group


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
