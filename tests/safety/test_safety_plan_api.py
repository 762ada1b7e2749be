from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.safety.models import SafetyPlan
from tests.safety.plan_helpers import ALICE_REASON, ALICE_WARNING, give_alice_a_plan

URL = "/api/v1/safety-plan/"
SECTIONS = list(SafetyPlan.SECTIONS)


def test_no_plan_yet_answers_with_empty_sections(alice, api_as):
    response = api_as(alice).get(URL)

    assert response.status_code == 200
    assert response.json() == {"exists": False, "updated_at": None} | dict.fromkeys(SECTIONS, "")


def test_owner_reads_their_plan(alice, api_as):
    give_alice_a_plan(alice)

    body = api_as(alice).get(URL).json()

    assert body["exists"] is True
    assert body["warning_signs"] == ALICE_WARNING
    assert body["reasons_to_live"] == ALICE_REASON
    assert body["distractions"] == ""
    assert body["updated_at"]


def test_put_replaces_the_whole_plan(alice, api_as):
    give_alice_a_plan(alice)

    response = api_as(alice).put(URL, {"coping_steps": "Tea."}, format="json")

    assert response.status_code == 200
    assert response.json()["coping_steps"] == "Tea."
    assert response.json()["warning_signs"] == ""
    plan = SafetyPlan.objects.get(user=alice)
    assert plan.coping_steps == "Tea."
    assert plan.warning_signs == ""
    assert plan.reasons_to_live == ""


def test_put_creates_a_plan(alice, api_as):
    data = {name: f"{name} text" for name in SECTIONS}

    response = api_as(alice).put(URL, data, format="json")

    assert response.status_code == 200
    assert response.json()["exists"] is True
    plan = SafetyPlan.objects.get(user=alice)
    assert {name: getattr(plan, name) for name in SECTIONS} == data


def test_patch_changes_only_the_sections_sent(alice, api_as):
    give_alice_a_plan(alice)

    response = api_as(alice).patch(URL, {"distractions": "Films."}, format="json")

    assert response.status_code == 200
    assert response.json()["distractions"] == "Films."
    assert response.json()["warning_signs"] == ALICE_WARNING
    assert SafetyPlan.objects.get(user=alice).reasons_to_live == ALICE_REASON


def test_delete_erases_the_plan(alice, api_as):
    give_alice_a_plan(alice)
    client = api_as(alice)

    response = client.delete(URL)

    assert response.status_code == 204
    assert not SafetyPlan.objects.filter(user=alice).exists()
    assert client.get(URL).json()["exists"] is False
    assert client.delete(URL).status_code == 204


def test_over_long_section_is_a_clear_400_and_nothing_changes(alice, api_as):
    give_alice_a_plan(alice)

    response = api_as(alice).patch(
        URL, {"warning_signs": "x" * 2001, "distractions": "Films."}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["extra"]["fields"]["warning_signs"] == [
        "Keep this section to 2000 characters or fewer."
    ]
    plan = SafetyPlan.objects.get(user=alice)
    assert plan.warning_signs == ALICE_WARNING
    assert plan.distractions == ""


@pytest.mark.parametrize("method", ["put", "patch"])
def test_unknown_field_is_a_400_and_nothing_is_saved(alice, api_as, method):
    response = getattr(api_as(alice), method)(
        URL, {"coping_steps": "Tea.", "user": 2, "warning_sings": "typo"}, format="json"
    )

    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert set(fields) == {"user", "warning_sings"}
    assert fields["user"] == ["A safety plan has no section with this name."]
    assert not SafetyPlan.objects.exists()


@pytest.mark.parametrize("value", [12, None, True, ["a"]])
def test_section_that_is_not_text_is_a_400(alice, api_as, value):
    response = api_as(alice).patch(URL, {"coping_steps": value}, format="json")

    assert response.status_code == 400
    assert "coping_steps" in response.json()["extra"]["fields"]
    assert not SafetyPlan.objects.exists()


def test_body_that_is_not_an_object_is_a_400(alice, api_as):
    response = api_as(alice).put(URL, ["coping_steps"], format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_signed_out_caller_is_refused(alice, method):
    give_alice_a_plan(alice)

    response = getattr(APIClient(), method)(URL, {"coping_steps": "x"}, format="json")

    assert response.status_code in (401, 403)
    assert ALICE_WARNING not in response.content.decode()
    assert SafetyPlan.objects.get(user=alice).coping_steps == "Alice-coping: walk by the river"


def test_token_reaches_only_its_owners_plan(alice, bob):
    give_alice_a_plan(alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=bob).key}")

    client.patch(URL, {"coping_steps": "Bob's steps"}, format="json")

    assert client.get(URL).json()["coping_steps"] == "Bob's steps"
    assert SafetyPlan.objects.get(user=alice).coping_steps == "Alice-coping: walk by the river"


def test_answers_are_never_cached(alice, api_as):
    client = api_as(alice)

    for response in (client.get(URL), client.patch(URL, {"coping_steps": "x"}, format="json")):
        assert response["Cache-Control"] == "private, no-store"


def test_schema_documents_the_endpoint(alice, api_as):
    schema = api_as(alice).get("/api/v1/schema/").content.decode()

    assert "/api/v1/safety-plan/:" in schema
    assert "SafetyPlanInput" in schema
    assert "maxLength: 2000" in schema
