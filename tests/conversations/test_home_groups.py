"""The home page lists a member's own groups: what is new to them in each, and whether they
must agree to changed guidelines before taking part."""

from __future__ import annotations

import re

import pytest

from peerhaven.conversations import selectors, services
from peerhaven.conversations.models import Conversation
from peerhaven.groups import services as group_services
from peerhaven.groups.models import Group
from peerhaven.groups.selectors import HOME_GROUPS_MAX
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.moderation import services as moderation
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now, make_group, publish_version

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


def _my_groups(client) -> str:
    page = client.get("/").content.decode()
    found = re.search(r'<section class="my-groups".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_a_member_sees_their_groups_with_the_posts_new_to_them(db, facilitator, alice, bob, web_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    make_group(name="Morning Walkers", facilitator=facilitator)  # not hers
    talk = thread(circle, bob, title="Sleep", text="Anyone awake?")
    post(talk, facilitator, "I am")

    section = _my_groups(web_as(alice))
    assert "Evening Circle" in section and f'href="/groups/{circle.slug}/"' in section
    assert "2 new posts" in section
    assert f'href="/groups/{circle.slug}/conversations/"' in section
    assert "Morning Walkers" not in section

    # Reading the thread to its end clears it; the author's own posts are never new.
    web_as(alice).get(f"/groups/{circle.slug}/conversations/{talk.pk}/")
    section = _my_groups(web_as(alice))
    assert "new post" not in section and "Nothing new since your last visit." in section
    assert "1 new post<" in _my_groups(web_as(bob))  # the facilitator's reply, not his own
    assert "You facilitate this group." in _my_groups(web_as(facilitator))


def test_no_section_for_someone_in_no_group_nor_for_a_visitor(db, facilitator, alice, web_as):
    group_with(facilitator=facilitator)
    assert _my_groups(web_as(alice)) == ""
    assert web_as(alice).get("/").status_code == 200
    assert _my_groups(web_as(None)) == ""


def test_a_group_they_left_is_gone_from_the_list(db, facilitator, alice, web_as):
    circle = group_with(facilitator=facilitator, members=[alice])
    assert "Evening Circle" in _my_groups(web_as(alice))
    group_services.group_leave(user=alice, group=circle)
    assert _my_groups(web_as(alice)) == ""


def test_changed_guidelines_are_flagged_with_a_link_to_agree(db, facilitator, alice, web_as):
    circle = group_with(facilitator=facilitator, members=[alice])
    assert "Agree again" not in _my_groups(web_as(alice))
    publish_version(circle.rules, change=RuleSetVersion.Change.MATERIAL, changed_text="Phones off.")
    section = _my_groups(web_as(alice))
    assert "Agree again to take part" in section
    assert f'href="/groups/{circle.slug}/agree/"' in section


def test_past_the_first_few_groups_a_link_leads_to_all_of_them(db, facilitator, alice, web_as):
    for index in range(HOME_GROUPS_MAX + 1):
        join_now(alice, make_group(name=f"Circle {index:02d}", facilitator=facilitator))
    section = _my_groups(web_as(alice))
    assert section.count('<li class="card">') == HOME_GROUPS_MAX
    assert f"Circle {HOME_GROUPS_MAX:02d}" not in section  # by name: the last one waits
    assert 'href="/groups/mine/"' in section and "All your groups" in section


def test_the_api_lists_the_same_counts(db, facilitator, alice, bob, api_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, bob, title="Sleep", text="Anyone awake?")
    post(talk, facilitator, "I am")

    mine = api_as(alice).get("/api/v1/me/groups/").json()
    assert [(g["slug"], g["unread"]) for g in mine] == [(circle.slug, 2)]
    assert [g["unread"] for g in api_as(bob).get("/api/v1/me/groups/").json()] == [1]


def test_the_count_matches_the_thread_list_for_every_reader(db, facilitator, alice, bob, charlie):
    """The home page's count (conversation_selectors.unread_total) counts the posts the thread
    list marks new: not a muted person's, not one waiting for a facilitator, never your own,
    only after your read mark."""
    circle = group_with(facilitator=facilitator, members=[alice, bob, charlie])
    services.mute_set(user=alice, target=charlie, muted=True)
    open_talk = thread(circle, bob, title="Sleep", text="Anyone awake?")
    post(open_talk, charlie, "Me")
    post(open_talk, facilitator, "I am here too")
    post(thread(circle, alice, title="Mine", text="My words"), bob, "Welcome")
    Group.objects.filter(pk=circle.pk).update(premoderate_first_posts=1)
    moderation.premoderation_changed(circle.pk)
    newcomer = UserFactory(display_name="Dana", email="dana@example.org")
    join_now(newcomer, circle)
    held = thread(circle, newcomer, title="Raw", text="First words")
    assert held.messages.get(seq=1).moderation == "pending"

    # A post waiting for a facilitator is in their queue, not new in the thread list.
    expected = {facilitator: 2, alice: 3, bob: 2, charlie: 3, newcomer: 5}
    for reader, count in expected.items():
        listed = selectors.conversations_of_group(
            group=circle, user=reader, kind=Conversation.Kind.THREAD
        )
        assert sum(c.unread_count for c in listed) == count, reader
        assert selectors.unread_total(user=reader, group=circle) == count, reader


def test_counting_stops_at_ninety_nine_plus(db, facilitator, alice, bob, web_as, api_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, bob, title="A long night", text="Still here")
    for index in range(selectors.UNREAD_COUNTED_MAX):
        post(talk, bob, f"Message {index}")

    assert selectors.unread_total(user=alice, group=circle) == selectors.UNREAD_COUNTED_MAX
    assert "99+ new posts" in _my_groups(web_as(alice))
    assert "99+ new" in web_as(alice).get(f"/groups/{circle.slug}/").content.decode()
    assert api_as(alice).get("/api/v1/me/groups/").json()[0]["unread"] == 100


def test_someone_who_blocked_a_facilitator_counts_only_where_they_facilitate(
    db, facilitator, alice, bob, api_as, web_as
):
    """A block never hides a member's words from the group's facilitators; in a group where
    the same person is an ordinary member it hides them as anywhere else."""
    theirs = group_with(name="Evening Circle", facilitator=facilitator, members=[bob])
    elsewhere = group_with(name="Morning Walkers", facilitator=alice, members=[bob])
    join_now(facilitator, elsewhere)
    thread(theirs, bob, title="Sleep", text="Anyone awake?")
    thread(elsewhere, bob, title="Walk", text="Who is coming?")
    services.block_set(user=bob, target=facilitator, blocked=True)

    mine = api_as(facilitator).get("/api/v1/me/groups/").json()
    assert {g["slug"]: g["unread"] for g in mine} == {theirs.slug: 1, elsewhere.slug: 0}
    section = _my_groups(web_as(facilitator))
    assert section.count("1 new post<") == 1 and "Nothing new since your last visit." in section
