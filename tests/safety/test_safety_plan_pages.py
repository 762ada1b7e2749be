from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.safety.models import SafetyPlan
from tests.safety.plan_helpers import ALICE_REASON, ALICE_WARNING, give_alice_a_plan

PLAN = "/safety/plan/"
EDIT = "/safety/plan/edit/"
PRINT = "/safety/plan/print/"
CLEAR = "/safety/plan/clear/"
PAGES = [PLAN, EDIT, PRINT, CLEAR]

FULL_PLAN = {
    "warning_signs": "I sleep badly",
    "coping_steps": "Slow breathing",
    "distractions": "The park café",
    "people_to_ask": "My cousin, 0123",
    "professionals": "My doctor",
    "safer_surroundings": "Give the pills to my cousin",
    "reasons_to_live": "My garden",
}


def body_of(response) -> str:
    return response.content.decode()


def test_url_names_point_at_the_plan_pages():
    assert reverse("safety-plan") == PLAN
    assert reverse("safety-plan-edit") == EDIT
    assert reverse("safety-plan-print") == PRINT
    assert reverse("safety-plan-clear") == CLEAR


@pytest.mark.parametrize("url", PAGES)
def test_signed_out_visitor_is_sent_to_sign_in(db, url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/sign-in/?next={url}")


@pytest.mark.parametrize("url", [EDIT, CLEAR])
def test_signed_out_post_changes_nothing(alice, url):
    give_alice_a_plan(alice)

    response = Client().post(url, {"warning_signs": "changed"})

    assert response.status_code == 302
    assert SafetyPlan.objects.get(user=alice).warning_signs == ALICE_WARNING


def test_session_still_at_the_two_factor_step_is_sent_to_verify(alice):
    TOTPDevice.objects.create(user=alice, name="Phone", confirmed=True)
    client = Client()
    client.force_login(alice)  # signed in, but the authenticator was not used yet

    response = client.get(PLAN)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-verify"))


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_private_and_never_cached_or_indexed(alice, web_as, url):
    give_alice_a_plan(alice)

    response = web_as(alice).get(url)

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in body_of(response)


@pytest.mark.parametrize("url", PAGES)
def test_pages_carry_no_inline_script_or_style(alice, web_as, url):
    give_alice_a_plan(alice)

    body = body_of(web_as(alice).get(url))

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert "<style" not in body
    assert " style=" not in body
    assert " onclick=" not in body


def test_empty_plan_explains_what_a_safety_plan_is_and_invites_to_start(alice, web_as):
    body = body_of(web_as(alice).get(PLAN))

    assert "What is a safety plan?" in body
    assert "Only you can see your safety plan" in body
    assert f'href="{EDIT}"' in body
    assert "Start my safety plan" in body
    # Every section is named with its prompt.
    assert "My warning signs" in body
    assert "My reasons for living" in body
    assert "matter to you" in body
    assert "Erase my safety plan" not in body


def test_plan_page_links_to_crisis_help(alice, web_as):
    for plan_exists in (False, True):
        if plan_exists:
            give_alice_a_plan(alice)
        body = body_of(web_as(alice).get(PLAN))
        assert f'href="{reverse("crisis-help")}"' in body
        assert "Find crisis lines and urgent help" in body


def test_owner_sees_their_plan_with_every_section_and_prompt(alice, web_as):
    give_alice_a_plan(alice)

    body = body_of(web_as(alice).get(PLAN))

    assert ALICE_WARNING.replace("'", "&#x27;") in body
    assert ALICE_REASON in body
    assert "Nothing here yet" in body  # the sections alice left empty
    assert "What is a safety plan?" not in body
    for title in ("My warning signs", "Things I can do on my own to cope", "My reasons for living"):
        assert title in body
    assert "help take your mind off things" in body
    assert f'href="{PRINT}"' in body
    assert f'href="{CLEAR}"' in body


def test_owner_writes_the_plan_for_the_first_time(alice, web_as):
    client = web_as(alice)
    form = body_of(client.get(EDIT))
    for name in FULL_PLAN:
        assert f'name="{name}"' in form
    assert 'maxlength="2000"' in form
    assert "Every part is optional" in form

    response = client.post(EDIT, FULL_PLAN, follow=True)

    assert response.redirect_chain == [(PLAN, 302)]
    body = body_of(response)
    assert "Your safety plan is saved." in body
    assert "The park café" in body
    plan = SafetyPlan.objects.get(user=alice)
    assert {name: getattr(plan, name) for name in FULL_PLAN} == FULL_PLAN


def test_edit_form_starts_with_what_the_owner_wrote(alice, web_as):
    give_alice_a_plan(alice)

    body = body_of(web_as(alice).get(EDIT))

    assert ALICE_REASON in body


def test_owner_changes_and_empties_sections(alice, web_as):
    give_alice_a_plan(alice)
    data = dict.fromkeys(FULL_PLAN, "") | {"coping_steps": "Call Sam\r\nthen walk"}

    web_as(alice).post(EDIT, data)

    plan = SafetyPlan.objects.get(user=alice)
    assert plan.coping_steps == "Call Sam\nthen walk"
    assert plan.warning_signs == ""
    assert plan.reasons_to_live == ""


def test_over_long_section_is_explained_and_nothing_is_lost(alice, web_as):
    give_alice_a_plan(alice)
    typed = dict(FULL_PLAN, distractions="y" * 2001)

    response = web_as(alice).post(EDIT, typed)

    assert response.status_code == 200
    body = body_of(response)
    assert "Your plan was not saved yet" in body
    assert "Keep this section to 2000 characters or fewer; it has 2001." in body
    assert "My cousin, 0123" in body  # what they typed comes back to them
    assert "y" * 2001 in body
    plan = SafetyPlan.objects.get(user=alice)
    assert plan.warning_signs == ALICE_WARNING
    assert plan.distractions == ""


def test_print_page_is_clean_and_prints_with_a_small_script(alice, web_as):
    give_alice_a_plan(alice)

    body = body_of(web_as(alice).get(PRINT))

    assert ALICE_REASON in body
    assert 'class="site-header"' not in body
    assert "<nav" not in body
    assert "data-print-button" in body
    assert '<script src="/static/js/safety_plan_print.js" defer></script>' in body
    assert "http://testserver/help/" in body
    assert "call your local emergency number" in body


def test_print_script_calls_window_print():
    from django.contrib.staticfiles import finders

    path = finders.find("js/safety_plan_print.js")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        assert "window.print()" in handle.read()


def test_print_page_without_a_plan_gives_space_to_write_by_hand(alice, web_as):
    body = body_of(web_as(alice).get(PRINT))

    assert body.count('class="plan-print-blank"') == 7
    assert "Write in each box" in body


def test_clear_asks_first_then_erases(alice, web_as):
    give_alice_a_plan(alice)
    client = web_as(alice)

    confirm = body_of(client.get(CLEAR))
    assert "cannot be undone" in confirm
    assert SafetyPlan.objects.filter(user=alice).exists()

    response = client.post(CLEAR, follow=True)

    assert response.redirect_chain == [(PLAN, 302)]
    assert "Your safety plan is erased." in body_of(response)
    assert "What is a safety plan?" in body_of(response)
    assert not SafetyPlan.objects.filter(user=alice).exists()


def test_clear_without_a_plan_goes_back_to_the_plan_page(alice, web_as):
    client = web_as(alice)

    assert client.get(CLEAR)["Location"] == PLAN
    assert client.post(CLEAR)["Location"] == PLAN


def test_a_facilitator_and_an_admin_keep_their_own_plan(facilitator, org_admin, web_as):
    for person in (facilitator, org_admin):
        client = web_as(person)
        client.post(EDIT, dict(FULL_PLAN, coping_steps=f"{person.display_name} steps"))

        assert f"{person.display_name} steps" in body_of(client.get(PLAN))
