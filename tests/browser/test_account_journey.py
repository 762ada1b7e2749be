"""A new user's whole account life, in a real browser: join, fill in the profile, sign out
and in, turn on two-factor sign-in, download their data, and delete the account.
Every page on the way is checked with axe-core and must offer "Need help now?"."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import (
    BROWSER_MARKS,
    VISITED,
    Authenticator,
    ask_to_join,
    check_page,
    field,
    finish_joining,
    link_sent_to,
    new_user,
    sign_in,
    sign_out,
    visit,
)

pytestmark = BROWSER_MARKS

TOPICS = {"Grief and loss": "grief", "Caring for someone": "caregiving"}
LANGUAGE = ("French (français)", "fr")
TIME_ZONE = "America/Chicago"
CONTENT_FILTER = ("Self-harm", "self-harm")


def _group(page: Page, legend: str):
    return page.get_by_role("group", name=legend)


def _nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def _fill_in_profile(page: Page) -> None:
    topics = _group(page, "Lived-experience topics")
    for label in TOPICS:
        topics.get_by_label(label, exact=True).check()
    languages = _group(page, "Languages you are comfortable in")
    # The long list of languages is folded until the person opens it.
    languages.locator("summary").click()
    languages.get_by_label(LANGUAGE[0]).check()
    field(page, "Time zone").select_option(TIME_ZONE)
    page.get_by_role("radio", name=re.compile(r"^\s*Share experiences")).check()
    filters = _group(page, "Topics to hide behind a warning")
    filters.get_by_label(CONTENT_FILTER[0], exact=True).check()
    page.get_by_role("button", name="Save profile").click()


def _expect_profile_saved(page: Page) -> None:
    topics = _group(page, "Lived-experience topics")
    for label in TOPICS:
        expect(topics.get_by_label(label, exact=True)).to_be_checked()
    expect(topics.get_by_label("Trauma", exact=True)).not_to_be_checked()
    languages = _group(page, "Languages you are comfortable in")
    expect(languages.get_by_label(LANGUAGE[0])).to_be_checked()
    expect(field(page, "Time zone")).to_have_value(TIME_ZONE)
    expect(page.get_by_role("radio", name=re.compile(r"^\s*Share experiences"))).to_be_checked()
    filters = _group(page, "Topics to hide behind a warning")
    expect(filters.get_by_label(CONTENT_FILTER[0], exact=True)).to_be_checked()


def test_new_user_joins_sets_up_and_deletes_their_account(
    page: Page, server: Server, tmp_path: Path
):
    user = new_user()
    first_visit = len(VISITED)

    # Home, then "Join" from the page itself.
    visit(page, "/")
    page.get_by_role("main").get_by_role("link", name="Join").click()
    page.wait_for_url("**/accounts/sign-up/")
    check_page(page)

    # The first step asks only for the address, and says to look for the e-mail.
    ask_to_join(page, user)
    check_page(page)
    page.goto(link_sent_to(server.log_path, user.email))
    expect(page.get_by_role("main")).to_contain_text(f"Your account will sign in with {user.email}")
    check_page(page)

    # A typo in the second password: the form says so, next to that field.
    finish_joining(page, user, password_again=user.password + "x")
    again = field(page, "Password again")
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(again).to_have_accessible_description(re.compile("The two passwords are not the same"))
    check_page(page)

    # Join under a pseudonym; the new account lands on its profile.
    finish_joining(page, user)
    page.wait_for_url("**/accounts/profile/")
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("main")).to_contain_text(f"Others see you as {user.display_name}")
    expect(field(page, "Time zone")).to_have_value(user.time_zone)

    # Fill in the profile and save; the answer says so, and a reload shows it kept.
    _fill_in_profile(page)
    expect(page.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    check_page(page)
    visit(page, "/accounts/profile/")
    _expect_profile_saved(page)

    # Sign out, then back in with the password.
    sign_out(page)
    check_page(page)
    _nav(page).get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/accounts/sign-in/")
    check_page(page)
    sign_in(page, user.email, user.password)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user.display_name}")
    check_page(page)

    # Account settings: turn on two-factor sign-in with an authenticator app.
    _nav(page).get_by_role("link", name="Account").click()
    page.wait_for_url("**/accounts/settings/")
    check_page(page)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.wait_for_url("**/accounts/two-factor/setup/")
    check_page(page)
    app = Authenticator(page.locator("code.secret").inner_text())
    field(page, "Six-digit code").fill(app.code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    check_page(page)
    expect(page.locator(".backup-codes li")).not_to_have_count(0)
    page.get_by_role("link", name="I have saved them, continue").click()
    visit(page, "/accounts/settings/")
    expect(page.get_by_role("main")).to_contain_text("Two-factor sign-in is on")

    # Sign out; signing in now takes the password and a code.
    sign_out(page)
    visit(page, "/accounts/sign-in/")
    sign_in(page, user.email, user.password)
    page.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    check_page(page)
    field(page, "Six-digit code").fill(app.code())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {user.display_name}")

    # Download everything the site holds; the profile is in it.
    visit(page, "/accounts/settings/")
    page.get_by_role("link", name="What is in the file?").click()
    page.wait_for_url("**/accounts/export/")
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("main").get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    export = json.loads(saved.read_text(encoding="utf-8"))
    assert export["account"]["display_name"] == user.display_name
    assert export["profile"]["time_zone"] == TIME_ZONE
    assert set(export["profile"]["topics"]) == set(TOPICS.values())
    assert export["profile"]["languages"] == [LANGUAGE[1]]
    assert export["profile"]["support_preference"] == "share_experiences"
    assert export["profile"]["content_filters"] == [CONTENT_FILTER[1]]

    # Delete the account. A wrong password deletes nothing and says why, next to the field.
    visit(page, "/accounts/settings/")
    page.get_by_role("link", name="Delete my account…").click()
    page.wait_for_url("**/accounts/delete/")
    check_page(page)
    page.on("dialog", lambda dialog: dialog.accept())
    password = field(page, "Your password")
    password.fill(user.password + "-wrong")
    page.get_by_role("checkbox", name=re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was deleted")
    password = field(page, "Your password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(
        re.compile("That password is not right, so nothing was deleted.")
    )
    check_page(page)

    password.fill(user.password)
    page.get_by_role("checkbox", name=re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account for good").click()
    page.wait_for_url("**/accounts/delete/done/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    check_page(page)
    expect(_nav(page).get_by_role("link", name="Join")).to_be_visible()

    # The old e-mail and password no longer sign anyone in.
    visit(page, "/accounts/sign-in/")
    sign_in(page, user.email, user.password)
    expect(page.get_by_role("alert")).to_contain_text("don't match an account")
    assert page.url.endswith("/accounts/sign-in/")
    check_page(page)

    # Every page on the way was checked (home, forms, errors, two-factor, export, delete).
    checked = {re.sub(r"^https?://[^/]+", "", v.url).split("?")[0] for v in VISITED[first_visit:]}
    assert {
        "/",
        "/accounts/sign-up/",
        "/accounts/sign-up/sent/",
        "/accounts/profile/",
        "/accounts/sign-in/",
        "/accounts/settings/",
        "/accounts/two-factor/setup/",
        "/accounts/two-factor/verify/",
        "/accounts/export/",
        "/accounts/delete/",
        "/accounts/delete/done/",
    } <= checked
