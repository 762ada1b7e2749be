"""Acknowledging and closing alerts, over the web pages and the API: the first answer wins,
later ones get a clear refusal, and bad input changes nothing."""

from __future__ import annotations

import pytest

from peerhaven.safety import services
from peerhaven.safety.models import Alert, AlertEvent
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.safety.alert_helpers import URGENT, add_facilitator, on_duty_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    on_duty_all_week(facilitator, group=group)
    return group


@pytest.fixture
def alert(group, alice, bob):
    return Alert.objects.get(message=post(thread(group, bob), alice, URGENT))


def test_responder_acknowledges_then_closes_with_an_outcome_over_the_api(
    api_as, facilitator, alert
):
    api = api_as(facilitator)
    acked = api.post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    assert acked.status_code == 200, acked.content
    assert acked.json()["status"] == "acknowledged"
    assert acked.json()["acknowledged_by"] == facilitator.display_name

    closed = api.post(
        f"/api/v1/alerts/{alert.pk}/close/",
        {"outcome": "gave_resources", "note": "Shared the local line."},
        format="json",
    )
    assert closed.status_code == 200, closed.content
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED
    assert alert.outcome == Alert.Outcome.GAVE_RESOURCES
    assert alert.escalate_at is None
    kinds = list(alert.events.values_list("kind", flat=True))
    assert kinds[0] == AlertEvent.Kind.RAISED
    assert kinds[-2:] == [AlertEvent.Kind.ACKNOWLEDGED, AlertEvent.Kind.CLOSED]


def test_a_second_acknowledgement_is_refused_and_names_who_took_it(
    api_as, facilitator, alert, group
):
    other = UserFactory(display_name="Sam", role="facilitator")
    add_facilitator(group, other)
    assert api_as(facilitator).post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 200
    again = api_as(other).post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    assert again.status_code == 409
    assert again.json()["code"] == "alert_already_answered"
    assert facilitator.display_name in again.json()["message"]
    alert.refresh_from_db()
    assert alert.acknowledged_by == facilitator


def test_closing_twice_is_refused_and_keeps_the_first_outcome(api_as, facilitator, alert):
    api = api_as(facilitator)
    api.post(f"/api/v1/alerts/{alert.pk}/close/", {"outcome": "checked_in"}, format="json")
    again = api.post(f"/api/v1/alerts/{alert.pk}/close/", {"outcome": "false_alarm"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "alert_closed"
    alert.refresh_from_db()
    assert alert.outcome == Alert.Outcome.CHECKED_IN


@pytest.mark.parametrize(
    "body",
    [{}, {"outcome": "fixed"}, {"outcome": "other", "note": "x" * 501}, {"outcome": 3}],
)
def test_bad_close_input_is_refused_and_the_alert_stays_open(api_as, facilitator, alert, body):
    response = api_as(facilitator).post(f"/api/v1/alerts/{alert.pk}/close/", body, format="json")
    assert response.status_code == 400
    assert response.json()["message"]
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN


def test_the_wrong_person_cannot_acknowledge_or_close(api_as, web_as, bob, charlie, alice, alert):
    for person in (bob, charlie, alice):
        assert api_as(person).post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 404
        response = web_as(person).post(f"/safety/alerts/{alert.pk}/close/", {"outcome": "other"})
        assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN


def test_acknowledge_and_close_on_the_web_pages(web_as, facilitator, alert):
    web = web_as(facilitator)
    page = web.get(f"/safety/alerts/{alert.pk}/")
    assert page.status_code == 200
    assert "I&#x27;m on it" in page.content.decode() or "I'm on it" in page.content.decode()
    # The responder is a member of the group: the message is shown with its link.
    assert URGENT in page.content.decode()
    assert f"/conversations/messages/{alert.message_id}/" in page.content.decode()

    response = web.post(f"/safety/alerts/{alert.pk}/acknowledge/", follow=True)
    assert "on it" in response.content.decode()
    again = web.post(f"/safety/alerts/{alert.pk}/acknowledge/", follow=True)
    assert "already answered" in again.content.decode()

    bad = web.post(f"/safety/alerts/{alert.pk}/close/", {"outcome": "", "note": "kept text"})
    assert bad.status_code == 400
    assert "kept text" in bad.content.decode()
    too_long = web.post(
        f"/safety/alerts/{alert.pk}/close/", {"outcome": "checked_in", "note": "x" * 501}
    )
    assert too_long.status_code == 400
    assert 'value="checked_in" required checked' in too_long.content.decode()
    done = web.post(f"/safety/alerts/{alert.pk}/close/", {"outcome": "checked_in"}, follow=True)
    assert done.status_code == 200
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED


def test_closing_without_acknowledging_first_counts_as_acknowledged(facilitator, alert):
    services.alert_close(user=facilitator, alert=alert, outcome="false_alarm")
    alert.refresh_from_db()
    assert alert.acknowledged_by == facilitator
    assert alert.acknowledged_at == alert.closed_at


def test_the_message_link_opens_the_message_in_its_thread(web_as, facilitator, alert):
    response = web_as(facilitator).get(f"/conversations/messages/{alert.message_id}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{alert.message_id}")


def test_an_alert_about_an_account_since_deleted_says_so_and_can_still_be_closed(
    web_as, facilitator, alice, alert
):
    from peerhaven.accounts.services import account_erase

    account_erase(user=alice)
    web = web_as(facilitator)

    page = web.get(f"/safety/alerts/{alert.pk}/").content.decode()
    assert "An account that has since been deleted" in page
    assert "nobody can reach them through Peerhaven any more" in page

    web.post(f"/safety/alerts/{alert.pk}/close/", {"outcome": "other", "note": "Left."})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED
    assert "nobody can reach them" not in web.get(f"/safety/alerts/{alert.pk}/").content.decode()
