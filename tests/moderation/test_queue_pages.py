"""Who sees which moderation pages, and what the queue shows: cases safety first, held
posts of new members (approved or declined from the queue), and appeals to decide."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.conversations.models import Message, Moderation
from peerhaven.moderation import services
from peerhaven.moderation.models import Case, Notice
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.page_helpers import (
    URGENT,
    case_url,
    evening_circle,
    hurtful_post,
    other_facilitator,
    page,
    queue_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return evening_circle(facilitator, alice, bob)


@pytest.fixture
def case(group, alice, bob):
    message = hurtful_post(group, alice, bob)
    return services.report_message(
        reporter=bob, message=message, guideline_key="respect", note="Bob's note"
    ).case


@pytest.fixture
def gus():
    return other_facilitator()


@pytest.fixture
def other_case(gus, bob):
    """A case in Gus's group, which Fran does not facilitate."""
    dana = UserFactory(display_name="Dana")
    morning = group_with(name="Morning Circle", facilitator=gus, members=[bob, dana])
    message = post(thread(morning, dana), bob, "Stop whining, Dana.")
    return services.report_message(reporter=dana, message=message, guideline_key="respect").case


@pytest.fixture
def profile_case(alice, bob):
    return services.report_profile(reporter=bob, subject=alice, guideline_key="respect").case


# --- The authorization matrix -----------------------------------------------------------


def test_members_and_outsiders_are_told_the_queue_is_for_moderators(web_as, case, bob, charlie):
    for person in (bob, charlie):
        response = web_as(person).get(queue_url())
        assert response.status_code == 403
        html = page(response)
        assert "This page is for moderators" in html
        assert "group facilitators and organization admins" in html
        assert "Bob&#x27;s note" not in html


def test_members_and_outsiders_get_404_for_a_case(web_as, case, alice, bob, charlie):
    for person in (alice, bob, charlie):
        response = web_as(person).get(case_url(case))
        assert response.status_code == 404
        assert "Bob&#x27;s note" not in page(response)
    assert web_as(bob).post(case_url(case), {"kind": "remove"}).status_code == 404


def test_visitors_are_asked_to_sign_in(client, case):
    for url in (queue_url(), case_url(case), reverse("moderation-notices")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]


def test_a_facilitator_sees_only_their_groups_cases(web_as, facilitator, case, other_case):
    client = web_as(facilitator)
    html = page(client.get(queue_url()))
    assert case_url(case) in html
    assert case_url(other_case) not in html
    assert client.get(case_url(case)).status_code == 200
    assert client.get(case_url(other_case)).status_code == 404


def test_another_groups_facilitator_gets_404_for_the_case(web_as, gus, case, other_case):
    client = web_as(gus)
    assert client.get(case_url(case)).status_code == 404
    assert client.get(case_url(other_case)).status_code == 200


def test_an_admin_sees_every_case_including_profiles(
    web_as, org_admin, case, other_case, profile_case
):
    client = web_as(org_admin)
    html = page(client.get(queue_url()))
    for each in (case, other_case, profile_case):
        assert case_url(each) in html
        assert client.get(case_url(each)).status_code == 200
    assert "A profile (site-wide)" in html


def test_profile_cases_are_for_admins_only(web_as, facilitator, gus, profile_case):
    for moderator in (facilitator, gus):
        client = web_as(moderator)
        assert case_url(profile_case) not in page(client.get(queue_url()))
        assert client.get(case_url(profile_case)).status_code == 404


def test_a_case_about_a_moderator_is_not_theirs_to_see(web_as, group, facilitator, bob, org_admin):
    message = post(thread(group, bob), facilitator, "Bob, you never listen.")
    about_fran = services.report_message(
        reporter=bob, message=message, guideline_key="respect", note="Fran was harsh"
    ).case
    client = web_as(facilitator)
    assert case_url(about_fran) not in page(client.get(queue_url()))
    # The selector answers as for a case one may not see (404); the policy's own-case
    # refusal (403) stands behind it. Either way nothing of the case is shown.
    response = client.get(case_url(about_fran))
    assert response.status_code in (403, 404)
    assert "Fran was harsh" not in page(response)
    assert "reported by Bob" not in page(response)
    response = client.post(
        case_url(about_fran), {"kind": "no_action", "guideline": "respect", "reason": "Fine"}
    )
    assert response.status_code in (403, 404)
    assert not about_fran.actions.exists()
    # Another moderator decides it.
    assert "Fran was harsh" in page(web_as(org_admin).get(case_url(about_fran)))


