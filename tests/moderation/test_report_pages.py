"""Reporting from the pages: one click from a post or chat message, the guidelines in
force to choose from, reports of the same content grouped, and refusals that keep what
was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peerhaven.conversations import services as conversation_services
from peerhaven.moderation.models import Case, Report
from tests.conversations.helpers import post, room
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.page_helpers import (
    evening_circle,
    hurtful_post,
    page,
    report,
    report_url,
)

pytestmark = pytest.mark.django_db

THANKS = "Thank you — a moderator will look at it; we&#x27;ll tell you the outcome."


@pytest.fixture
def group(facilitator, alice, bob):
    return evening_circle(facilitator, alice, bob)


@pytest.fixture
def message(group, alice, bob):
    return hurtful_post(group, alice, bob)


def _thread_url(message) -> str:
    return reverse("message-in-context", args=[message.pk])


def test_others_posts_have_report_links_and_ones_own_do_not(web_as, message, alice, bob):
    as_bob = web_as(bob)
    html = page(as_bob.get(_thread_url(message), follow=True))
    assert f'href="{report_url(message)}"' in html
    profile_url = reverse("moderation-report-profile", args=[alice.pk])
    assert profile_url in html
    assert "Report Alice's profile" in html

    html = page(web_as(alice).get(_thread_url(message), follow=True))
    assert f'href="{report_url(message)}"' not in html


def test_chat_messages_have_report_links_for_others_and_a_template_for_live_ones(
    web_as, group, facilitator, alice, bob
):
    chat = room(group, facilitator)
    said = post(chat, alice, "Nobody cares what you think, Bob.")
    url = reverse("room-detail", args=[group.slug, chat.pk])

    html = page(web_as(bob).get(url))
    assert f'href="{report_url(said)}"' in html
    # The live-message template carries the link pattern chat.js fills in per message.
    assert 'class="chat-report" href="" data-href="/moderation/report/message/0/"' in html

    html = page(web_as(alice).get(url))
    assert f'href="{report_url(said)}"' not in html


def test_report_page_quotes_the_content_and_lists_the_guidelines_in_force(
    web_as, message, bob, charlie
):
    response = web_as(bob).get(report_url(message))
    html = page(response)
    assert response.status_code == 200
    assert "What Alice wrote" in html
    assert "You are all idiots" in html
    assert 'type="radio" name="guideline" value="respect"' in html
    assert "Respect every member" in html
    assert 'name="note"' in html
    # Not a member of the group: the message does not exist for them.
    assert web_as(charlie).get(report_url(message)).status_code == 404


def test_a_report_thanks_the_reporter_and_returns_to_the_content(web_as, message, bob):
    client = web_as(bob)
    response = report(client, message, note="This is hurtful.")

    assert response.status_code == 302
    assert response["Location"] == _thread_url(message)
    html = page(client.get(response["Location"], follow=True))
    assert THANKS in html
    case = Case.objects.get(message=message)
    assert case.status == Case.Status.OPEN
    assert list(case.reports.values_list("guideline_key", "note")) == [
        ("respect", "This is hurtful.")
    ]


def test_two_reports_of_the_same_post_make_one_case(web_as, group, message, bob):
    dana = UserFactory(display_name="Dana")
    join_now(dana, group)
    assert report(web_as(bob), message).status_code == 302
    assert report(web_as(dana), message, guideline="non-judgment").status_code == 302

    case = Case.objects.get(message=message)
    assert case.reports.count() == 2
    assert Case.objects.count() == 1


def test_reporting_twice_says_so_and_keeps_the_note(web_as, message, bob):
    client = web_as(bob)
    report(client, message)
    response = report(client, message, note="Again, please look")

    assert response.status_code == 409
    html = page(response)
    assert "You have already reported this. A moderator will look at it." in html
    assert "Again, please look</textarea>" in html
    assert Report.objects.count() == 1


def test_an_unknown_guideline_is_refused_next_to_the_field_and_the_note_is_kept(
    web_as, message, bob
):
    response = report(web_as(bob), message, guideline="no-such-rule", note="Please check")

    assert response.status_code == 400
    html = page(response)
    assert "Choose one of the guidelines in force here." in html
    assert 'id="id_guideline_error"' in html
    assert 'aria-describedby="id_guideline_error"' in html
    assert "Please check</textarea>" in html
    assert not Case.objects.exists()

    response = web_as(bob).post(report_url(message), {"note": "No guideline"})
    assert response.status_code == 400
    assert "Choose the guideline at stake." in page(response)


def test_ones_own_message_cannot_be_reported(web_as, message, alice):
    client = web_as(alice)
    html = page(client.get(report_url(message)))
    assert "You cannot report your own message." in html
    assert 'name="guideline"' not in html

    response = report(client, message)
    assert response.status_code == 400
    assert "You cannot report your own message." in page(response)
    assert not Case.objects.exists()


def test_a_deleted_message_answers_404(web_as, message, alice, bob):
    message_id = message.pk
    conversation_services.message_delete(user=alice, message=message)
    client = web_as(bob)
    assert client.get(f"/moderation/report/message/{message_id}/").status_code == 404
    response = client.post(
        f"/moderation/report/message/{message_id}/", {"guideline": "respect", "note": "x"}
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_a_removed_message_answers_404_to_members(web_as, message, bob):
    message.moderation = "removed"
    message.save(update_fields=["moderation"])
    assert report(web_as(bob), message).status_code == 404


def test_a_profile_is_reported_from_the_post_menu_and_goes_to_the_admins(
    web_as, message, alice, bob
):
    url = reverse("moderation-report-profile", args=[alice.pk])
    back = _thread_url(message)
    client = web_as(bob)
    html = page(client.get(url, {"next": back}))
    assert "Report Alice's profile" in html
    assert 'name="guideline"' in html

    response = client.post(url, {"guideline": "respect", "note": "Name", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    case = Case.objects.get(target=Case.Target.PROFILE)
    assert case.subject == alice
    assert case.group is None

    again = client.post(url, {"guideline": "respect", "note": "Name again"})
    assert again.status_code == 409
    assert "Name again</textarea>" in page(again)


def test_a_profile_can_be_reported_only_by_someone_who_shares_a_group(
    web_as, message, alice, charlie
):
    url = reverse("moderation-report-profile", args=[alice.pk])
    assert web_as(charlie).get(url).status_code == 404
    assert web_as(charlie).post(url, {"guideline": "respect"}).status_code == 404
    html = page(web_as(alice).get(url))
    assert "You cannot report your own profile." in html
    assert 'name="guideline"' not in html
    assert not Case.objects.exists()


def test_a_report_link_does_not_send_visitors_elsewhere(web_as, message, alice, bob):
    url = reverse("moderation-report-profile", args=[alice.pk])
    response = web_as(bob).post(url, {"guideline": "respect", "next": "https://evil.example.org/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_visitors_are_asked_to_sign_in(client, message):
    response = client.get(report_url(message))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
