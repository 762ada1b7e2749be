"""Small safeguards on account pages: replacing what someone saved asks first, pages meant
for a moment that has passed send people on, and a new member is greeted, not welcomed back."""

from __future__ import annotations

import pytest

from tests.accounts.test_two_factor import enrol
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _form_of(html: str, action_value: str) -> str:
    marker = f'name="action" value="{action_value}"'
    start = html.rindex("<form", 0, html.index(marker))
    return html[start : html.index(">", start) + 1]


def test_replacing_an_api_token_asks_first(alice, web_as):
    client = web_as(alice)
    client.post("/accounts/api-token/", {"action": "create", "password": PASSWORD})

    page = client.get("/accounts/api-token/").content.decode()

    assert "data-confirm=" in _form_of(page, "create")


def test_making_new_backup_codes_asks_first(alice, web_as):
    enrol(alice)

    page = web_as(alice).get("/accounts/two-factor/setup/").content.decode()

    assert "data-confirm=" in _form_of(page, "new-backup-codes")


def test_turning_off_two_factor_that_is_already_off_says_so(alice, web_as):
    response = web_as(alice).post("/accounts/two-factor/disable/", {"code": "123456"}, follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/two-factor/setup/"
    assert "already off" in response.content.decode()


def test_the_account_deleted_page_sends_someone_signed_in_home(alice, web_as, client):
    assert web_as(alice).get("/accounts/delete/done/").url == "/"
    assert client.get("/accounts/delete/done/").status_code == 200


def test_a_new_member_is_greeted_by_name(alice, web_as):
    page = web_as(alice).get("/").content.decode()

    assert "Welcome, Alice" in page and "Welcome back" not in page
