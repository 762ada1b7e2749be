"""What the case page says after a decision matches who is really told, and approving an
edit asks only for what an approval needs."""

from __future__ import annotations

import pytest

from peerhaven.conversations import services as conversation_services
from peerhaven.conversations.models import Message
from peerhaven.moderation import services
from peerhaven.moderation.models import Action, Case, Notice
from tests.moderation.page_helpers import act, case_url, evening_circle, hurtful_post, page

pytestmark = pytest.mark.django_db

HIDDEN_UNDER = "non-judgment"
WRONG_FOR_APPROVAL = "what in the content goes against the guideline."


@pytest.fixture
def message(facilitator, alice, bob):
    return hurtful_post(evening_circle(facilitator, alice, bob), alice, bob)


@pytest.fixture
def case(message, bob):
    return services.report_message(reporter=bob, message=message, guideline_key="respect").case


def _notices(user, kind) -> int:
    return Notice.objects.filter(user=user, kind=kind).count()


@pytest.fixture
def resubmitted(case, message, alice, facilitator, web_as):
    """Hidden until edited (under a guideline other than the reported one), then edited."""
    assert HIDDEN_UNDER in services.guideline_choices(case.group)
    act(web_as(facilitator), case, "hide_pending_edit", guideline=HIDDEN_UNDER, reason="Names.")
    conversation_services.message_edit(
        user=alice, message=Message.objects.get(pk=message.pk), text="I feel unheard here."
    )
    case.refresh_from_db()
    assert case.status == Case.Status.RESUBMITTED
    return case


def test_hiding_until_edited_says_the_reporters_hear_only_when_the_case_closes(
    web_as, case, facilitator, alice, bob
):
    client = web_as(facilitator)
    response = act(client, case, "hide_pending_edit", reason="Please edit out the insult.")

    assert response.status_code == 302
    html = page(client.get(response["Location"]))
    assert (
        "The author is told now; the people who reported it are told when the case is closed."
        in html
    )
    assert "The author and the people who reported it are told." not in html
    # And that is what happened.
    assert _notices(alice, Notice.Kind.ACTION_TAKEN) == 1
    assert _notices(bob, Notice.Kind.REPORT_OUTCOME) == 0


def test_no_action_says_only_the_reporters_are_told(web_as, case, facilitator, alice, bob):
    client = web_as(facilitator)
    response = act(client, case, "no_action", reason="Heated, but within the guidelines.")

    html = page(client.get(response["Location"]))
    assert "Done: No action. The people who reported it are told." in html
    assert _notices(alice, Notice.Kind.ACTION_TAKEN) == 0
    assert _notices(bob, Notice.Kind.REPORT_OUTCOME) == 1


def test_closing_steps_still_say_both_sides_are_told(web_as, case, facilitator, alice, bob):
    client = web_as(facilitator)
    response = act(client, case, "note", reason="Please address the idea, not the people.")

    html = page(client.get(response["Location"]))
    assert "The author and the people who reported it are told." in html
    assert _notices(alice, Notice.Kind.ACTION_TAKEN) == 1
    assert _notices(bob, Notice.Kind.REPORT_OUTCOME) == 1


def test_approving_an_edit_needs_no_guideline_and_keeps_the_one_it_was_hidden_under(
    web_as, resubmitted, facilitator, alice, bob, message
):
    client = web_as(facilitator)
    form = page(client.get(case_url(resubmitted)))
    assert "Not needed to approve the edit" in form
    assert "when you approve the edit, what it put right." in form

    response = act(client, resubmitted, "approve", guideline="", reason="Thank you for the edit.")

    assert response.status_code == 302
    approval = resubmitted.actions.get(kind=Action.Kind.APPROVE)
    assert approval.guideline_key == HIDDEN_UNDER
    assert Message.objects.get(pk=message.pk).moderation == "visible"
    html = page(client.get(response["Location"]))
    assert "The author and the people who reported it are told." in html
    assert _notices(alice, Notice.Kind.ACTION_TAKEN) == 2
    assert _notices(bob, Notice.Kind.REPORT_OUTCOME) == 1


def test_an_approval_still_needs_a_reason_for_the_author(web_as, resubmitted, facilitator):
    response = act(web_as(facilitator), resubmitted, "approve", guideline="", reason="")

    assert response.status_code == 400
    assert "Give a reason: the author is told it." in page(response)
    assert not resubmitted.actions.filter(kind=Action.Kind.APPROVE).exists()


def test_other_steps_on_an_edited_post_still_need_a_guideline(web_as, resubmitted, facilitator):
    response = act(web_as(facilitator), resubmitted, "remove", guideline="", reason="Still rude.")

    assert response.status_code == 400
    assert "Choose the guideline at stake." in page(response)
    assert resubmitted.actions.count() == 1


def test_a_case_with_nothing_to_approve_keeps_the_usual_form(web_as, case, facilitator):
    client = web_as(facilitator)
    form = page(client.get(case_url(case)))
    assert WRONG_FOR_APPROVAL in form
    assert "Not needed to approve the edit" not in form

    response = act(client, case, "note", guideline="", reason="Calm down.")

    assert response.status_code == 400
    assert "Choose the guideline at stake." in page(response)
    assert not case.actions.exists()
