"""A case as a moderator sees it: the content in context, every report, earlier cases
about the same person, the ladder of actions; destructive steps asked twice; refusals
that keep what was typed."""

from __future__ import annotations

import re

import pytest

from peerhaven.accounts.models import User
from peerhaven.conversations.models import Moderation
from peerhaven.groups.models import Membership
from peerhaven.moderation import services
from peerhaven.moderation.models import Action, Case
from tests.conversations.helpers import post
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.page_helpers import (
    act,
    case_url,
    evening_circle,
    hurtful_post,
    page,
    queue_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return evening_circle(facilitator, alice, bob)


@pytest.fixture
def message(group, alice, bob):
    return hurtful_post(group, alice, bob)


@pytest.fixture
def case(message, bob):
    return services.report_message(
        reporter=bob, message=message, guideline_key="respect", note="It stung."
    ).case


def _kinds(html: str) -> list[str]:
    return re.findall(r'name="kind" value="([a-z_]+)"', html)


def test_the_case_page_shows_the_content_in_context_and_every_report(
    web_as, group, case, message, facilitator, bob
):
    before = post(message.conversation, bob, "Rough week, anyone else?")
    dana = UserFactory(display_name="Dana")
    join_now(dana, group)
    services.report_message(reporter=dana, message=message, guideline_key="non-judgment")

    html = page(web_as(facilitator).get(case_url(case)))
    assert "You are all idiots and I hate this place." in html
    assert "Rough week, anyone else?" in html  # in context, around the reported one
    assert html.count('class="post context-reported" aria-current="true"') == 1
    assert before.created_at is not None
    # Reports: guideline titles, notes and who reported (moderators see reporters).
    assert "2 reports" in html
    assert "Respect every member" in html
    assert "Meet people without judgment" in html
    assert "It stung." in html
    assert "reported by Bob" in html
    assert "reported by Dana" in html
    assert "Serious" in html


def test_earlier_cases_about_the_author_in_the_group_are_listed(
    web_as, case, message, facilitator, alice, bob
):
    services.case_act(
        moderator=facilitator, case=case, kind="note", guideline_key="respect", reason="Calm."
    )
    again = post(message.conversation, alice, "Still idiots, all of you.")
    second = services.report_message(reporter=bob, message=again, guideline_key="respect").case

    html = page(web_as(facilitator).get(case_url(second)))
    assert "Earlier cases about this person in this group" in html
    assert case_url(case) in html
    assert "A private note to the author" in html


def test_the_ladder_offered_depends_on_the_case_and_the_moderator(
    web_as, case, facilitator, org_admin, alice, bob
):
    assert _kinds(page(web_as(facilitator).get(case_url(case)))) == [
        "no_action",
        "note",
        "hide_pending_edit",
        "remove",
        "mute",
        "remove_from_group",
    ]
    assert "suspend" in _kinds(page(web_as(org_admin).get(case_url(case))))

    profile = services.report_profile(reporter=bob, subject=alice, guideline_key="respect").case
    assert _kinds(page(web_as(org_admin).get(case_url(profile)))) == [
        "no_action",
        "note",
        "suspend",
    ]


def test_a_note_closes_the_case_and_returns_to_the_queue(web_as, case, facilitator):
    client = web_as(facilitator)
    response = act(client, case, "note", reason="Please address the idea, not the people.")
    assert response.status_code == 302
    assert response["Location"] == queue_url()
    html = page(client.get(queue_url()))
    assert "Done: A private note to the author." in html
    assert case_url(case) not in html
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    # The case page now shows the decision and no form.
    html = page(client.get(case_url(case)))
    assert "Please address the idea, not the people." in html
    assert "This case is closed." in html
    assert 'name="kind"' not in html


def test_removing_asks_to_confirm_first_and_works_without_javascript(
    web_as, case, message, facilitator
):
    client = web_as(facilitator)
    response = act(client, case, "remove", reason="Insults\nand hostility.")
    assert response.status_code == 200
    html = page(response)
    assert "Confirm: Remove it?" in html
    assert 'name="confirmed" value="yes"' in html
    message.refresh_from_db()
    assert message.moderation == Moderation.VISIBLE
    assert not case.actions.exists()

    # "Go back and change it" shows the form again as it was typed.
    back = client.post(
        case_url(case),
        {"kind": "remove", "guideline": "respect", "reason": "Insults.", "change": "yes"},
    )
    assert back.status_code == 200
    html = page(back)
    assert re.search(r'value="remove"[^>]*checked', html)
    assert "Insults.</textarea>" in html

    done = act(client, case, "remove", reason="Insults.", confirmed="yes")
    assert done.status_code == 302
    message.refresh_from_db()
    assert message.moderation == Moderation.REMOVED


def test_removing_from_the_group_and_suspending_also_ask_first(
    web_as, case, alice, facilitator, org_admin
):
    html = page(act(web_as(facilitator), case, "remove_from_group"))
    assert "Alice will no longer be a member of Evening Circle." in html
    assert Membership.objects.filter(user=alice, group=case.group).exists()

    html = page(act(web_as(org_admin), case, "suspend"))
    assert "Alice will no longer be able to sign in." in html
    assert User.objects.get(pk=alice.pk).is_active


def test_a_missing_reason_is_shown_next_to_the_field_and_the_choices_are_kept(
    web_as, case, facilitator
):
    response = act(web_as(facilitator), case, "hide_pending_edit", reason="")
    assert response.status_code == 400
    html = page(response)
    assert "Give a reason: the author is told it." in html
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in html
    assert re.search(r'value="hide_pending_edit"[^>]*checked', html)
    assert '<option value="respect" selected>' in html
    assert not case.actions.exists()


def test_a_mute_needs_its_days(web_as, case, facilitator):
    response = act(web_as(facilitator), case, "mute", reason="Hostile.")
    assert response.status_code == 400
    assert "Say for how many days to mute." in page(response)
    response = act(web_as(facilitator), case, "mute", reason="Hostile.", mute_days="7")
    assert response.status_code == 302
    assert case.actions.get().until is not None


def test_an_action_not_on_offer_is_refused(web_as, case, facilitator):
    response = act(web_as(facilitator), case, "suspend", reason="Too much.")
    assert response.status_code == 400
    assert "Choose an action from the list." in page(response)
    response = act(web_as(facilitator), case, "approve", reason="Fine now.")
    assert response.status_code == 400
    assert not case.actions.exists()


def test_an_unknown_guideline_is_refused(web_as, case, facilitator):
    response = act(web_as(facilitator), case, "note", guideline="be-nice", reason="Calm down.")
    assert response.status_code == 400
    html = page(response)
    assert "Choose one of the guidelines in force here." in html
    assert "Calm down.</textarea>" in html


def test_acting_on_a_closed_case_says_so_and_keeps_the_reason(web_as, case, facilitator, org_admin):
    services.case_act(
        moderator=org_admin, case=case, kind="no_action", guideline_key="respect", reason="Fine."
    )
    response = act(web_as(facilitator), case, "note", reason="My own note for Alice.")
    assert response.status_code == 409
    html = page(response)
    assert "This case is already closed." in html
    assert case.actions.count() == 1
    assert case.actions.get().kind == Action.Kind.NO_ACTION
