"""In a real browser: a member edits and then deletes their own chat message from the room
page, and another member's open page shows each change at once. Times read the same on
both pages, in the member's zone rather than the browser's."""

from __future__ import annotations

import secrets

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _new_context
from tests.browser.helpers import BROWSER_MARKS, check_page, field, new_user, sign_in
from tests.browser.test_chat_journey import _messages, _on_server, _say, _texts

pytestmark = BROWSER_MARKS


def test_a_member_edits_and_deletes_their_chat_message_and_the_other_page_follows(
    page: Page, browser, server: Server
):
    tag = secrets.token_hex(3)
    writer, reader = new_user(), new_user()
    slug = f"night-owls-{tag}"
    world = _on_server(
        server,
        step="world",
        group=f"Night Owls {tag}",
        slug=slug,
        people=[{**vars(writer), "role": "member"}, {**vars(reader), "role": "member"}],
    )
    assert isinstance(world, dict)
    room_url = f"/groups/{slug}/rooms/{world['room']}/"
    # The reader's browser enforces the CSP, and its clock is in a zone far from anyone's
    # profile: the chat must still show times as the server does.
    reader_context = _new_context(browser, server, timezone_id="Pacific/Kiritimati")
    other = reader_context.new_page()
    for person, tab in ((writer, page), (reader, other)):
        tab.goto(f"/accounts/sign-in/?next={room_url}")
        sign_in(tab, person.email, person.password)
        tab.wait_for_url(f"**{room_url}")
        expect(tab.get_by_role("status").filter(has_text="Live")).to_be_visible()

    _say(page, "Is anyone else awake tonigth?")
    _say(other, "I am, can't sleep either.")
    for tab in (page, other):
        expect(_messages(tab)).to_have_count(2)
    mine, theirs = _messages(page).nth(0), _messages(page).nth(1)
    # Live messages: mine have Edit and Delete, others' a Report link, on both pages.
    expect(mine.get_by_text("More actions")).to_be_visible()
    expect(theirs.get_by_text("More actions")).to_be_hidden()
    expect(theirs.get_by_role("link", name="Report")).to_be_visible()
    expect(_messages(other).nth(0).get_by_text("More actions")).to_be_hidden()
    expect(_messages(other).nth(1).get_by_text("More actions")).to_be_visible()
    shown_live = _messages(other).nth(0).locator(".chat-time").inner_text()
    check_page(page)

    # Edit, from the message that arrived live.
    mine.get_by_text("More actions").click()
    mine.get_by_role("link", name="Edit").click()
    page.wait_for_url("**/conversations/messages/*/edit/")
    expect(field(page, "Your message")).to_have_value("Is anyone else awake tonigth?")
    field(page, "Your message").fill("Is anyone else awake tonight?")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**{room_url}")
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    edited = ["Is anyone else awake tonight?", "I am, can't sleep either."]
    for tab in (page, other):
        expect(_messages(tab).locator(".post-body")).to_have_text(edited)
        expect(_messages(tab).nth(0).locator(".chat-edited")).to_be_visible()
    # The writer's page now comes from the server; the reader's time came from chat.js.
    expect(_messages(page).nth(0).locator(".chat-time")).to_have_text(shown_live)
    expect(_messages(other).nth(0).locator(".chat-time")).to_have_text(shown_live)

    # Delete, from the message rendered with the page.
    mine = _messages(page).nth(0)
    mine.get_by_text("More actions").click()
    mine.get_by_role("link", name="Delete").click()
    page.wait_for_url("**/conversations/messages/*/delete/")
    check_page(page)
    page.get_by_role("button", name="Delete the post").click()
    page.wait_for_url(f"**{room_url}")
    for tab in (page, other):
        expect(_messages(tab)).to_have_count(1)
        assert _texts(tab) == ["I am, can't sleep either."]
    assert _on_server(server, step="texts", room=world["room"]) == ["I am, can't sleep either."]
    reader_context.close()