# --- What the queue shows ---------------------------------------------------------------


def test_the_queue_shows_severity_in_words_age_report_count_and_group(web_as, facilitator, case):
    html = page(web_as(facilitator).get(queue_url()))
    assert "Serious" in html  # "respect" hurts someone directly
    assert "Evening Circle" in html
    assert "<dt>Reports</dt><dd>1</dd>" in html
    assert "<dt>Waiting</dt>" in html
    assert "Waiting for a moderator" in html


def test_safety_cases_come_first(web_as, group, facilitator, alice, bob, case):
    worried = post(thread(group, bob, title="Tonight"), alice, URGENT)
    safety = services.report_message(reporter=bob, message=worried, guideline_key="boundaries")
    html = page(web_as(facilitator).get(queue_url()))
    assert safety.case.severity == Case.Severity.SAFETY
    assert html.index(case_url(safety.case)) < html.index(case_url(case))


def test_the_queue_is_paginated_by_25(web_as, group, facilitator, alice, bob):
    conversation = thread(group, bob)
    for n in range(26):
        message = post(conversation, alice, f"Rude reply number {n}")
        Case.objects.create(
            target=Case.Target.MESSAGE,
            message=message,
            subject=alice,
            group=group,
            snapshot=message.body,
        )
    client = web_as(facilitator)
    html = page(client.get(queue_url()))
    assert html.count('class="card case-card') == 25
    assert "Page 1 of 2" in html
    assert page(client.get(queue_url(), {"page": 2})).count('class="card case-card') == 1


def test_the_filter_offers_only_the_groups_one_moderates(
    web_as, facilitator, org_admin, case, other_case
):
    html = page(web_as(facilitator).get(queue_url()))
    assert "Morning Circle" not in html  # one group only: no filter, no other group

    client = web_as(org_admin)
    html = page(client.get(queue_url()))
    assert '<option value="morning-circle">Morning Circle</option>' in html
    filtered = page(client.get(queue_url(), {"group": "morning-circle"}))
    assert case_url(other_case) in filtered
    assert case_url(case) not in filtered


def test_a_filter_on_another_groups_slug_shows_nothing_of_it(web_as, facilitator, case, other_case):
    response = web_as(facilitator).get(queue_url(), {"group": "morning-circle"})
    assert response.status_code == 200
    assert case_url(other_case) not in page(response)


def test_the_queue_says_when_nothing_is_waiting(web_as, group, facilitator):
    html = page(web_as(facilitator).get(queue_url()))
    assert "No cases are waiting." in html
    assert "No posts are waiting for approval." in html
    assert "No appeals are waiting for you." in html


def test_moderators_get_a_queue_link_in_the_header_and_members_do_not(
    web_as, group, facilitator, bob
):
    assert f'href="{queue_url()}"' in page(web_as(facilitator).get(reverse("home")))
    assert f'href="{queue_url()}"' not in page(web_as(bob).get(reverse("home")))


# --- Held posts (pre-moderation) ---------------------------------------------------------


@pytest.fixture
def premoderated(facilitator, alice, bob):
    group = group_with(name="Quiet Circle", facilitator=facilitator, members=[alice, bob])
    conversation = thread(group, bob, title="Checking in")
    group.premoderate_first_posts = 1
    group.save(update_fields=["premoderate_first_posts"])
    services.premoderation_changed(group.pk)
    return group, conversation


@pytest.fixture
def newcomer(premoderated):
    dana = UserFactory(display_name="Dana")
    join_now(dana, premoderated[0])
    return dana


