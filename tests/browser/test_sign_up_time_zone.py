"""Joining from a browser in Berlin: the time zone field starts on Berlin, not UTC, and a
zone the person chose is kept when the form comes back with a mistake to fix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, _new_context
from tests.browser.helpers import (
    BROWSER_MARKS,
    ask_to_join,
    field,
    link_sent_to,
    new_user,
    visit,
)

pytestmark = BROWSER_MARKS


@pytest.fixture
def berlin_page(browser, server: Server):
    # Enforces the CSP as a visitor's browser does: the script must load from a file.
    context = _new_context(browser, server, timezone_id="Europe/Berlin")
    yield context.new_page()
    context.close()


def test_joining_starts_on_the_browsers_time_zone(berlin_page, server: Server):
    page = berlin_page
    user = new_user()
    visit(page, "/accounts/sign-up/")
    ask_to_join(page, user)
    page.goto(link_sent_to(server.log_path, user.email))

    expect(field(page, "Time zone")).to_have_value("Europe/Berlin")

    field(page, "Display name").fill(user.display_name)
    field(page, "Password").fill(user.password)
    field(page, "Password again").fill(user.password)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    expect(field(page, "Time zone")).to_have_value("Europe/Berlin")


def test_a_zone_the_person_chose_survives_a_mistake(berlin_page, server: Server):
    page = berlin_page
    user = new_user()
    page.goto("/accounts/sign-up/")
    ask_to_join(page, user)
    page.goto(link_sent_to(server.log_path, user.email))

    field(page, "Display name").fill(user.display_name)
    field(page, "Password").fill(user.password)
    field(page, "Password again").fill(user.password + "x")
    field(page, "Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_text("The two passwords are not the same.")).to_be_visible()
    expect(field(page, "Time zone")).to_have_value("Asia/Tokyo")
