"""What every visitor meets before signing in: help is one step away, the keyboard works,
and the layout holds on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    BROWSER_MARKS,
    HELP_LINK_NAME,
    PHONE_VIEWPORT,
    check_page,
    new_user,
    scroll_width,
    sign_in,
    sign_up,
    visit,
)

pytestmark = BROWSER_MARKS


def test_help_page_opens_for_a_visitor_who_is_not_signed_in(page):
    visit(page, "/")
    page.get_by_role("link", name=HELP_LINK_NAME).first.click()
    page.wait_for_url("**/help/")
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(HELP_LINK_NAME)
    # Emergency numbers are plain phone links, usable without signing in or any script.
    expect(page.locator("main a[href^='tel:']").first).to_be_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    visit(page, "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main")
    expect(page.locator("main#main")).to_be_focused()


def test_accessibility_check_fails_on_a_field_without_a_label(page):
    visit(page, "/")
    page.evaluate(
        """() => {
          const input = document.createElement("input");
          input.type = "text";
          document.querySelector("main").append(input);
        }"""
    )
    with pytest.raises(pytest.fail.Exception, match=r"label \(critical\)"):
        check_page(page)


def test_pages_fit_a_phone_screen_without_sideways_scrolling(phone_page, server, tmp_path):
    page = phone_page
    visit(page, "/")
    assert scroll_width(page) <= PHONE_VIEWPORT["width"], "home scrolls sideways"

    page.get_by_role("main").get_by_role("link", name="Join").click()
    page.wait_for_url("**/accounts/sign-up/")
    check_page(page)
    assert scroll_width(page) <= PHONE_VIEWPORT["width"], "sign-up scrolls sideways"

    sign_up(page, server.log_path, new_user())
    page.wait_for_url("**/accounts/profile/")
    check_page(page)
    assert scroll_width(page) <= PHONE_VIEWPORT["width"], "profile scrolls sideways"
    # A page with a table: the table scrolls within its box, the page does not.
    visit(page, "/guidelines/versions/")
    assert page.locator(".table-scroll table").count() == 1
    assert scroll_width(page) <= PHONE_VIEWPORT["width"], "a table widens the page"
    page.screenshot(path=tmp_path / "profile-phone.png", full_page=True)
    page.screenshot(path=tmp_path / "profile-phone-top.png")
    print(f"Profile at phone size: {tmp_path / 'profile-phone.png'}")


def test_an_unknown_address_shows_a_page_with_help_and_a_way_home(page):
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()


def test_a_form_sent_after_its_page_expired_explains_what_to_do(page):
    visit(page, "/accounts/sign-in/")
    # As when the page sat open past a sign-out elsewhere: the form's token no longer fits.
    page.context.clear_cookies()
    sign_in(page, "someone@example.org", "not-their-password")
    page.wait_for_load_state()
    check_page(page)
    expect(page.locator("main")).to_contain_text("nothing was saved")