def _reply(client, conversation, text):
    url = reverse("thread-reply", args=[conversation.group.slug, conversation.pk])
    return client.post(url, {"body": text, "support_preference": "just_listen"})


def _seen_by(user, message) -> bool:
    return (
        conversation_selectors.visible_messages(conversation=message.conversation, user=user)
        .filter(pk=message.pk)
        .exists()
    )


def _thread_page(client, conversation) -> str:
    url = reverse("conversation-detail", args=[conversation.group.slug, conversation.pk])
    return page(client.get(url))


def test_a_new_members_first_post_waits_and_is_approved_from_the_queue(
    web_as, premoderated, newcomer, facilitator, bob
):
    _group, conversation = premoderated
    as_dana = web_as(newcomer)
    assert _reply(as_dana, conversation, "Hello, I am new here.").status_code == 302
    held = Message.objects.get(author=newcomer)
    assert held.moderation == Moderation.PENDING
    assert "Hello, I am new here." not in _thread_page(web_as(bob), conversation)
    assert "Waiting for a facilitator to approve (new members' first posts)" in _thread_page(
        as_dana, conversation
    )

    as_fran = web_as(facilitator)
    queue = page(as_fran.get(queue_url()))
    pending_url = reverse("moderation-pending", args=[held.pk])
    assert "Hello, I am new here." in queue
    assert f'action="{pending_url}"' in queue

    response = as_fran.post(pending_url, {"decision": "approve"})
    assert response.status_code == 302
    assert "the group can see the post now" in page(as_fran.get(response["Location"]))
    held.refresh_from_db()
    assert held.moderation == Moderation.VISIBLE
    assert "Hello, I am new here." in _thread_page(web_as(bob), conversation)
    assert "No posts are waiting for approval." in page(as_fran.get(queue_url()))


def test_a_post_screened_as_risk_is_never_held(web_as, premoderated, newcomer, facilitator, bob):
    _group, conversation = premoderated
    assert _reply(web_as(newcomer), conversation, URGENT).status_code == 302
    message = Message.objects.get(author=newcomer)
    assert message.moderation == Moderation.VISIBLE
    assert _seen_by(bob, message)
    assert "No posts are waiting for approval." in page(web_as(facilitator).get(queue_url()))


def test_declining_a_held_post_needs_a_guideline_and_a_reason_and_tells_the_author(
    web_as, premoderated, newcomer, facilitator, bob, charlie
):
    _group, conversation = premoderated
    _reply(web_as(newcomer), conversation, "Buy my course, link in bio.")
    held = Message.objects.get(author=newcomer)
    url = reverse("moderation-pending", args=[held.pk])
    # Members and outsiders are not moderators.
    assert web_as(bob).get(url).status_code == 403
    assert web_as(charlie).post(url, {"decision": "approve"}).status_code == 403

    client = web_as(facilitator)
    response = client.post(url, {"decision": "decline", "guideline": "boundaries", "reason": ""})
    assert response.status_code == 400
    html = page(response)
    assert "Give a reason: the author is told it." in html
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in html
    assert '<option value="boundaries" selected>' in html
    held.refresh_from_db()
    assert held.moderation == Moderation.PENDING

    response = client.post(
        url, {"decision": "decline", "guideline": "boundaries", "reason": "Advertising."}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.moderation == Moderation.REMOVED
    assert not _seen_by(bob, held)
    notice = Notice.objects.get(user=newcomer)
    assert "Advertising." in notice.body
    # Decided: the page is gone.
    assert client.get(url).status_code == 404


def test_the_queue_page_makes_a_fixed_number_of_queries(
    web_as, group, case, facilitator, alice, bob, django_assert_num_queries
):
    client = web_as(facilitator)
    client.get(queue_url())
    with CaptureQueriesContext(connection) as one:
        client.get(queue_url())
    conversation = thread(group, bob, title="More")
    for n in range(5):
        message = post(conversation, alice, f"Another rude reply {n}")
        services.report_message(reporter=bob, message=message, guideline_key="respect")
    with django_assert_num_queries(len(one)):
        html = page(client.get(queue_url()))
    assert html.count('class="card case-card') == 6
