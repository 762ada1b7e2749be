"""The street address and the join link, in every interface, for every kind of viewer.

Only members who agreed to the guidelines in force (and the group's facilitators, who are
such members) get them: on the meeting's page, the group's meetings page, the API's detail
and lists, the single-meeting .ics file and their private calendar feed. Everyone else sees
the area and "address shown after joining"; a group someone may not see answers 404 and
never appears in their feed. (Reminder e-mails are covered in test_reminders.py.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from peerhaven.groups.models import Group
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.meetings import feeds
from peerhaven.meetings.models import FeedToken, MeetingSeries, Occurrence
from tests.conversations.helpers import group_with
from tests.groups.helpers import agree_now, publish_version
from tests.meetings.helpers import ADDRESS, LINK, weekly_meeting

pytestmark = pytest.mark.django_db

SEES = "sees"  # 200, with the address and the link
HIDDEN = "hidden"  # 200, with the area and "shown after joining" instead
NOT_FOUND = "404"  # the group is not visible: the meeting does not exist for them
NOT_LISTED = "absent"  # private feed: the group's meetings are not in it at all
NO_FEED = "no feed"  # a visitor cannot make a feed

VIEWERS = ["facilitator", "agreed", "must_reagree", "non_member", "visitor", "unlisted_outsider"]
INTERFACES = [
    "occurrence_page",
    "group_meetings_page",
    "api_occurrence_detail",
    "api_occurrence_list",
    "api_series_detail",
    "api_series_list",
    "single_ics",
    "private_feed",
]
EXPECTED = {
    "facilitator": dict.fromkeys(INTERFACES, SEES),
    "agreed": dict.fromkeys(INTERFACES, SEES),
    "must_reagree": dict.fromkeys(INTERFACES, HIDDEN),
    "non_member": dict.fromkeys(INTERFACES, HIDDEN) | {"private_feed": NOT_LISTED},
    "visitor": dict.fromkeys(INTERFACES, HIDDEN) | {"private_feed": NO_FEED},
    "unlisted_outsider": dict.fromkeys(INTERFACES, NOT_FOUND) | {"private_feed": NOT_LISTED},
}


@dataclass
class World:
    group: Group
    series: MeetingSeries
    occurrence: Occurrence
    people: dict


@pytest.fixture
def world(facilitator, alice, bob, charlie) -> World:
    """A hybrid weekly meeting. Alice agreed to everything; Bob joined, then the group's
    rules changed materially and he has not agreed again; Charlie is not a member."""
    group = group_with(facilitator=facilitator, members=[alice, bob])
    publish_version(group.rules, change=RuleSetVersion.Change.INITIAL)
    publish_version(group.rules, change=RuleSetVersion.Change.MATERIAL, changed_text="New rule")
    agree_now(facilitator, group)
    agree_now(alice, group)
    series = weekly_meeting(group, facilitator)
    occurrence = series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at")[0]
    people = {
        "facilitator": facilitator,
        "agreed": alice,
        "must_reagree": bob,
        "non_member": charlie,
        "visitor": None,
        "unlisted_outsider": charlie,
    }
    return World(group, series, occurrence, people)


def ics_words(data: bytes) -> str:
    """Every property value of every event, unfolded and unescaped, as a calendar app
    would read them; the file must parse as RFC 5545."""
    calendar = Calendar.from_ical(data)
    return "\n".join(
        str(value)
        for event in calendar.walk("VEVENT")
        for _name, value in event.property_items(recursive=False)
    )


def observe(world: World, web_as, viewer: str, interface: str) -> tuple[int, str, list[dict]]:
    """(status, what the viewer can read, API records) for one viewer and interface."""
    user = world.people[viewer]
    client = web_as(user)
    occurrence, series, slug = world.occurrence, world.series, world.group.slug
    if interface == "private_feed":
        _token, secret = feeds.feed_token_create(user=user)
        response = Client().get(f"/meetings/feed/{secret}.ics")
        return response.status_code, ics_words(response.content), []
    url = {
        "occurrence_page": f"/meetings/occurrences/{occurrence.pk}/",
        "group_meetings_page": f"/meetings/groups/{slug}/",
        "api_occurrence_detail": f"/api/v1/meetings/occurrences/{occurrence.pk}/",
        "api_occurrence_list": f"/api/v1/meetings/groups/{slug}/occurrences/",
        "api_series_detail": f"/api/v1/meetings/series/{series.pk}/",
        "api_series_list": f"/api/v1/meetings/groups/{slug}/series/",
        "single_ics": f"/meetings/occurrences/{occurrence.pk}.ics",
    }[interface]
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, response.content.decode(), []
    if interface == "single_ics":
        return 200, ics_words(response.content), []
    if interface.startswith("api_"):
        body = json.loads(response.content)
        records = body.get("results", [body])
        return 200, response.content.decode(), records
    return 200, response.content.decode(), []


@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_address_and_link_reach_only_members_who_agreed(world, web_as, viewer, interface):
    expected = EXPECTED[viewer][interface]
    if viewer == "unlisted_outsider":
        Group.objects.filter(pk=world.group.pk).update(listing=Group.Listing.UNLISTED)
    if expected == NO_FEED:
        response = web_as(None).post("/meetings/feed/")
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
        assert not FeedToken.objects.exists()
        return

    status, text, records = observe(world, web_as, viewer, interface)

    if expected == NOT_FOUND:
        assert status == 404
        assert world.series.title not in text
    else:
        assert status == 200
    if expected == SEES:
        assert ADDRESS in text and LINK in text
        for record in records:
            assert (record["address"], record["join_link"]) == (ADDRESS, LINK)
        return
    assert ADDRESS not in text and LINK not in text
    if expected == NOT_LISTED:
        assert world.series.title not in text
    if expected == HIDDEN:
        assert "Camden, London" in text
        for record in records:
            assert record["address"] is None and record["join_link"] is None
            assert record["area"] == "Camden, London"
    if expected == HIDDEN and interface.endswith("_page"):
        assert "Address shown after joining" in text
        assert "Link shown after joining" in text


def test_a_member_who_must_agree_again_is_shown_where_to_agree(world, web_as):
    html = web_as(world.people["must_reagree"]).get(f"/meetings/occurrences/{world.occurrence.pk}/")

    assert f'href="/groups/{world.group.slug}/agree/"' in html.content.decode()


def test_agreeing_again_brings_the_details_back_everywhere(world, web_as):
    bob = world.people["must_reagree"]
    agree_now(bob, world.group)

    for interface in INTERFACES:
        status, text, _records = observe(world, web_as, "must_reagree", interface)
        assert status == 200 and ADDRESS in text and LINK in text, interface


def test_leaving_the_group_takes_the_details_away(world, web_as):
    alice = world.people["agreed"]
    world.group.memberships.filter(user=alice).delete()

    for interface in INTERFACES:
        status, text, _records = observe(world, web_as, "agreed", interface)
        assert status == 200 and ADDRESS not in text and LINK not in text, interface


def test_an_online_only_meeting_never_shows_an_address_field(world, web_as, alice):
    online = weekly_meeting(
        world.group, world.people["facilitator"], title="Online only", format="online", address=""
    )

    body = json.loads(web_as(alice).get(f"/api/v1/meetings/series/{online.pk}/").content)

    assert body["address"] is None and body["join_link"] == LINK
