"""What Django refuses itself (unknown address, forbidden page, expired form, bad request,
server fault) gets a page on the site's layout with "Need help now?", or the API's JSON."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from peerhaven.accounts.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_mode(settings):
    # Django shows its technical pages instead of these when DEBUG is on.
    settings.DEBUG = False


def assert_site_page(html: str) -> None:
    """Built on base.html: skip link, landmarks, one h1, the crisis link; nothing inline."""
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert re.search(r'<a class="help-now" href="/help/">Need help now\?</a>', html)
    assert "<style" not in html and " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


def assert_api_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == code
    assert body["message"]


@pytest.mark.parametrize("who", ["visitor", "alice"])
def test_an_unknown_address_gets_a_friendly_page_for_visitors_and_members(web_as, request, who):
    user = None if who == "visitor" else request.getfixturevalue(who)

    response = web_as(user).get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert 'href="/groups/"' in html or "Find a group" in html
    assert_site_page(html)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_an_unknown_api_address_gets_the_api_error_shape(api_as, alice):
    assert_api_error(api_as(alice).get("/api/v1/no-such/"), 404, "not_found")
    assert_api_error(api_as(None).get("/api/v1/no-such/"), 404, "not_found")


def test_a_form_sent_without_its_token_gets_a_plain_words_page_and_changes_nothing():
    client = Client(enforce_csrf_checks=True)
    before = User.objects.count()

    response = client.post(
        "/accounts/sign-up/",
        {"email": "new@example.org", "display_name": "New", "password1": "x" * 12},
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "This form had expired" in html
    assert "nothing was saved" in html
    assert "hijack" not in html.lower()
    assert_site_page(html)
    # Without a Referer the way back is the form's own address.
    assert '<a class="button" href="/accounts/sign-up/">Reload the form and try again</a>' in html
    assert User.objects.count() == before
    # The page hands out a fresh token, so reloading the form is enough.
    assert "csrftoken" in response.cookies


def test_the_expired_form_page_links_back_only_to_pages_of_this_site(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    same_site = client.post(
        "/accounts/sign-out/", HTTP_REFERER="http://testserver/accounts/settings/"
    )
    elsewhere = client.post("/accounts/sign-out/", HTTP_REFERER="https://evil.example/phish")

    assert same_site.status_code == elsewhere.status_code == 403
    assert 'href="http://testserver/accounts/settings/">Reload' in same_site.content.decode()
    assert "evil.example" not in elsewhere.content.decode()
    assert 'href="/accounts/sign-out/">Reload' in elsewhere.content.decode()
    # Still signed in: the refused sign-out did nothing.
    assert client.get("/accounts/settings/").status_code == 200


def test_a_page_the_account_may_not_open_gets_a_friendly_403(web_as):
    staff = UserFactory(display_name="Stan", role=Role.MEMBER, is_staff=True)

    response = web_as(staff).get("/admin/resources/crisisline/add/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You can't open this page" in html
    assert_site_page(html)


def test_a_request_with_too_many_fields_gets_a_friendly_400(client, settings):
    body = "&".join(f"f{i}=x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.post(
        "/accounts/sign-in/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "read that request" in html
    assert_site_page(html)


def test_a_request_for_another_host_gets_a_friendly_400():
    response = Client(HTTP_HOST="evil.example").get("/")

    assert response.status_code == 400
    assert_site_page(response.content.decode())


def _database_down(*args, **kwargs):
    raise OperationalError("could not connect to server")


def test_a_server_fault_with_the_database_down_still_shows_the_crisis_link(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    # Loading alice's session and account now fails, as it does when the database is down;
    # the 500 page itself must need nothing from it (else this request would raise).
    with mock.patch.object(BaseDatabaseWrapper, "cursor", _database_down):
        response = client.get("/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<a class="help-now" href="/help/">Need help now?</a>' in html
    assert "<style" not in html and " style=" not in html
    assert "<script" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_server_fault_in_the_api_gets_the_api_error_shape(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    with mock.patch.object(BaseDatabaseWrapper, "cursor", _database_down):
        response = client.get("/api/v1/me/")

    assert_api_error(response, 500, "server_error")


def test_the_expired_form_page_gives_back_what_was_written_but_never_a_password(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(
        "/groups/evening-circle/conversations/new/",
        {"title": "Long nights", "body": "I <b>can't</b> sleep again", "password": "s3cret-pw"},
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "Long nights" in html
    assert "I &lt;b&gt;can&#x27;t&lt;/b&gt; sleep again" in html
    assert "s3cret-pw" not in html
    assert_site_page(html)


@pytest.mark.parametrize("body", ["{not json", "[" * 5000 + "]" * 5000])
def test_an_unreadable_api_body_is_a_400_and_changes_nothing(alice, api_as, body):
    """Nested thousands deep is valid JSON that Python cannot parse: the same 400."""
    response = api_as(alice).patch("/api/v1/me/", body, content_type="application/json")

    assert_api_error(response, 400, "parse_error")
    alice.refresh_from_db()
    assert alice.display_name == "Alice"
