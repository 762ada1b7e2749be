"""Never silence: a message screened concern or urgent is shown to everyone like any other,
and only its author sees the crisis panel beside it, with a way to ask for someone now."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from peerhaven.conversations.models import Message
from peerhaven.safety.models import Alert
from peerhaven.safety.tasks import email_alert
from tests.conversations.helpers import group_with, post, thread
from tests.safety.alert_helpers import EVERYDAY, URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db

CONCERN = "I can't do this anymore. Everything feels pointless and I keep thinking about dying."


@pytest.fixture
def group(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    on_duty_all_week(facilitator, group=group)
    return group


@pytest.fixture
def conversation(group, bob):
    return thread(group, bob)


def _thread_page(web, conversation) -> str:
    return web.get(
        f"/groups/{conversation.group.slug}/conversations/{conversation.pk}/"
    ).content.decode()


@pytest.mark.parametrize(
    ("text", "shown"), [(URGENT, "I want to kill myself tonight"), (CONCERN, "feels pointless")]
)
def test_the_author_sees_the_panel_and_everyone_sees_the_message(
    web_as, conversation, alice, bob, text, shown
):
    message = post(conversation, alice, text)
    assert Message.objects.get(pk=message.pk).risk_level in ("concern", "urgent")
    mine = _thread_page(web_as(alice), conversation)
    theirs = _thread_page(web_as(bob), conversation)
    assert shown in mine
    assert shown in theirs
    assert "care-panel" in mine
    assert "/safety/help-now/" in mine and "/safety/plan/" in mine
    assert "care-panel" not in theirs


def test_no_panel_for_an_everyday_message_or_an_old_one(web_as, conversation, alice):
    post(conversation, alice, EVERYDAY)
    assert "care-panel" not in _thread_page(web_as(alice), conversation)
    old = post(conversation, alice, URGENT)
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert "care-panel" not in _thread_page(web_as(alice), conversation)


def test_the_api_tells_the_author_to_show_care(api_as, conversation, alice):
    response = api_as(alice).post(
        f"/api/v1/conversations/{conversation.pk}/messages/",
        {"text": URGENT, "client_id": "care-api-1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["care"] is True


def test_help_now_page_works_signed_out(client):
    response = client.get("/safety/help-now/")
    assert response.status_code == 200
    assert "care-panel" in response.content.decode()
    assert "/help/" in response.content.decode()


def test_pressing_help_now_tells_the_group_facilitator_on_duty(web_as, group, alice, facilitator):
    response = web_as(alice).post("/safety/help-now/", {"group": group.slug}, follow=True)
    assert response.status_code == 200
    assert "Someone will check in" in response.content.decode()
    alert = Alert.objects.get(member=alice, kind=Alert.Kind.HELP_REQUEST)
    assert alert.group == group
    assert alert.recipients.filter(user=facilitator).exists()
    again = web_as(alice).post("/safety/help-now/", {"group": group.slug}, follow=True)
    assert "already know" in again.content.decode()
    assert Alert.objects.filter(member=alice).count() == 1


def test_help_now_over_the_api_never_refuses(api_as, alice, group):
    first = api_as(alice).post("/api/v1/help-requests/", {"group": "no-such-group"}, format="json")
    assert first.status_code == 201
    assert Alert.objects.get(pk=first.json()["id"]).group is None
    second = api_as(alice).post("/api/v1/help-requests/", {"group": 42}, format="json")
    assert second.status_code in (200, 201)


def test_signed_out_help_now_press_goes_to_sign_in(client):
    response = client.post("/safety/help-now/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert not Alert.objects.exists()


def test_the_responder_is_emailed_a_link_without_the_message(
    group, conversation, alice, facilitator
):
    alert = Alert.objects.get(message=post(conversation, alice, URGENT))
    assert email_alert.call(alert_id=alert.pk, user_id=facilitator.pk) is True
    sent = mail.outbox[-1]
    assert sent.to == [facilitator.email]
    assert f"/safety/alerts/{alert.pk}/" in sent.body
    assert "kill" not in sent.body and "kill" not in sent.subject
