"""Home-page suggestions are cached, but never outlive a change to what they show."""

import re

import pytest

from peerhaven.accounts.models import Topic
from peerhaven.groups.models import Group, Membership
from tests.groups.finder_factories import finder_group


@pytest.fixture
def grief_member(alice):
    grief = Topic.objects.get(slug="grief")
    alice.profile.topics.add(grief)
    return alice


def _suggested(client) -> str:
    """The home page's suggestions (a group they joined is listed above, under their groups)."""
    page = client.get("/").content.decode()
    found = re.search(r'<section class="suggestions".*?</section>', page, re.S)
    assert found, "no suggestions section on the home page"
    return found.group(0)


def test_a_suggested_group_disappears_as_soon_as_it_is_unlisted(
    client, grief_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group = finder_group("Quiet Grief Circle", topics=("grief",))
    client.force_login(grief_member)
    assert "Quiet Grief Circle" in _suggested(client)

    with django_capture_on_commit_callbacks(execute=True):
        group.listing = Group.Listing.UNLISTED
        group.save()

    assert "Quiet Grief Circle" not in _suggested(client)


def test_joining_a_suggested_group_removes_it_from_the_suggestions(
    client, grief_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group = finder_group("Evening Grief Circle", topics=("grief",))
    client.force_login(grief_member)
    assert "Evening Grief Circle" in _suggested(client)

    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(group=group, user=grief_member)

    assert "Evening Grief Circle" not in _suggested(client)


def test_a_second_visit_is_answered_from_the_cache(
    client, grief_member, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finder_group("Morning Grief Circle", topics=("grief",))
    client.force_login(grief_member)
    _suggested(client)
    # Signed-in page: session, user, and the unread-notices count of the header's
    # "Notices" badge (moderation.context_processors.notices_nav); no suggestion queries.
    with django_assert_max_num_queries(3):
        assert "Morning Grief Circle" in _suggested(client)


def test_the_empty_state_depends_on_whether_the_member_listed_topics(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    assert "Add the topics you have lived experience of" in _suggested(client)

    with django_capture_on_commit_callbacks(execute=True):
        alice.profile.topics.add(Topic.objects.get(slug="grief"))

    body = _suggested(client)
    assert "No other group matches your topics and languages right now." in body
    assert "Add the topics you have lived experience of" not in body
