"""A form sent in place (htmx) that the server refuses says why, and keeps what was typed."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_MARKS, check_page, field, new_user, sign_up, visit

pytestmark = BROWSER_MARKS


def test_a_refused_profile_save_explains_itself_and_keeps_the_typed_text(page, server):
    visit(page, "/accounts/sign-up/")
    sign_up(page, server.log_path, new_user())
    page.wait_for_url("**/accounts/profile/")
    # The form's security token goes stale (as after a very long pause): the save is refused.
    page.context.clear_cookies(name="csrftoken")
    field(page, "Area (optional)").fill("Leeds")
    page.get_by_role("button", name="Save profile").click()

    alert = page.get_by_role("alert").filter(has_text="This form had expired")
    expect(alert).to_be_visible()
    expect(field(page, "Area (optional)")).to_have_value("Leeds")
    check_page(page)

    # Once the page is loaded again, the same save goes through and the explanation goes.
    page.reload()
    field(page, "Area (optional)").fill("Leeds")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(field(page, "Area (optional)")).to_have_value("Leeds")


def test_a_save_that_cannot_reach_the_server_says_so_and_keeps_the_typed_text(page, server):
    visit(page, "/accounts/sign-up/")
    sign_up(page, server.log_path, new_user())
    page.wait_for_url("**/accounts/profile/")
    page.route("**/accounts/profile/", lambda route: route.abort("internetdisconnected"))
    field(page, "Area (optional)").fill("Leeds")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("alert").filter(has_text="could not be reached")).to_be_visible()
    expect(field(page, "Area (optional)")).to_have_value("Leeds")
