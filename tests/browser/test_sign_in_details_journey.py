"""A new member looks after how they sign in, in a real browser with a second device beside
it: changes the password (the other device is signed out), moves the account to a new
e-mail address through the link sent there, and signs out everywhere else."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import (
    BROWSER_MARKS,
    check_page,
    field,
    link_sent_to,
    new_user,
    sign_in,
    sign_up,
    visit,
)

pytestmark = BROWSER_MARKS

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/email/confirm/[^/\s]+/)")


def signed_in(page: Page) -> bool:
    visit(page, "/accounts/settings/")
    return urlsplit(page.url).path == "/accounts/settings/"


def test_a_member_changes_password_and_address_and_signs_out_elsewhere(
    page: Page, context, browser, server: Server
):
    user = new_user()
    visit(page, "/accounts/sign-up/")
    sign_up(page, server.log_path, user)
    page.wait_for_url("**/accounts/profile/")

    # A second device, signed in too.
    other_device = browser.new_context(base_url=server.url)
    phone = other_device.new_page()
    visit(phone, "/accounts/sign-in/")
    sign_in(phone, user.email, user.password)
    assert signed_in(phone)

    # The password, from the settings page.
    visit(page, "/accounts/settings/")
    expect(page.get_by_role("main")).to_contain_text(f"You sign in with {user.email}")
    page.get_by_role("link", name="Change your password").click()
    page.wait_for_url("**/accounts/password/")
    check_page(page)
    new_password = f"harbour-{secrets.token_urlsafe(12)}-lights"
    field(page, "Current password").fill("not my password")
    field(page, "New password").fill(new_password)
    field(page, "New password again").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    current = field(page, "Current password")
    expect(current).to_have_attribute("aria-invalid", "true")
    check_page(page)
    field(page, "Current password").fill(user.password)
    field(page, "New password").fill(new_password)
    field(page, "New password again").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/accounts/settings/")
    expect(page.get_by_role("status").filter(has_text="Your password is changed.")).to_be_visible()
    assert not signed_in(phone), "the other device should be signed out"

    # The e-mail address: nothing changes until the link sent to the new one is opened.
    new_email = f"moved-{secrets.token_hex(3)}@example.net"
    page.get_by_role("link", name="Change your e-mail address").click()
    page.wait_for_url("**/accounts/email/")
    check_page(page)
    field(page, "New e-mail address").fill(new_email)
    field(page, "Your password").fill(new_password)
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url("**/accounts/email/sent/")
    expect(page.get_by_role("main")).to_contain_text(new_email)
    check_page(page)
    page.goto(link_sent_to(server.log_path, new_email, pattern=CONFIRM_LINK))
    check_page(page)
    page.get_by_role("button", name="Use this address").click()
    page.wait_for_url("**/accounts/settings/")
    expect(page.get_by_role("main")).to_contain_text(f"You sign in with {new_email}")

    # The other device signs in with the new address and password.
    visit(phone, "/accounts/sign-in/")
    sign_in(phone, new_email, new_password)
    assert signed_in(phone)

    # Sign out everywhere else, after saying yes to the question.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_role("status").filter(has_text="signed out everywhere else")).to_be_visible()
    check_page(page)
    assert signed_in(page)
    assert not signed_in(phone)
    other_device.close()
