"""Nobody but its owner ever sees a safety plan: not another member, a stranger, a
facilitator or an organization admin, through the pages, the API, the export or the
admin console. There is no URL with an id, so each of them only reaches their own plan."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin

from peerhaven.accounts.models import Role
from peerhaven.safety.models import SafetyPlan
from tests.factories import UserFactory
from tests.safety.plan_helpers import ALICE_REASON, ALICE_WARNING, give_alice_a_plan

OTHERS = ["bob", "charlie", "facilitator", "org_admin"]
PAGES = ["/safety/plan/", "/safety/plan/edit/", "/safety/plan/print/"]
ALICE_WORDS = ("Alice-warning", "Alice-coping", "Alice-reason")


def assert_nothing_of_alice(text: str) -> None:
    for words in ALICE_WORDS:
        assert words not in text


@pytest.fixture
def other(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("other", OTHERS, indirect=True)
def test_others_see_only_their_own_empty_plan_on_every_page(alice, other, web_as):
    give_alice_a_plan(alice)
    client = web_as(other)

    for url in PAGES:
        # Query strings naming alice are ignored: the page is always the caller's.
        response = client.get(url, {"user": alice.pk, "user_id": alice.pk, "id": alice.pk})
        assert response.status_code == 200
        assert_nothing_of_alice(response.content.decode())
    assert "What is a safety plan?" in client.get(PAGES[0]).content.decode()
    assert client.get("/safety/plan/clear/")["Location"] == "/safety/plan/"


@pytest.mark.parametrize("other", OTHERS, indirect=True)
def test_others_get_only_their_own_empty_plan_from_the_api(alice, other, api_as):
    give_alice_a_plan(alice)

    response = api_as(other).get("/api/v1/safety-plan/", {"user": alice.pk})

    assert response.status_code == 200
    assert response.json()["exists"] is False
    assert_nothing_of_alice(response.content.decode())


@pytest.mark.parametrize("other", OTHERS, indirect=True)
def test_others_writing_or_erasing_touch_only_their_own_plan(alice, other, web_as, api_as):
    give_alice_a_plan(alice)

    web_as(other).post("/safety/plan/edit/", {"warning_signs": "mine"})
    web_as(other).post("/safety/plan/clear/")
    api_as(other).put("/api/v1/safety-plan/", {"warning_signs": "mine"}, format="json")
    api_as(other).delete("/api/v1/safety-plan/")

    plan = SafetyPlan.objects.get(user=alice)
    assert plan.warning_signs == ALICE_WARNING
    assert plan.reasons_to_live == ALICE_REASON
    assert not SafetyPlan.objects.filter(user=other).exists()


@pytest.mark.parametrize("other", OTHERS, indirect=True)
def test_others_exports_hold_nothing_of_alices_plan(alice, other, web_as):
    give_alice_a_plan(alice)

    response = web_as(other).post("/accounts/export/")

    data = json.loads(response.content)
    assert data["safety_plan"] is None
    assert_nothing_of_alice(response.content.decode())


def test_safety_plan_has_no_page_in_the_admin_console(alice, web_as):
    give_alice_a_plan(alice)
    superuser = UserFactory(
        display_name="Root",
        email="root@example.org",
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )
    client = web_as(superuser)

    assert SafetyPlan not in admin.site._registry
    assert client.get("/admin/safety/safetyplan/").status_code == 404
    plan = SafetyPlan.objects.get(user=alice)
    assert client.get(f"/admin/safety/safetyplan/{plan.pk}/change/").status_code == 404
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "safetyplan" not in index.content.decode().lower()
    assert "safety plan" not in index.content.decode().lower()


def test_admin_pages_about_alice_show_nothing_of_her_plan(alice, org_admin, web_as):
    give_alice_a_plan(alice)
    superuser = UserFactory(
        display_name="Root",
        email="root@example.org",
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )

    for person in (org_admin, superuser):
        client = web_as(person)
        for url in (
            f"/admin/accounts/user/{alice.pk}/change/",
            f"/admin/accounts/user/{alice.pk}/delete/",
            "/admin/accounts/user/?q=alice",
        ):
            response = client.get(url)
            assert response.status_code in (200, 302, 403)
            assert_nothing_of_alice(response.content.decode())
