"""Mediated conversations through the conversations API: the same rules as the pages
(everyone but participants, the group's facilitators and site admins gets 404), never
listed for other members, and closed means no more writing."""

from __future__ import annotations

import pytest

from peerhaven.moderation import mediation
from tests.conversations.helpers import post
from tests.moderation.mediation_helpers import PEOPLE, mediation_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(facilitator, alice, bob):
    return mediation_scene(facilitator=facilitator, alice=alice, bob=bob)


def _base(scene) -> str:
    return f"/api/v1/conversations/{scene.conversation.pk}/"


@pytest.mark.parametrize("who", list(PEOPLE))
def test_reading_it_is_for_participants_facilitators_and_admins(
    scene, charlie, org_admin, api_as, who
):
    find, may_read, may_write = PEOPLE[who]
    client = api_as(find(scene, charlie, org_admin))

    detail = client.get(_base(scene))
    messages = client.get(f"{_base(scene)}messages/")
    read = client.post(f"{_base(scene)}read/", {"seq": 1}, format="json")

    if not may_read:
        for response in (detail, messages, read):
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"
        return
    assert detail.status_code == 200
    assert detail.json()["kind"] == "mediation"
    assert detail.json()["can_write"] is may_write
    assert [m["author"] for m in messages.json()["messages"]] == ["Fran"]
    assert read.status_code == 200


@pytest.mark.parametrize("who", list(PEOPLE))
def test_writing_is_for_participants_and_facilitators(scene, charlie, org_admin, api_as, who):
    find, may_read, may_write = PEOPLE[who]
    response = api_as(find(scene, charlie, org_admin)).post(
        f"{_base(scene)}messages/", {"text": "May I add something?"}, format="json"
    )

    stored = scene.conversation.messages.filter(body="May I add something?").exists()
    assert stored is may_write
    if may_write:
        assert response.status_code == 201
    elif may_read:
        assert response.status_code == 403
        assert response.json()["code"] == "not_participant"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", list(PEOPLE))
def test_its_messages_answer_404_to_everyone_who_may_not_read_it(
    scene, charlie, org_admin, api_as, who
):
    find, may_read, may_write = PEOPLE[who]
    message = post(scene.conversation, scene.bob, "I did not mean it that way.")
    client = api_as(find(scene, charlie, org_admin))

    reaction = client.post(f"/api/v1/messages/{message.pk}/reactions/hear_you/")

    if not may_read:
        assert reaction.status_code == 404
    elif who == "participant bob":
        assert reaction.status_code == 409  # his own message
    else:
        assert reaction.status_code == (200 if may_write else 403)


def test_it_is_listed_for_those_taking_part_and_never_for_other_members(scene, charlie, api_as):
    path = f"/api/v1/groups/{scene.group.slug}/conversations/"
    for person in (scene.alice, scene.bob, scene.facilitator):
        listed = api_as(person).get(path, {"kind": "mediation"}).json()["results"]
        assert [c["title"] for c in listed] == ["Talking it through"]
        assert api_as(person).get(path).json()["results"] == []  # not among threads
    assert api_as(scene.dana).get(path, {"kind": "mediation"}).json()["results"] == []
    assert api_as(charlie).get(path, {"kind": "mediation"}).status_code == 404


def test_it_cannot_be_started_through_the_conversations_api(scene, api_as):
    response = api_as(scene.facilitator).post(
        f"/api/v1/groups/{scene.group.slug}/conversations/",
        {"kind": "mediation", "title": "Sneaky", "text": "Hi"},
        format="json",
    )
    assert response.status_code == 400
    assert not scene.group.conversations.filter(title="Sneaky").exists()


def test_once_closed_posting_is_refused_with_a_clear_message(scene, api_as):
    mediation.mediation_close(actor=scene.facilitator, conversation=scene.conversation, note="Done")

    for person in (scene.alice, scene.facilitator):
        client = api_as(person)
        response = client.post(f"{_base(scene)}messages/", {"text": "Wait"}, format="json")
        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "conversation_closed"
        assert "closed" in body["message"]
        assert client.get(_base(scene)).json()["can_write"] is False
    assert scene.conversation.messages.count() == 1
