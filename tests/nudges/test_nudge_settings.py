"""Members can turn the coach's hints off in their profile; a group's facilitators can
require them there. Hints show when the profile allows them OR the group requires them."""

from __future__ import annotations

import json
import re

import pytest

from peerhaven.accounts.models import Profile
from peerhaven.conversations import services as conversation_services
from peerhaven.groups.models import Group
from peerhaven.nudges import policies
from peerhaven.nudges.models import NudgeCount
from tests.conversations.helpers import group_with

ANALYZE = "/nudges/analyze/"
ACCEPTANCE = "you should just get over it, at least you have a job"


@pytest.fixture
def circle(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def listen_thread(circle, bob):
    return conversation_services.thread_start(
        author=bob,
        group=circle,
        title="A rough week",
        text="Work has been a lot lately.",
        support_preference="just_listen",
    ).message.conversation


def _profile_form(**changes) -> dict:
    data = {
        "languages": ["en"],
        "time_zone": "Europe/Berlin",
        "support_preference": "share_experiences",
        "who_may_message": "group_members",
        "coach_nudges": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _turn_off(client) -> None:
    response = client.post("/accounts/profile/", _profile_form(coach_nudges=None))
    assert response.status_code == 302


def _hints_shown(client, thread) -> bool:
    response = client.post(
        ANALYZE,
        {"text": ACCEPTANCE, "mode": "reply", "conversation": thread.pk, "draft": "draft-0001"},
    )
    assert response.status_code == 200
    return 'class="nudge"' in response.content.decode()


def _has_region(client, thread) -> bool:
    page = client.get(f"/groups/{thread.group.slug}/conversations/{thread.pk}/")
    return 'class="nudges"' in page.content.decode()


def test_hints_are_on_by_default_and_the_profile_shows_the_choice(alice, bob, web_as):
    page = web_as(alice).get("/accounts/profile/").content.decode()

    assert re.search(r'<input type="checkbox" name="coach_nudges"[^>]*checked', page)
    assert Profile.objects.get(user=alice).coach_nudges is True


def test_a_member_who_turns_hints_off_sees_none(listen_thread, alice, bob, web_as):
    client = web_as(alice)

    _turn_off(client)

    assert Profile.objects.get(user=alice).coach_nudges is False
    assert Profile.objects.get(user=bob).coach_nudges is True
    page = client.get("/accounts/profile/").content.decode()
    assert not re.search(r'<input type="checkbox" name="coach_nudges"[^>]*checked', page)
    assert not _has_region(client, listen_thread)
    assert not _hints_shown(client, listen_thread)
    assert not NudgeCount.objects.exists()
    # Others keep theirs.
    assert _has_region(web_as(bob), listen_thread)
    assert _hints_shown(web_as(bob), listen_thread)


def test_a_group_that_requires_hints_shows_them_even_to_a_member_who_turned_them_off(
    circle, listen_thread, facilitator, alice, web_as
):
    client = web_as(alice)
    _turn_off(client)
    elsewhere = group_with(name="Morning Walkers", facilitator=facilitator, members=[alice])
    other_thread = conversation_services.thread_start(
        author=facilitator, group=elsewhere, title="Hello", text="Welcome all."
    ).message.conversation

    Group.objects.filter(pk=circle.pk).update(require_coach_nudges=True)

    assert _has_region(client, listen_thread)
    assert _hints_shown(client, listen_thread)
    assert not _has_region(client, other_thread)
    assert not _hints_shown(client, other_thread)


def test_the_rule_is_profile_or_group(alice, circle):
    profile = Profile.objects.get(user=alice)
    for allows, requires, shown in [
        (True, False, True),
        (False, False, False),
        (False, True, True),
        (True, True, True),
    ]:
        profile.coach_nudges = allows
        profile.save()
        alice.refresh_from_db()
        circle.require_coach_nudges = requires
        assert policies.can_see_nudges(alice, circle) is shown
    assert policies.can_see_nudges(alice, None) is True


def _group_form(group: Group, **changes) -> dict:
    data = {
        "name": group.name,
        "description": group.description,
        "format": group.format,
        "listing": group.listing,
        "join_policy": group.join_policy,
        "languages": ["en"],
    }
    data.update(changes)
    return data


def test_a_facilitator_can_require_hints_in_their_group_and_a_member_cannot(
    circle, facilitator, alice, charlie, web_as
):
    edit = f"/groups/{circle.slug}/edit/"
    page = web_as(facilitator).get(edit).content.decode()
    assert 'name="require_coach_nudges"' in page

    for person in (alice, charlie):
        refused = web_as(person).post(edit, _group_form(circle, require_coach_nudges="on"))
        assert refused.status_code in (403, 404)
    circle.refresh_from_db()
    assert circle.require_coach_nudges is False

    response = web_as(facilitator).post(edit, _group_form(circle, require_coach_nudges="on"))
    assert response.status_code == 302
    circle.refresh_from_db()
    assert circle.require_coach_nudges is True

    # Saving the form without the box ticked turns the requirement off again.
    web_as(facilitator).post(edit, _group_form(circle))
    circle.refresh_from_db()
    assert circle.require_coach_nudges is False


def test_a_new_group_can_require_hints_from_the_start(facilitator, web_as):
    response = web_as(facilitator).post(
        "/groups/new/",
        {
            "name": "Quiet Lanterns",
            "format": "online",
            "listing": "listed",
            "join_policy": "open",
            "languages": ["en"],
            "require_coach_nudges": "on",
        },
    )

    assert response.status_code == 302
    assert Group.objects.get(name="Quiet Lanterns").require_coach_nudges is True


def test_the_choice_is_in_the_members_data_export(alice, web_as):
    web_as(alice).post("/accounts/profile/", _profile_form(coach_nudges=None))

    export = json.loads(web_as(alice).post("/accounts/export/").content)

    assert export["profile"]["coach_nudges"] is False
