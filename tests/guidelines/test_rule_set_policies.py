"""Who may read and edit which set, asked of the policy and of the services directly."""

import pytest
from django.contrib.auth.models import AnonymousUser

from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.guidelines import policies, selectors, services

pytestmark = pytest.mark.django_db


def test_everyone_reads_the_community_guidelines_but_only_admins_edit_them(
    instance_set, alice, facilitator, org_admin
):
    anonymous = AnonymousUser()

    assert all(policies.can_read_rule_set(u, instance_set) for u in (anonymous, alice, org_admin))
    assert policies.can_edit_rule_set(org_admin, instance_set)
    assert not policies.can_edit_rule_set(anonymous, instance_set)
    assert not policies.can_edit_rule_set(alice, instance_set)
    assert not policies.can_edit_rule_set(facilitator, instance_set)


def test_group_rules_edit_rights_follow_group_roles(
    alice, bob, charlie, org_admin, alice_group, other_unlisted_group
):
    rules = alice_group.rules

    assert policies.can_edit_rule_set(alice, rules)  # the group's facilitator
    assert not policies.can_edit_rule_set(bob, rules)  # a member
    assert policies.can_edit_rule_set(charlie, rules) is False  # facilitates another group
    assert policies.can_edit_rule_set(org_admin, rules)
    assert policies.can_read_rule_set(AnonymousUser(), rules)
    assert not policies.can_read_rule_set(AnonymousUser(), other_unlisted_group.rules)
    assert not policies.can_read_rule_set(alice, other_unlisted_group.rules)


def test_services_refuse_non_editors_even_when_called_directly(
    instance_set, alice, bob, org_admin, alice_group, other_listed_group, other_unlisted_group
):
    with pytest.raises(NotAllowed):
        services.draft_create(rule_set=instance_set, author=alice)
    with pytest.raises(NotAllowed):
        services.draft_create(rule_set=alice_group.rules, author=bob)
    with pytest.raises(NotAllowed):
        services.draft_create(rule_set=other_listed_group.rules, author=alice)
    with pytest.raises(NotFound):
        services.draft_create(rule_set=other_unlisted_group.rules, author=alice)

    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    with pytest.raises(NotAllowed):
        services.version_publish(version=draft, author=alice, change="minor", note="Mine.")
    with pytest.raises(NotAllowed):
        services.draft_guideline_remove(guideline=draft.guidelines.first(), author=alice)

    assert selectors.draft_of(instance_set) == draft
    assert draft.guidelines.count() == 10
    assert selectors.draft_of(alice_group.rules) is None
