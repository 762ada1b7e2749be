"""Who may see an alert, in every interface: its responders, the group's facilitators and
site admins. Everyone else gets "not found". A fallback responder who is not a member of
the group sees where and why, never the message."""

from __future__ import annotations

import pytest

from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.safety.alert_helpers import URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    on_duty_all_week(facilitator, group=group)
    return Alert.objects.get(message=post(thread(group, bob), alice, URGENT))


@pytest.fixture
def other_facilitator(db):
    other = UserFactory(display_name="Other facilitator", role="facilitator")
    group_with(name="Another group", facilitator=other)
    return other


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "other_facilitator"])
def test_people_not_entitled_get_not_found_everywhere(request, web_as, api_as, alert, who):
    person = request.getfixturevalue(who)
    assert web_as(person).get(f"/safety/alerts/{alert.pk}/").status_code == 404
    assert api_as(person).get(f"/api/v1/alerts/{alert.pk}/").status_code == 404
    listed = api_as(person).get("/api/v1/alerts/")
    assert listed.status_code == 200
    assert listed.json()["count"] == 0
    inbox = web_as(person).get("/safety/alerts/?status=all")
    assert inbox.status_code == 200
    assert URGENT not in inbox.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in_and_refused_by_the_api(client, alert):
    assert client.get(f"/safety/alerts/{alert.pk}/").status_code == 302
    assert client.get("/api/v1/alerts/").status_code in (401, 403)
    assert client.get("/safety/dashboard/").status_code == 302


def test_the_responder_sees_the_alert_and_the_message(api_as, facilitator, alert):
    data = api_as(facilitator).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert data["message_text"] == URGENT
    assert data["member"] == "Alice"
    assert [r["code"] for r in data["reasons"]] == alert.reasons


def test_an_admin_outside_the_group_sees_the_alert_but_not_the_message(
    api_as, web_as, org_admin, alert
):
    data = api_as(org_admin).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert data["id"] == alert.pk
    assert data["message_text"] is None and data["message_url"] == ""
    page = web_as(org_admin).get(f"/safety/alerts/{alert.pk}/").content.decode()
    assert URGENT not in page
    assert "not a member" in page


def test_members_never_see_the_alerts_link_responders_do(web_as, alice, facilitator, alert):
    assert "/safety/alerts/" not in web_as(alice).get("/").content.decode()
    home = web_as(facilitator).get("/").content.decode()
    assert "/safety/alerts/" in home
    assert "js/alerts" in home


def test_the_dashboard_is_for_facilitators_and_admins_only(
    web_as, api_as, alice, facilitator, org_admin, alert
):
    assert web_as(alice).get("/safety/dashboard/").status_code == 403
    assert api_as(alice).get("/api/v1/alerts/dashboard/").status_code == 403
    for person in (facilitator, org_admin):
        assert web_as(person).get("/safety/dashboard/").status_code == 200
        assert api_as(person).get("/api/v1/alerts/dashboard/").json()["open"] == 1
