"""Joining in two steps: an e-mail address first, then, from the link e-mailed to it, a name
and a password. The first step answers the same whether or not the address has an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from peerhaven.accounts import sign_up
from peerhaven.accounts.models import User

URL = "/accounts/sign-up/"
STRONG = "quiet harbour lantern 42"
LINK = re.compile(r"https?://[^/\s]+(/accounts/sign-up/[^/\s]+/)")


def details(**overrides: str | None) -> dict[str, str]:
    data: dict[str, str | None] = {
        "display_name": "Night Owl",
        "password1": STRONG,
        "password2": STRONG,
        "time_zone": "Europe/Berlin",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def finish_url(email: str = "newcomer@example.org") -> str:
    return reverse("sign-up-finish", args=[sign_up.link_token(email)])


def link_in(message: mail.EmailMessage) -> str:
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


@pytest.mark.django_db
def test_sign_up_page_asks_only_for_an_e_mail_address(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="email"' in html and 'for="id_email"' in html
    assert "new-password" not in html
    assert "Send me the link" in html


@pytest.mark.django_db
def test_new_person_joins_through_the_link_e_mailed_to_them(client, settings):
    settings.PEERHAVEN_SITE_URL = "https://peers.example.org"

    response = client.post(URL, {"email": " NewComer@Example.org "})

    assert response.status_code == 302
    assert response["Location"] == reverse("sign-up-sent")
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    assert User.objects.count() == 0  # nothing is stored before the link is used
    [message] = mail.outbox
    assert message.to == ["newcomer@example.org"]
    assert message.subject == "Finish joining Peerhaven"
    assert "https://peers.example.org/accounts/sign-up/" in message.body

    page = client.get(link_in(message))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>newcomer@example.org</strong>" in html
    assert '<option value="UTC" selected>' in html
    assert html.count('autocomplete="new-password"') == 2
    for field in ("display_name", "password1", "password2", "time_zone"):
        assert f'for="id_{field}"' in html

    done = client.post(link_in(message), details())

    assert done.status_code == 302
    assert done["Location"] == reverse("profile")
    user = User.objects.get(display_name="Night Owl")
    assert user.email == "newcomer@example.org"
    assert user.check_password(STRONG)
    assert user.profile.time_zone == "Europe/Berlin"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_the_link_page_states_the_password_rules(client):
    html = client.get(finish_url()).content.decode()

    assert "at least 10 characters" in html
    assert "entirely numeric" in html
    assert "<function" not in html


@pytest.mark.django_db
def test_an_address_with_an_account_gets_the_same_answer_and_an_e_mail_saying_so(client, alice):
    new = Client().post(URL, {"email": "someone.new@example.org"})
    mail.outbox.clear()
    before = User.objects.count()

    taken = client.post(URL, {"email": "ALICE@example.org"})

    # The asker cannot tell the two apart; only the inbox's reader learns which it was.
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert taken.content == new.content
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "You already have a Peerhaven account"
    assert "/accounts/sign-in/" in message.body and "/accounts/password-reset/" in message.body
    assert not LINK.search(message.body)
    assert User.objects.count() == before
    assert User.objects.get(pk=alice.pk).password == alice.password  # unchanged


@pytest.mark.django_db
def test_a_link_used_after_the_address_joined_creates_nothing_more(client, alice):
    before = User.objects.count()

    page = client.get(finish_url("alice@example.org"))
    sent = client.post(finish_url("alice@example.org"), details())

    for response in (page, sent):
        assert response.status_code == 200
        assert "You already have an account" in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.parametrize("tamper", ["forged", "truncated", "expired"])
@pytest.mark.django_db
def test_a_forged_cut_or_old_link_explains_itself_and_creates_nothing(client, settings, tamper):
    url = finish_url()
    if tamper == "forged":
        url = reverse("sign-up-finish", args=[sign_up.link_token("x@example.org") + "x"])
    elif tamper == "truncated":
        url = url[:-12] + "/"
    else:
        settings.SIGN_UP_LINK_MAX_AGE = -1

    page = client.get(url)
    sent = client.post(url, details())

    for response in (page, sent):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
        assert 'href="/accounts/sign-up/"' in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "This field is required."),
        ("not-an-address", "Enter a valid email address."),
        ("a" * 243 + "@example.org", "at most 254 characters"),
    ],
)
@pytest.mark.django_db
def test_a_bad_address_is_explained_and_nothing_is_sent(client, email, message):
    response = client.post(URL, {"email": email})

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["email"])
    assert 'id="id_email_error"' in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": None}, "display_name", "This field is required."),
        ({"password1": None}, "password1", "This field is required."),
        ({"password2": None}, "password2", "This field is required."),
        ({"time_zone": None}, "time_zone", "This field is required."),
        ({"display_name": "N" * 41}, "display_name", "at most 40 characters"),
        ({"display_name": "N"}, "display_name", "at least 2 characters"),
        ({"display_name": "<script>"}, "display_name", "starting with a letter or number"),
        ({"password2": STRONG + "!"}, "password2", "The two passwords are not the same."),
        ({"password1": "password1", "password2": "password1"}, "password1", "too common"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        (
            {"password1": "newcomer@example.org", "password2": "newcomer@example.org"},
            "password1",
            "too similar",
        ),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice."),
        ({"time_zone": "localtime"}, "time_zone", "Select a valid choice."),
    ],
)
@pytest.mark.django_db
def test_bad_details_are_explained_on_their_field_and_store_nothing(
    client, overrides, field, message
):
    response = client.post(finish_url(), details(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert any(message in error for error in errors[field])
    # The error is tied to its input for screen readers.
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.count() == 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_display_name_taken_in_another_case_is_refused_by_name(client, alice):
    before = User.objects.count()

    response = client.post(finish_url(), details(display_name="aLiCe"))

    assert response.status_code == 200
    assert "already uses that display name" in response.context["form"].errors["display_name"][0]
    assert User.objects.count() == before


@pytest.mark.django_db
def test_signed_in_person_visiting_either_step_goes_to_their_profile(alice_client):
    for url in (URL, finish_url()):
        response = alice_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("profile")


@pytest.mark.django_db
def test_either_step_without_csrf_token_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)

    assert csrf_client.post(URL, {"email": "newcomer@example.org"}).status_code == 403
    assert csrf_client.post(finish_url(), details()).status_code == 403
    assert mail.outbox == []
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_sign_ups_from_one_address_are_rate_limited(client, settings):
    settings.RATE_SIGNUP = "2/m"
    client.post(URL, {"email": "one@example.org"})
    client.post(URL, {"email": "two@example.org"})
    mail.outbox.clear()

    response = client.post(URL, {"email": "three@example.org"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "too many tries to join from here" in page
    assert 'value="three@example.org"' in page  # kept, so nothing typed is lost
    assert mail.outbox == []


@pytest.mark.django_db
def test_one_inbox_gets_only_a_few_sign_up_e_mails_whoever_asks(settings):
    settings.RATE_EMAIL_PER_ADDRESS = "2/h"
    answers = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(URL, {"email": "target@example.org"})
        for n in range(1, 5)
    ]

    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, reverse("sign-up-sent"))
    }
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_when_the_e_mail_cannot_be_sent_the_person_is_told_and_nothing_is_stored(client, settings):
    # A mail server that is not there: nothing listens on port 9 of this machine.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    response = client.post(URL, {"email": "newcomer@example.org"})

    assert response.status_code == 503
    assert "could not send the e-mail just now" in response.content.decode()
    assert 'value="newcomer@example.org"' in response.content.decode()
    assert User.objects.count() == 0
