"""Who may do what through the conversations API: one row per kind of person, one column
per endpoint. Members-only content answers 404 to everyone else, like a missing thing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from peerhaven.conversations import services
from peerhaven.conversations.models import Message, Reaction
from peerhaven.groups.models import Membership
from tests.conversations.helpers import group_with, post, thread
from tests.groups.helpers import join_now, publish_instance_version


@dataclass
class Scene:
    group: Any
    conversation: Any
    message: Any  # alice's, in a thread she started


@pytest.fixture
def scene(facilitator, alice, bob) -> Scene:
    group = group_with(facilitator=facilitator, members=[alice, bob])
    conversation = thread(group, alice, title="Sleep", text="Anyone else awake at 3am?")
    return Scene(group, conversation, conversation.messages.get())


def as_member(scene, bob, charlie, org_admin):
    return bob


def as_stranger(scene, bob, charlie, org_admin):
    return charlie


def as_removed_member(scene, bob, charlie, org_admin):
    join_now(charlie, scene.group)
    post(scene.conversation, charlie, "I was here once")
    Membership.objects.filter(group=scene.group, user=charlie).delete()
    return charlie


def as_member_who_must_agree_again(scene, bob, charlie, org_admin):
    publish_instance_version(change="material", changed_text="Be kind, and also patient.")
    return bob


def as_blocked_member(scene, bob, charlie, org_admin):
    services.block_set(user=scene.message.author, target=bob, blocked=True)
    return bob


def as_site_admin_not_member(scene, bob, charlie, org_admin):
    return org_admin


ENDPOINTS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("list", "get", "/api/v1/groups/{slug}/conversations/", None),
    ("start thread", "post", "/api/v1/groups/{slug}/conversations/", {"title": "Hi", "text": "Hi"}),
    ("detail", "get", "/api/v1/conversations/{conversation}/", None),
    ("messages", "get", "/api/v1/conversations/{conversation}/messages/", None),
    ("post", "post", "/api/v1/conversations/{conversation}/messages/", {"text": "Same here"}),
    ("read", "post", "/api/v1/conversations/{conversation}/read/", {"seq": 1}),
    ("react", "post", "/api/v1/messages/{message}/reactions/hear_you/", None),
    ("unreact", "delete", "/api/v1/messages/{message}/reactions/hear_you/", None),
    ("edit other's", "patch", "/api/v1/messages/{message}/", {"text": "Changed"}),
    ("delete other's", "delete", "/api/v1/messages/{message}/", None),
    ("versions", "get", "/api/v1/messages/{message}/versions/", None),
]

EXPECTED = {
    #                                list start detail msgs post read react unreact edit del vers
    as_member: [200, 201, 200, 200, 201, 200, 200, 200, 403, 403, 403],
    as_stranger: [404] * 11,
    as_removed_member: [404] * 11,
    as_member_who_must_agree_again: [200, 409, 200, 200, 409, 200, 409, 409, 403, 403, 403],
    as_blocked_member: [200, 201, 200, 200, 201, 200, 404, 404, 404, 404, 404],
    as_site_admin_not_member: [404] * 11,
}

CASES = [
    pytest.param(actor, index, id=f"{actor.__name__}-{ENDPOINTS[index][0]}")
    for actor in EXPECTED
    for index in range(len(ENDPOINTS))
]


@pytest.mark.parametrize(("become", "index"), CASES)
def test_each_kind_of_person_gets_the_answer_the_policies_give(
    scene, bob, charlie, org_admin, api_as, become, index
):
    user = become(scene, bob, charlie, org_admin)
    name, method, template, body = ENDPOINTS[index]
    path = template.format(
        slug=scene.group.slug, conversation=scene.conversation.pk, message=scene.message.pk
    )
    messages_before = Message.objects.count()

    response = getattr(api_as(user), method)(path, body, format="json")

    assert response.status_code == EXPECTED[become][index], response.content
    if response.status_code >= 400:
        assert Message.objects.count() == messages_before
        assert Message.objects.filter(pk=scene.message.pk, body=scene.message.body).exists()
        assert not Reaction.objects.exists()


@pytest.mark.parametrize(
    "become", [as_stranger, as_removed_member, as_site_admin_not_member, as_blocked_member]
)
def test_hidden_messages_look_exactly_like_missing_ones(
    scene, bob, charlie, org_admin, api_as, become
):
    user = become(scene, bob, charlie, org_admin)
    client = api_as(user)

    hidden = client.get(f"/api/v1/messages/{scene.message.pk}/versions/")
    missing = client.get("/api/v1/messages/999999/versions/")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_hidden_conversation_looks_exactly_like_a_missing_one(scene, charlie, api_as):
    client = api_as(charlie)

    hidden = client.get(f"/api/v1/conversations/{scene.conversation.pk}/messages/")
    missing = client.get("/api/v1/conversations/999999/messages/")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_blocked_member_does_not_see_the_blockers_messages(scene, alice, bob, api_as):
    post(scene.conversation, bob, "Me too, most nights")
    services.block_set(user=alice, target=bob, blocked=True)

    bobs_view = api_as(bob).get(f"/api/v1/conversations/{scene.conversation.pk}/messages/")
    alices_view = api_as(alice).get(f"/api/v1/conversations/{scene.conversation.pk}/messages/")

    assert [m["author"] for m in bobs_view.json()["messages"]] == ["Bob"]
    assert [m["author"] for m in alices_view.json()["messages"]] == ["Alice"]


def test_a_member_who_must_agree_again_is_told_which_versions(scene, bob, api_as):
    version = publish_instance_version(change="material", changed_text="Be kind and patient.")

    response = api_as(bob).post(
        f"/api/v1/conversations/{scene.conversation.pk}/messages/", {"text": "Hi"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "agreement_needed"
    assert response.json()["extra"]["instance_version"] == version.number


def test_only_the_groups_facilitators_see_earlier_versions(scene, alice, facilitator, api_as):
    services.message_edit(user=alice, message=scene.message, text="Anyone awake at 4am?")
    path = f"/api/v1/messages/{scene.message.pk}/versions/"

    as_facilitator = api_as(facilitator).get(path)
    as_author = api_as(alice).get(path)

    assert as_facilitator.status_code == 200
    assert [v["text"] for v in as_facilitator.json()] == ["Anyone else awake at 3am?"]
    assert as_author.status_code == 403


def test_only_facilitators_open_chat_rooms(scene, bob, charlie, facilitator, api_as):
    path = f"/api/v1/groups/{scene.group.slug}/conversations/"
    body = {"kind": "room", "title": "Tuesday chat"}

    assert api_as(bob).post(path, body, format="json").status_code == 403
    assert api_as(charlie).post(path, body, format="json").status_code == 404
    response = api_as(facilitator).post(path, body, format="json")

    assert response.status_code == 201
    assert response.json()["conversation"]["kind"] == "room"
    assert response.json()["message"] is None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/groups/evening-circle/conversations/"),
        ("get", "/api/v1/conversations/1/messages/"),
        ("post", "/api/v1/conversations/1/messages/"),
        ("get", "/api/v1/me/muted/"),
        ("post", "/api/v1/me/blocked/"),
    ],
)
def test_visitors_must_sign_in(scene, api_as, method, path):
    response = getattr(api_as(None), method)(path, {"text": "Hi"}, format="json")

    assert response.status_code == 403
    assert Message.objects.count() == 1
