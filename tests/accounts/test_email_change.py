"""A signed-in member moves their account to a new e-mail address, proven by a link sent
to it. Nothing changes until the link is used; the answer never tells whether the new
address has an account; the old address hears of the change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from peerhaven.accounts import services
from peerhaven.accounts.models import User
from tests.accounts.helpers import signed_in

URL = "/accounts/email/"
API = "/api/v1/me/email/"
NEW = "new.home@example.net"


def link_in(message) -> str:
    match = re.search(r"https?://\S+?(/accounts/email/confirm/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def ask(client: Client, password: str, email: str = NEW):
    return client.post(URL, {"email": email, "password": password})


def test_the_address_changes_only_when_the_link_is_used(
    alice, password, django_capture_on_commit_callbacks
):
    client = signed_in(alice)

    response = ask(client, password, " New.Home@Example.NET ")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/email/sent/"
    assert NEW in client.get(response["Location"]).content.decode()
    [sent] = sent_to(NEW)
    assert sent.to == [NEW]
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"

    link = link_in(sent)
    page = client.get(link)
    assert page.status_code == 200
    assert NEW in page.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"  # opening is not enough

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/accounts/settings/"
    assert User.objects.get(pk=alice.pk).email == NEW
    told = mail.outbox[-1]  # after the request's note, the change's
    assert told.to == ["alice@example.org"]
    assert "n…@example.net" in told.body
    assert NEW not in told.body
    # The same link cannot be used twice: it was for the old address.
    assert client.post(link).status_code == 400


def test_a_new_address_works_for_signing_in(alice, password, django_capture_on_commit_callbacks):
    client = signed_in(alice)
    ask(client, password)
    client.post(link_in(mail.outbox[0]))

    visitor = Client()
    response = visitor.post("/accounts/sign-in/", {"username": NEW, "password": password})

    assert response.status_code == 302
    assert visitor.get("/accounts/settings/").status_code == 200


def test_the_link_works_in_a_browser_that_is_not_signed_in(alice, password):
    ask(signed_in(alice), password)
    link = link_in(mail.outbox[0])

    response = Client().post(link)

    assert response.status_code == 200
    assert "Your e-mail address is changed" in response.content.decode()
    assert User.objects.get(pk=alice.pk).email == NEW


def test_an_address_that_has_an_account_gets_a_note_and_the_answer_is_the_same(
    alice, bob, password
):
    response = ask(signed_in(alice), password, bob.email)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/email/sent/"
    [note] = sent_to(bob.email)
    assert note.to == [bob.email]
    assert "/accounts/email/confirm/" not in note.body
    assert "already belongs to an account" in note.body
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


def test_a_wrong_password_sends_nothing(alice):
    response = ask(signed_in(alice), "not it")

    assert response.status_code == 200
    assert 'id="id_password_error"' in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["alice@example.org", "ALICE@example.org", "not an address", ""])
def test_the_same_or_a_bad_address_is_refused(alice, password, email):
    response = ask(signed_in(alice), password, email)

    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert mail.outbox == []


def test_a_tampered_link_changes_nothing(alice, password):
    client = signed_in(alice)
    ask(client, password)
    link = link_in(mail.outbox[0])

    response = client.post(link.replace("/confirm/", "/confirm/x"))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


def test_an_older_link_stops_working_once_the_address_changed(alice, password):
    client = signed_in(alice)
    ask(client, password, "first@example.net")
    first = link_in(mail.outbox[0])
    ask(client, password, "second@example.net")
    client.post(link_in(sent_to("second@example.net")[0]))

    response = client.post(first)

    assert response.status_code == 400
    assert User.objects.get(pk=alice.pk).email == "second@example.net"


def test_a_link_opened_in_another_accounts_browser_changes_nothing(alice, bob, password):
    ask(signed_in(alice), password)
    link = link_in(mail.outbox[0])

    response = signed_in(bob).post(link)

    assert response.status_code == 403
    assert "another account" in response.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"
    assert User.objects.get(pk=bob.pk).email == "bob@example.org"


def test_an_address_taken_before_the_link_is_used_is_a_clear_refusal(alice, password):
    client = signed_in(alice)
    ask(client, password)
    link = link_in(mail.outbox[0])
    services.account_create(email=NEW, display_name="Someone New", password=password)

    response = client.post(link)

    assert response.status_code == 409
    assert "Another account uses that address now" in response.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


def test_one_address_gets_only_a_few_links_an_hour(alice, password, settings):
    settings.RATE_PASSWORD_CHECK = "100/h"
    client = signed_in(alice)
    for _ in range(5):
        assert ask(client, password).status_code == 302

    assert len(sent_to(NEW)) == 3  # RATE_EMAIL_PER_ADDRESS


def test_an_e_mail_that_cannot_be_sent_is_said_and_nothing_changes(alice, password, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_email_change.BrokenBackend"

    response = ask(signed_in(alice), password)

    assert response.status_code == 503
    assert "could not send" in response.content.decode()
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_the_api_sends_the_link_and_changes_nothing_yet(alice, password):
    client = APIClient()
    client.force_authenticate(alice)

    response = client.post(API, {"email": NEW, "password": password}, format="json")

    assert response.status_code == 202
    assert "link" in response.json()["message"]
    assert len(sent_to(NEW)) == 1
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


def test_the_api_answers_the_same_for_an_address_that_has_an_account(alice, bob, password):
    client = APIClient()
    client.force_authenticate(alice)

    free = client.post(API, {"email": NEW, "password": password}, format="json")
    taken = client.post(API, {"email": bob.email, "password": password}, format="json")

    assert (taken.status_code, taken.json()) == (free.status_code, free.json())


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"email": NEW, "password": "wrong"}, "password", "wrong_password"),
        ({"email": "nope", "password": "PASSWORD"}, "email", "invalid"),
        ({"email": "alice@example.org", "password": "PASSWORD"}, "email", "invalid"),
        ({"password": "PASSWORD"}, "email", "invalid"),
        ({"email": ["x@example.org"], "password": "PASSWORD"}, "email", "invalid"),
    ],
)
def test_the_api_refuses_bad_input_clearly(alice, password, body, field, code):
    body = {k: (password if v == "PASSWORD" else v) for k, v in body.items()}
    client = APIClient()
    client.force_authenticate(alice)

    response = client.post(API, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["extra"]["fields"]
    assert mail.outbox == []


def test_the_api_needs_a_signed_in_caller(db):
    response = APIClient().post(API, {"email": NEW, "password": "x"}, format="json")

    assert response.status_code == 403


def test_sign_in_records_move_with_the_address_so_export_and_erasure_find_them(alice, password):
    from axes.models import AccessLog

    visitor = Client()
    visitor.post("/accounts/sign-in/", {"username": alice.email, "password": password})
    client = signed_in(alice)
    before = AccessLog.objects.filter(username="alice@example.org").count()
    assert before >= 2  # the sign-in above and this browser's
    ask(client, password)
    client.post(link_in(mail.outbox[0]))

    export = client.post("/accounts/export/").json()

    assert len(export["sign_ins"]) == before
    assert AccessLog.objects.filter(username="alice@example.org").count() == 0
    assert AccessLog.objects.filter(username=NEW).count() == before


def test_the_current_address_is_told_when_a_change_is_asked_for(alice, password):
    ask(signed_in(alice), password)

    told = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert len(told) == 1
    assert "n…@example.net" in told[0].body
    assert "/accounts/email/confirm/" not in told[0].body


def test_a_pending_link_dies_when_the_owner_changes_the_password(alice, password):
    intruder = signed_in(alice)
    ask(intruder, password)
    link = link_in(mail.outbox[0])
    owner = signed_in(alice)
    new = "the owner's new passphrase 4"
    owner.post(
        "/accounts/password/",
        {"current_password": password, "new_password1": new, "new_password2": new},
    )

    response = Client().post(link)

    assert response.status_code == 400
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


def test_a_pending_link_dies_when_the_owner_signs_out_everywhere_else(alice, password):
    ask(signed_in(alice), password)
    link = link_in(mail.outbox[0])

    signed_in(alice).post("/accounts/sign-out-others/")

    assert Client().post(link).status_code == 400
    assert User.objects.get(pk=alice.pk).email == "alice@example.org"


def test_of_two_links_only_the_first_opened_changes_the_address(alice, password, settings):
    settings.RATE_EMAIL_PER_ADDRESS = "100/h"
    client = signed_in(alice)
    ask(client, password, "first@example.net")
    ask(client, password, "second@example.net")
    first, second = (link_in(m) for m in mail.outbox if "/confirm/" in m.body)

    assert Client().post(second).status_code == 200
    assert Client().post(first).status_code == 400
    assert User.objects.get(pk=alice.pk).email == "second@example.net"


def test_failed_sign_ins_on_both_addresses_do_not_stop_the_change(alice, password):
    for email in ("alice@example.org", NEW):
        Client(REMOTE_ADDR="203.0.113.9").post(
            "/accounts/sign-in/", {"username": email, "password": "wrong guess"}
        )
    client = signed_in(alice)
    ask(client, password)

    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 302
    assert User.objects.get(pk=alice.pk).email == NEW
