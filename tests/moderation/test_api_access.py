"""Who may do what through the moderation API: one row per kind of person, one column per
endpoint. Cases and appeals answer 404 to anyone who may not handle them, like missing
ones; the lists only moderators have answer 403; the audit log is for admins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from peerhaven.groups.models import Group, Membership
from peerhaven.moderation import services
from peerhaven.moderation.models import Action, Appeal, Case
from tests.conversations.helpers import post
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.api_helpers import REASON, RUDE, place

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    ids: dict[str, int]
    people: dict[str, Any]


@pytest.fixture
def scene(facilitator, alice, bob, charlie, org_admin) -> Scene:
    here = place(facilitator=facilitator, alice=alice, bob=bob)
    conversation = here.conversation

    # An open case: bob reported alice's rude reply.
    services.report_message(reporter=bob, message=here.message, guideline_key="respect")
    open_case = Case.objects.get(message=here.message)
    # Hidden until edited, and appealed by alice.
    hidden = post(conversation, alice, "Second rude reply")
    services.report_message(reporter=bob, message=hidden, guideline_key="respect")
    hidden_case = Case.objects.get(message=hidden)
    hide = services.case_act(
        moderator=facilitator,
        case=hidden_case,
        kind=Action.Kind.HIDE_PENDING_EDIT,
        guideline_key="respect",
        reason=REASON,
    )
    appeal = services.appeal_create(appellant=alice, action=hide, text="I was provoked.")
    # Removed, not appealed yet.
    removed = post(conversation, alice, "Third rude reply")
    services.report_message(reporter=bob, message=removed, guideline_key="respect")
    removed_case = Case.objects.get(message=removed)
    remove = services.case_act(
        moderator=facilitator,
        case=removed_case,
        kind=Action.Kind.REMOVE,
        guideline_key="respect",
        reason=REASON,
    )
    fresh = post(conversation, alice, "Nobody reported this one.")
    return Scene(
        ids={
            "fresh": fresh.pk,
            "open_case": open_case.pk,
            "hidden_case": hidden_case.pk,
            "removed_case": removed_case.pk,
            "remove": remove.pk,
            "appeal": appeal.pk,
            "slug": here.group.slug,
        },
        people={
            "author": alice,
            "reporter": bob,
            "outsider": charlie,
            "facilitator": facilitator,
            "other_facilitator": here.other_facilitator,
            "admin": org_admin,
            "signed_out": None,
        },
    )


ENDPOINTS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("guidelines", "get", "/api/v1/reports/guidelines/?message={fresh}", None),
    ("notices", "get", "/api/v1/notices/", None),
    ("my cases", "get", "/api/v1/my-cases/", None),
    ("my case", "get", "/api/v1/my-cases/{hidden_case}/", None),
    ("queue", "get", "/api/v1/moderation/cases/", None),
    ("case", "get", "/api/v1/moderation/cases/{open_case}/", None),
    ("pending", "get", "/api/v1/moderation/pending-posts/", None),
    ("appeals", "get", "/api/v1/moderation/appeals/", None),
    ("audit", "get", "/api/v1/moderation/audit/", None),
    ("transparency", "get", "/api/v1/moderation/transparency/?group={slug}", None),
    ("read all", "post", "/api/v1/notices/read/", {}),
    ("report", "post", "/api/v1/reports/", {"message": "{fresh}", "guideline": "respect"}),
    (
        "appeal",
        "post",
        "/api/v1/my-cases/{removed_case}/actions/{remove}/appeal/",
        {"text": "It was a joke between friends."},
    ),
    (
        "act",
        "post",
        "/api/v1/moderation/cases/{open_case}/actions/",
        {"kind": "note", "guideline": "respect", "reason": REASON},
    ),
    (
        "decide",
        "post",
        "/api/v1/moderation/appeals/{appeal}/decide/",
        {"overturn": False, "note": "It breaks the guideline on respect."},
    ),
]

EXPECTED = {
    #                  guide notic mycs mycase queue case pend appls audit trans
    #                  read report appeal act decide
    "author": [200, 200, 200, 200, 403, 404, 403, 403, 403, 200, 200, 400, 201, 404, 404],
    "reporter": [200, 200, 200, 404, 403, 404, 403, 403, 403, 200, 200, 201, 404, 404, 404],
    # A group's published figures are for its members, like its conversations.
    "outsider": [404, 200, 200, 404, 403, 404, 403, 403, 403, 404, 200, 404, 404, 404, 404],
    "facilitator": [200, 200, 200, 404, 200, 200, 200, 200, 403, 200, 200, 201, 404, 201, 403],
    "other_facilitator": [
        *[404, 200, 200, 404, 200, 404, 200, 200, 403, 404],
        *[200, 404, 404, 404, 404],
    ],
    # Admins handle every case, but members-only conversations stay members-only.
    "admin": [404, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404, 201, 200],
    "signed_out": [403] * 15,
}


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if filled.isdigit() and value.startswith("{") else filled
    if isinstance(value, dict):
        return {key: _fill(v, ids) for key, v in value.items()}
    return value


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_kind_of_person_gets_what_they_may(scene, api_as, who):
    client = api_as(scene.people[who])
    got = []
    for _name, method, path, body in ENDPOINTS:
        url = _fill(path, scene.ids)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, _fill(body, scene.ids), format="json")
        got.append(response.status_code)

    assert dict(zip([e[0] for e in ENDPOINTS], got, strict=True)) == dict(
        zip([e[0] for e in ENDPOINTS], EXPECTED[who], strict=True)
    )


def test_errors_say_why_in_the_usual_shape(scene, api_as):
    facilitator = scene.people["facilitator"]
    member = api_as(scene.people["reporter"])

    queue = member.get("/api/v1/moderation/cases/")
    own = api_as(facilitator).post(
        f"/api/v1/moderation/appeals/{scene.ids['appeal']}/decide/",
        {"overturn": True, "note": "Fine."},
        format="json",
    )
    case = member.get(f"/api/v1/moderation/cases/{scene.ids['open_case']}/")

    assert queue.json()["code"] == "not_moderator"
    assert own.json()["code"] == "own_action"
    assert case.json()["code"] == "case_not_found"
    assert Appeal.objects.get().status == Appeal.Status.PENDING


def test_facilitators_see_only_their_groups_cases(scene, api_as):
    mine = api_as(scene.people["facilitator"]).get("/api/v1/moderation/cases/").json()
    other = api_as(scene.people["other_facilitator"]).get("/api/v1/moderation/cases/").json()
    admin = api_as(scene.people["admin"]).get("/api/v1/moderation/cases/").json()

    assert [c["id"] for c in mine["results"]] == [scene.ids["open_case"]]
    assert other["count"] == 0
    assert [c["id"] for c in admin["results"]] == [scene.ids["open_case"]]


def test_a_facilitator_never_handles_a_case_about_themselves(scene, api_as, facilitator, bob):
    conversation = Case.objects.get(pk=scene.ids["open_case"]).message.conversation
    theirs = post(conversation, facilitator, RUDE)
    services.report_message(reporter=bob, message=theirs, guideline_key="respect", note="Unkind")
    case = Case.objects.get(message=theirs)
    client = api_as(facilitator)

    queue = client.get("/api/v1/moderation/cases/").json()
    detail = client.get(f"/api/v1/moderation/cases/{case.pk}/")
    acted = client.post(
        f"/api/v1/moderation/cases/{case.pk}/actions/",
        {"kind": "no_action", "guideline": "respect", "reason": "Seems fine to me."},
        format="json",
    )
    admin = api_as(scene.people["admin"]).get(f"/api/v1/moderation/cases/{case.pk}/")

    assert case.pk not in [c["id"] for c in queue["results"]]
    assert detail.status_code == 404
    assert "Bob" not in detail.content.decode()
    assert acted.status_code == 404
    assert case.actions.count() == 0
    assert admin.status_code == 200
    assert admin.json()["reports"][0]["reporter"] == "Bob"


def test_the_audit_log_is_for_admins_even_among_moderators(scene, api_as, org_admin):
    refused = api_as(scene.people["facilitator"]).get("/api/v1/moderation/audit/")
    allowed = api_as(org_admin).get("/api/v1/moderation/audit/")

    assert refused.status_code == 403
    assert refused.json()["code"] == "admins_only"
    assert [e["verb"] for e in allowed.json()["results"]] == [
        "case.remove",
        "appeal.created",
        "case.hide_pending_edit",
    ]


def test_a_second_facilitator_of_the_group_handles_its_cases(scene, api_as):
    co = UserFactory(display_name="Kim", email="kim@example.org")
    join_now(co, Group.objects.get(slug=scene.ids["slug"]), role=Membership.Role.FACILITATOR)

    response = api_as(co).get(f"/api/v1/moderation/cases/{scene.ids['open_case']}/")

    assert response.status_code == 200
