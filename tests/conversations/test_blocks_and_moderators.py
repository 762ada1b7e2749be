"""A block keeps two people apart; it never hides a member's words from the people who keep
their group safe. The group's facilitators still read, in every interface, what a member
who blocked them writes, and a safety alert always shows them the message behind it."""

from __future__ import annotations

import pytest

from peerhaven.conversations import services
from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, post, thread
from tests.safety.alert_helpers import URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    on_duty_all_week(facilitator, group=group)
    return group


@pytest.fixture
def conversation(circle, facilitator):
    return thread(circle, facilitator, title="Checking in", text="Welcome, everyone.")


def _thread_url(conversation) -> str:
    return f"/groups/{conversation.group.slug}/conversations/{conversation.pk}/"


def test_the_facilitator_reads_a_member_who_blocked_them_on_the_web_and_the_api(
    conversation, alice, bob, facilitator, web_as, api_as
):
    services.block_set(user=alice, target=facilitator, blocked=True)
    message = post(conversation, alice, "Something I need to say.")

    page = web_as(facilitator).get(_thread_url(conversation)).content.decode()
    api = api_as(facilitator).get(f"/api/v1/conversations/{conversation.pk}/messages/")
    in_context = web_as(facilitator).get(f"/conversations/messages/{message.pk}/")

    assert "Something I need to say." in page
    assert "Something I need to say." in [m["text"] for m in api.json()["messages"]]
    assert in_context.status_code == 302
    # The block still works for the member who set it, and for everyone else nothing changes.
    assert "Welcome, everyone." not in web_as(alice).get(_thread_url(conversation)).content.decode()
    assert "Something I need to say." in web_as(bob).get(_thread_url(conversation)).content.decode()


def test_a_thread_started_by_a_member_who_blocked_the_facilitator_is_listed_for_them(
    circle, alice, facilitator, web_as
):
    services.block_set(user=alice, target=facilitator, blocked=True)
    thread(circle, alice, title="A hard evening", text="Not doing well.")

    listing = web_as(facilitator).get(f"/groups/{circle.slug}/conversations/").content.decode()

    assert "A hard evening" in listing


def test_a_member_who_blocked_the_facilitator_still_gets_help_and_the_alert_shows_the_message(
    conversation, alice, facilitator, web_as, api_as
):
    services.block_set(user=alice, target=facilitator, blocked=True)
    alert = Alert.objects.get(message=post(conversation, alice, URGENT))

    data = api_as(facilitator).get(f"/api/v1/alerts/{alert.pk}/").json()
    page = web_as(facilitator).get(f"/safety/alerts/{alert.pk}/").content.decode()

    assert data["message_text"] == URGENT
    assert data["message_url"] == f"/conversations/messages/{alert.message_id}/"
    assert URGENT in page
    assert "not a member" not in page


def test_a_member_elsewhere_who_was_blocked_still_cannot_read_the_blockers_posts(
    conversation, alice, bob, web_as, api_as
):
    services.block_set(user=alice, target=bob, blocked=True)
    message = post(conversation, alice, "Only for those I have not blocked.")

    page = web_as(bob).get(_thread_url(conversation)).content.decode()
    api = api_as(bob).get(f"/api/v1/conversations/{conversation.pk}/messages/")

    assert "Only for those I have not blocked." not in page
    assert "Only for those I have not blocked." not in [m["text"] for m in api.json()["messages"]]
    reaction = api_as(bob).post(f"/api/v1/messages/{message.pk}/reactions/me_too/")
    assert reaction.status_code == 404
