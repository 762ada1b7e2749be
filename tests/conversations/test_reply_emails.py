"""Members who ask for it get an e-mail when others answer a thread they started: at most
one a run, only for replies not yet read or told of, and never with words, names or groups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from peerhaven.accounts import services as account_services
from peerhaven.accounts.models import Profile
from peerhaven.conversations import services
from peerhaven.conversations.reply_emails import reply_emails_send
from tests.conversations.helpers import group_with, post, thread

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


def _opt_in(user) -> None:
    account_services.profile_update(user=user, actor=user, email_replies=True)


def _circle(facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    return circle, thread(circle, alice, title="Sleepless nights", text="I cannot sleep.")


def test_a_member_who_asked_hears_once_that_others_replied(db, facilitator, alice, bob):
    _circle_, talk = _circle(facilitator, alice, bob)
    _opt_in(alice)
    post(talk, bob, "Me too, some weeks.")
    post(talk, facilitator, "Thank you for sharing.")

    assert reply_emails_send() == 1

    [sent] = mail.outbox
    assert sent.to == [alice.email]
    assert "Others replied to one of your threads" in sent.body
    assert "/accounts/profile/" in sent.body  # how to turn it off
    for private in (
        "Sleepless",
        "sleep",
        "Bob",
        "Evening Circle",
        "Me too",
        facilitator.display_name,
    ):
        assert private not in sent.body and private not in sent.subject

    # Nothing new: no second e-mail.
    assert reply_emails_send() == 0
    assert len(mail.outbox) == 1


def test_a_new_reply_after_the_e_mail_brings_another(db, facilitator, alice, bob):
    _circle_, talk = _circle(facilitator, alice, bob)
    _opt_in(alice)
    post(talk, bob, "First")
    reply_emails_send(now=timezone.now())

    post(talk, bob, "Second")

    assert reply_emails_send(now=timezone.now() + timedelta(hours=1)) == 1
    assert len(mail.outbox) == 2


def test_nobody_who_did_not_ask_gets_one(db, facilitator, alice, bob):
    _circle_, talk = _circle(facilitator, alice, bob)
    post(talk, bob, "A reply")

    assert reply_emails_send() == 0
    assert mail.outbox == []


def test_replies_from_before_asking_are_not_told(db, facilitator, alice, bob):
    _circle_, talk = _circle(facilitator, alice, bob)
    post(talk, bob, "An old reply")
    _opt_in(alice)

    assert reply_emails_send() == 0


def test_replies_already_read_or_hidden_are_not_told(db, facilitator, alice, bob, web_as):
    circle, talk = _circle(facilitator, alice, bob)
    _opt_in(alice)
    post(talk, facilitator, "Read already")
    web_as(alice).get(f"/groups/{circle.slug}/conversations/{talk.pk}/")
    services.mute_set(user=alice, target=bob, muted=True)
    post(talk, bob, "From someone she muted")

    assert reply_emails_send() == 0


def test_turning_it_off_stops_the_e_mails(db, facilitator, alice, bob):
    _circle_, talk = _circle(facilitator, alice, bob)
    _opt_in(alice)
    account_services.profile_update(user=alice, actor=alice, email_replies=False)
    post(talk, bob, "A reply")

    assert reply_emails_send() == 0


def test_the_profile_page_and_the_api_turn_it_on(db, alice, web_as, api_as):
    page = web_as(alice).get("/accounts/profile/").content.decode()
    assert "E-mail me when others reply to a thread I started" in page

    response = api_as(alice).patch("/api/v1/me/profile/", {"email_replies": True}, format="json")

    assert response.status_code == 200
    assert response.json()["email_replies"] is True
    assert Profile.objects.get(user=alice).email_replies is True
    assert response.json()["coach_nudges"] is True
    bad = api_as(alice).patch("/api/v1/me/profile/", {"email_replies": "often"}, format="json")
    assert bad.status_code == 400
    assert Profile.objects.get(user=alice).email_replies is True


def test_the_choice_is_in_the_data_export(db, alice, web_as):
    _opt_in(alice)

    export = web_as(alice).post("/accounts/export/").json()

    assert export["profile"]["email_replies"] is True
    assert export["profile"]["replies_emailed_at"] is not None


# The worker closes database connections between tasks, as in production: the test needs
# real transactions, not one it would close under itself.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_them_on_its_hourly_run(facilitator, alice, bob):
    _circle_, talk = _circle(facilitator, alice, bob)
    _opt_in(alice)
    post(talk, bob, "A reply")

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_the_e_mail_counts_every_answered_thread_not_only_the_home_pages_five(
    db, facilitator, alice, bob
):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    _opt_in(alice)
    for n in range(8):
        post(thread(circle, alice, title=f"Thread {n}"), bob, "An answer")

    reply_emails_send()

    assert "Others replied to 8 of your threads" in mail.outbox[0].body
