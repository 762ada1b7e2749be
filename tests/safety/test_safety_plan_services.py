from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from peerhaven.core.exceptions import NotAllowed
from peerhaven.safety.models import SafetyPlan
from peerhaven.safety.plan_exceptions import SafetyPlanInvalid
from peerhaven.safety.plan_selectors import safety_plan_get
from peerhaven.safety.plan_services import safety_plan_clear, safety_plan_save
from tests.safety.plan_helpers import ALICE_WARNING, give_alice_a_plan


def test_first_save_creates_the_plan(alice):
    plan = safety_plan_save(user=alice, data={"coping_steps": "Make tea."})

    assert plan.user == alice
    assert safety_plan_get(user=alice).coping_steps == "Make tea."
    assert safety_plan_get(user=alice).warning_signs == ""


def test_partial_update_keeps_the_other_sections(alice):
    give_alice_a_plan(alice)

    safety_plan_save(user=alice, data={"distractions": "The library."})

    plan = safety_plan_get(user=alice)
    assert plan.distractions == "The library."
    assert plan.warning_signs == ALICE_WARNING
    assert plan.coping_steps == "Alice-coping: walk by the river"


def test_text_is_trimmed_and_line_breaks_are_kept_as_one_character(alice):
    plan = safety_plan_save(user=alice, data={"people_to_ask": "  Sam\r\nJo\r\n"})

    assert plan.people_to_ask == "Sam\nJo"


def test_line_breaks_count_once_toward_the_limit(alice):
    text = "a\r\n" * 1000  # 3000 characters as sent, 1999 once line breaks count as one

    plan = safety_plan_save(user=alice, data={"coping_steps": text})

    assert len(plan.coping_steps) == 1999


def test_section_of_exactly_the_limit_is_kept(alice):
    plan = safety_plan_save(user=alice, data={"reasons_to_live": "x" * 2000})

    assert len(plan.reasons_to_live) == 2000


def test_over_long_section_is_refused_and_nothing_stored_changes(alice):
    give_alice_a_plan(alice)

    with pytest.raises(SafetyPlanInvalid) as caught:
        safety_plan_save(user=alice, data={"distractions": "Fine.", "warning_signs": "x" * 2001})

    assert caught.value.code == "section_too_long"
    assert caught.value.status == 400
    assert "2000 characters" in caught.value.message
    assert "2001" in caught.value.extra["fields"]["warning_signs"][0]
    plan = safety_plan_get(user=alice)
    assert plan.warning_signs == ALICE_WARNING
    assert plan.distractions == ""


def test_unknown_section_is_refused(alice):
    with pytest.raises(SafetyPlanInvalid) as caught:
        safety_plan_save(user=alice, data={"user_id": "2", "coping_steps": "ok"})

    assert caught.value.code == "unknown_section"
    assert "user_id" in caught.value.extra["fields"]
    assert not SafetyPlan.objects.exists()


@pytest.mark.parametrize("value", [None, 3, ["a"], {"a": "b"}, True])
def test_section_that_is_not_text_is_refused(alice, value):
    with pytest.raises(SafetyPlanInvalid) as caught:
        safety_plan_save(user=alice, data={"coping_steps": value})

    assert caught.value.code == "not_text"
    assert not SafetyPlan.objects.exists()


def test_null_character_is_refused_instead_of_failing_in_the_database(alice):
    with pytest.raises(SafetyPlanInvalid) as caught:
        safety_plan_save(user=alice, data={"coping_steps": "a\x00b"})

    assert caught.value.code == "invalid_character"


def test_several_problems_are_all_listed(alice):
    with pytest.raises(SafetyPlanInvalid) as caught:
        safety_plan_save(user=alice, data={"nope": "x", "coping_steps": "x" * 2001})

    assert set(caught.value.extra["fields"]) == {"nope", "coping_steps"}
    assert "check the sections" in caught.value.message


def test_clear_erases_only_the_callers_plan(alice, bob):
    give_alice_a_plan(alice)
    safety_plan_save(user=bob, data={"coping_steps": "Bob's steps"})

    safety_plan_clear(user=bob)

    assert safety_plan_get(user=bob) is None
    assert safety_plan_get(user=alice).warning_signs == ALICE_WARNING


def test_clear_without_a_plan_does_nothing(alice):
    safety_plan_clear(user=alice)

    assert not SafetyPlan.objects.exists()


def test_a_visitor_has_no_plan_and_cannot_write_one(db):
    visitor = AnonymousUser()

    assert safety_plan_get(user=visitor) is None
    with pytest.raises(NotAllowed):
        safety_plan_save(user=visitor, data={"coping_steps": "x"})
    with pytest.raises(NotAllowed):
        safety_plan_clear(user=visitor)


def test_each_person_only_ever_gets_their_own_plan(alice, bob):
    give_alice_a_plan(alice)

    assert safety_plan_get(user=bob) is None
    assert safety_plan_get(user=alice).user_id == alice.pk
