"""Every time a member reads is in the time zone of their profile: pages, and the words
written to them (a mute's end). Visitors and members who chose none read UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from peerhaven.accounts.models import Profile
from peerhaven.conversations.exceptions import MutedInGroup
from peerhaven.conversations.models import Message
from peerhaven.groups.models import Membership
from peerhaven.moderation import services as moderation
from peerhaven.moderation.models import Notice
from tests.conversations.helpers import group_with, post, room, thread

WRITTEN_AT = datetime(2026, 1, 15, 6, 32, tzinfo=UTC)


def _in_zone(user, name: str) -> None:
    Profile.objects.filter(user=user).update(time_zone=name)


@pytest.fixture
def talk(facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    conversation = thread(circle, bob, title="Sleep", text="Anyone awake?")
    Message.objects.filter(conversation=conversation).update(created_at=WRITTEN_AT)
    return conversation


def _thread_page(client, talk) -> str:
    response = client.get(f"/groups/{talk.group.slug}/conversations/{talk.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_thread_shows_when_a_post_was_written_in_the_readers_own_zone(talk, alice, bob, web_as):
    _in_zone(alice, "America/New_York")
    _in_zone(bob, "UTC")

    in_new_york = _thread_page(web_as(alice), talk)
    in_utc = _thread_page(web_as(bob), talk)

    assert 'data-time-zone="America/New_York"' in in_new_york
    assert 'datetime="2026-01-15T01:32:00-05:00"' in in_new_york
    assert "1:32 a.m." in in_new_york and "6:32 a.m." not in in_new_york
    assert 'data-time-zone="UTC"' in in_utc
    assert 'datetime="2026-01-15T06:32:00+00:00"' in in_utc
    assert "6:32 a.m." in in_utc


def test_a_changed_zone_counts_from_the_next_page(talk, alice, web_as):
    _in_zone(alice, "UTC")
    client = web_as(alice)
    assert "6:32 a.m." in _thread_page(client, talk)

    _in_zone(alice, "Asia/Kolkata")

    assert "12:02 p.m." in _thread_page(client, talk)  # UTC+5:30


def test_a_visitor_reads_utc_and_a_time_zone_never_leaks_to_the_next_request(talk, alice, web_as):
    _in_zone(alice, "Pacific/Auckland")
    assert 'data-time-zone="Pacific/Auckland"' in web_as(alice).get("/").content.decode()

    assert 'data-time-zone="UTC"' in web_as(None).get("/").content.decode()
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_mute_ends_at_a_time_written_in_the_members_own_zone(talk, alice, bob, facilitator):
    _in_zone(alice, "Europe/Berlin")
    message = post(talk, alice, "You never listen to anyone.")
    case = moderation.report_message(reporter=bob, message=message, guideline_key="respect").case
    moderation.case_act(
        moderator=facilitator,
        case=case,
        kind="mute",
        guideline_key="respect",
        reason="A pause to cool down.",
        mute_days=1,
    )
    ends = case.actions.get(kind="mute").until
    in_berlin = ends.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")
    in_berlin += " (Europe/Berlin)"

    notice = Notice.objects.get(user=alice, kind=Notice.Kind.ACTION_TAKEN)
    assert in_berlin in notice.body
    with pytest.raises(MutedInGroup) as refused:
        post(talk, alice, "One more thing")
    assert in_berlin in refused.value.message
    assert ends - timezone.now() > timedelta(hours=23)


def test_the_api_answers_in_utc_whatever_the_members_zone(talk, alice, api_as):
    _in_zone(alice, "America/New_York")
    Membership.objects.filter(user=alice).update(joined_at=WRITTEN_AT)

    listed = api_as(alice).get("/api/v1/me/groups/").json()

    assert [g["joined_at"] for g in listed] == ["2026-01-15T06:32:00Z"]


def test_a_chat_room_shows_the_hour_today_and_the_day_before_in_the_readers_zone(
    facilitator, alice, bob, web_as
):
    circle = group_with(name="Night Owls", facilitator=facilitator, members=[alice, bob])
    chat = room(circle, facilitator)
    earlier = post(chat, bob, "Anyone up?")
    today = post(chat, bob, "Still here")
    Message.objects.filter(pk=earlier.pk).update(created_at=WRITTEN_AT)
    now_in_tokyo = timezone.now().astimezone(ZoneInfo("Asia/Tokyo"))
    _in_zone(alice, "Asia/Tokyo")

    page = web_as(alice).get(f"/groups/{circle.slug}/rooms/{chat.pk}/").content.decode()

    assert ">15 Jan, 15:32</time>" in page  # 06:32 UTC is 15:32 in Tokyo
    shown_today = Message.objects.get(pk=today.pk).created_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert shown_today.date() == now_in_tokyo.date()
    assert f">{shown_today:%H:%M}</time>" in page
