from __future__ import annotations

import json

from peerhaven.accounts import services as account_services
from peerhaven.safety.models import SafetyPlan
from tests.factories import PASSWORD
from tests.safety.plan_helpers import ALICE_REASON, ALICE_WARNING, give_alice_a_plan


def test_export_holds_the_plan(alice, web_as):
    give_alice_a_plan(alice)

    response = web_as(alice).post("/accounts/export/")

    section = json.loads(response.content)["safety_plan"]
    assert section["warning_signs"] == ALICE_WARNING
    assert section["reasons_to_live"] == ALICE_REASON
    assert section["distractions"] == ""
    assert set(section) == {*SafetyPlan.SECTIONS, "updated_at"}


def test_export_through_the_api_holds_the_plan(alice, api_as):
    give_alice_a_plan(alice)

    response = api_as(alice).get("/api/v1/me/export/")

    assert json.loads(response.content)["safety_plan"]["warning_signs"] == ALICE_WARNING


def test_export_without_a_plan_says_so(alice, web_as):
    response = web_as(alice).post("/accounts/export/")

    assert json.loads(response.content)["safety_plan"] is None


def test_deleting_the_account_erases_the_plan(alice, bob, web_as):
    give_alice_a_plan(alice)
    bob_plan = SafetyPlan.objects.create(user=bob, coping_steps="Bob's steps")

    response = web_as(alice).post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not SafetyPlan.objects.filter(user_id=alice.pk).exists()
    assert not SafetyPlan.objects.filter(warning_signs=ALICE_WARNING).exists()
    assert SafetyPlan.objects.get(pk=bob_plan.pk).coping_steps == "Bob's steps"


def test_account_delete_service_erases_the_plan(alice):
    give_alice_a_plan(alice)

    account_services.account_delete(user=alice, password=PASSWORD)

    assert not SafetyPlan.objects.exists()


def test_wrong_password_keeps_account_and_plan(alice, api_as):
    give_alice_a_plan(alice)

    response = api_as(alice).post("/api/v1/me/delete/", {"password": "wrong"}, format="json")

    assert response.status_code == 400
    assert SafetyPlan.objects.get(user=alice).warning_signs == ALICE_WARNING
