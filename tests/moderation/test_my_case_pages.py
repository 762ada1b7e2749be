"""The author's side, through the pages: what was done and why, the edit-and-resubmit
loop back to the queue, and one appeal per decision, decided by another moderator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerhaven.conversations.models import Moderation
from peerhaven.moderation import services
from peerhaven.moderation.models import Appeal, Case, Notice
from tests.moderation.page_helpers import (
    act,
    case_url,
    evening_circle,
    hurtful_post,
    my_case_url,
    other_facilitator,
    page,
    queue_url,
    report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return evening_circle(facilitator, alice, bob)


@pytest.fixture
def message(group, alice, bob):
    return hurtful_post(group, alice, bob)


@pytest.fixture
def case(web_as, message, bob):
    report(web_as(bob), message, note="Please look")
    return message.moderation_cases.get()


def _thread(client, message) -> str:
    return page(client.get(reverse("message-in-context", args=[message.pk]), follow=True))


def test_hide_edit_resubmit_approve_loop_through_the_pages(
    web_as, case, message, facilitator, alice, bob
):
    as_fran, as_alice, as_bob = web_as(facilitator), web_as(alice), web_as(bob)
    assert (
        act(as_fran, case, "hide_pending_edit", reason="Calling people idiots.").status_code == 302
    )
    message.refresh_from_db()
    assert message.moderation == Moderation.HIDDEN

    # Bob no longer sees it; Alice sees it with its state and a way to learn why.
    assert "You are all idiots" not in _thread(as_bob, message)
    html = _thread(as_alice, message)
    assert "Hidden from others until you edit it" in html
    see_why = reverse("moderation-my-message", args=[message.pk])
    assert f'href="{see_why}"' in html
    response = as_alice.get(see_why)
    assert response["Location"] == my_case_url(case)

    html = page(as_alice.get(my_case_url(case)))
    assert "Hidden until the author edits it" in html
    assert "Respect every member" in html
    assert "No insults, slurs, mockery or hostility." in html  # the guideline's own text
    assert "Calling people idiots." in html
    edit_url = reverse("message-edit", args=[message.pk])
    assert f'href="{edit_url}"' in html
    assert "Please look" not in html  # the reporter's note is not the author's to read
    assert "Fran" not in html.split('id="main"')[1]

    # Alice edits; the case returns to the queue, still hidden.
    response = as_alice.post(edit_url, {"body": "I am frustrated tonight, sorry everyone."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.RESUBMITTED
    assert "sorry everyone" not in _thread(as_bob, message)
    html = page(as_fran.get(queue_url()))
    assert case_url(case) in html
    assert "Edited by the author, waiting for review" in html
    html = page(as_fran.get(case_url(case)))
    assert "The author's edited text" in html
    assert 'name="kind" value="approve"' in html

    # Approved: visible again, and both sides are told.
    assert act(as_fran, case, "approve", reason="Thank you for the edit.").status_code == 302
    assert "I am frustrated tonight, sorry everyone." in _thread(as_bob, message)
    assert "Hidden from others" not in _thread(as_alice, message)
    assert "A moderator looked at what you reported" in page(as_bob.get("/moderation/notices/"))
    assert "Your edited post is visible again." in page(as_alice.get("/moderation/notices/"))


def test_a_removed_post_shows_its_state_to_its_author_only(
    web_as, case, message, facilitator, alice, bob
):
    act(web_as(facilitator), case, "remove", confirmed="yes")
    html = _thread(web_as(alice), message)
    assert "Removed by a moderator" in html
    assert "You are all idiots" in html
    assert "You are all idiots" not in _thread(web_as(bob), message)


def test_the_author_appeals_once_and_another_moderator_decides(
    web_as, case, message, facilitator, org_admin, alice, bob
):
    act(web_as(facilitator), case, "remove", reason="Calling people idiots.", confirmed="yes")
    action = case.actions.get()
    as_alice = web_as(alice)
    html = page(as_alice.get(my_case_url(case)))
    assert f'name="action" value="{action.pk}"' in html
    assert f'id="id_appeal_{action.pk}_text"' in html

    empty = as_alice.post(my_case_url(case), {"action": action.pk, "text": " "})
    assert empty.status_code == 400
    assert "Write why you are appealing." in page(empty)

    response = as_alice.post(
        my_case_url(case), {"action": action.pk, "text": "I was upset; I meant no harm."}
    )
    assert response.status_code == 302
    html = page(as_alice.get(my_case_url(case)))
    assert "Your appeal is sent." in html
    assert "Your appeal: Waiting for a different moderator" in html
    assert 'name="text"' not in html

    again = as_alice.post(my_case_url(case), {"action": action.pk, "text": "Please, again."})
    assert again.status_code == 409
    assert "You have already appealed this decision." in page(again)
    assert "Please, again.</textarea>" in page(again)
    assert Appeal.objects.count() == 1

    appeal = Appeal.objects.get()
    url = reverse("moderation-appeal", args=[appeal.pk])
    # The moderator who acted cannot decide; members and outsiders learn nothing.
    own = web_as(facilitator).get(url)
    assert own.status_code == 403
    assert "A different moderator must decide an appeal against your own action." in page(own)
    assert url not in page(web_as(facilitator).get(queue_url()))
    assert web_as(facilitator).post(url, {"decision": "overturn", "note": "x"}).status_code == 403
    assert web_as(bob).get(url).status_code == 404
    assert web_as(other_facilitator()).get(url).status_code == 404

    as_admin = web_as(org_admin)
    assert url in page(as_admin.get(queue_url()))
    html = page(as_admin.get(url))
    assert "I was upset; I meant no harm." in html
    assert "Calling people idiots." in html
    missing = as_admin.post(url, {"decision": "overturn", "note": ""})
    assert missing.status_code == 400
    assert "Give a reason: the member is told it." in page(missing)
    assert (
        as_admin.post(
            url, {"decision": "overturn", "note": "Harsh words, but a removal was too much."}
        ).status_code
        == 302
    )

    message.refresh_from_db()
    assert message.moderation == Moderation.VISIBLE
    html = page(as_alice.get(my_case_url(case)))
    assert "Your appeal: The action was undone" in html
    assert "Harsh words, but a removal was too much." in html
    assert Notice.objects.filter(user=alice, kind=Notice.Kind.APPEAL_DECIDED).exists()
    # Final: a second decision is refused.
    decided = page(as_admin.get(url))
    assert "This decision is final." in decided
    assert 'name="decision"' not in decided


def test_a_note_cannot_be_appealed(web_as, case, facilitator, alice):
    act(web_as(facilitator), case, "note", reason="Gently: mind the words.")
    action = case.actions.get()
    html = page(web_as(alice).get(my_case_url(case)))
    assert "Gently: mind the words." in html
    assert 'name="text"' not in html
    response = web_as(alice).post(my_case_url(case), {"action": action.pk, "text": "Unfair"})
    assert response.status_code == 400
    assert "There is nothing to appeal in this decision." in page(response)


def test_my_cases_are_mine_alone(web_as, case, facilitator, alice, bob, charlie):
    act(web_as(facilitator), case, "note", reason="Mind the words.")
    html = page(web_as(alice).get(reverse("moderation-my-cases")))
    assert my_case_url(case) in html
    assert "Your post in Evening Circle" in html
    for person in (bob, charlie, facilitator):
        assert web_as(person).get(my_case_url(case)).status_code == 404
    assert "No moderator has made a decision" in page(
        web_as(bob).get(reverse("moderation-my-cases"))
    )


def test_a_case_without_a_decision_is_not_shown_to_its_author(web_as, case, alice):
    assert web_as(alice).get(my_case_url(case)).status_code == 404
    assert services.guideline_choices(case.group)
