"""In a real browser: a member pastes a story longer than the limit into the new-thread box
and into a chat room's box. Nothing is cut or lost: a counter says how much to shorten,
sending explains instead of failing silently, and the shortened text then goes."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.helpers import BROWSER_MARKS, check_page, field, new_user, sign_in
from tests.browser.test_chat_journey import _on_server, _texts

pytestmark = BROWSER_MARKS

STORY = ("I kept it in for years. " * 258)[: 6200 - 20] + "and then I told you."
SHORTER = STORY[:4780] + "and then I told you."


def _paste(page: Page, box, text: str) -> None:
    """Put TEXT in BOX as a paste does: one insertion, which a maxlength would cut."""
    box.click()
    page.keyboard.insert_text(text)


def test_a_pasted_story_over_the_limit_is_kept_whole_and_the_counter_says_what_to_cut(
    page: Page, server: Server
):
    assert len(STORY) == 6200 and len(SHORTER) == 4800
    tag = secrets.token_hex(3)
    person = new_user()
    slug = f"long-story-{tag}"
    world = _on_server(
        server,
        step="world",
        group=f"Long Story {tag}",
        slug=slug,
        people=[{**vars(person), "role": "member"}],
    )
    assert isinstance(world, dict)
    new_thread = f"/groups/{slug}/conversations/new/"
    page.goto(f"/accounts/sign-in/?next={new_thread}")
    sign_in(page, person.email, person.password)
    page.wait_for_url(f"**{new_thread}")

    # The new-thread box: the whole paste stays, and the counter says how much to cut.
    field(page, "Title").fill("Something I never said")
    box = field(page, "Your message")
    _paste(page, box, STORY)
    expect(box).to_have_value(STORY)
    counter = page.locator(".char-count-shown")
    expect(counter).to_have_text("6,200 of 5,000 characters: shorten it by 1,200 to send.")
    # Screen readers hear it once typing pauses, politely, as part of the box's description.
    status = page.locator("#id_body-count")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("6,200 of 5,000 characters: shorten it by 1,200 to send.")
    expect(box).to_have_accessible_description(re.compile("shorten it by 1,200"))

    # Sending explains, and keeps everything where it was.
    page.get_by_role("button", name="Start the thread").click()
    expect(page.get_by_role("alert").filter(has_text="Not sent")).to_have_text(
        "Not sent: 6,200 characters is over the limit of 5,000. Shorten it by 1,200, "
        "then send again; your text stays in the box."
    )
    expect(box).to_be_focused()
    expect(box).to_have_value(STORY)
    assert page.url.endswith(new_thread)
    check_page(page)

    # Shortened, it counts down and goes.
    box.fill(SHORTER)
    expect(counter).to_have_text("4,800 of 5,000 characters")
    expect(page.get_by_role("alert").filter(has_text="Not sent")).to_be_hidden()
    box.fill("A few words.")
    expect(counter).to_be_hidden()
    box.fill(SHORTER)
    page.get_by_role("button", name="Start the thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Something I never said")
    expect(page.get_by_role("main")).to_contain_text("and then I told you.")

    # The chat box: Enter does not send it, and nothing leaves the box.
    room_url = f"/groups/{slug}/rooms/{world['room']}/"
    page.goto(room_url)
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    chat_box = page.get_by_label("Your message", exact=True)
    _paste(page, chat_box, STORY)
    expect(page.locator(".char-count-shown")).to_have_text(
        "6,200 of 5,000 characters: shorten it by 1,200 to send."
    )
    chat_box.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="Not sent")).to_be_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(chat_box).to_have_value(STORY)
    expect(page.locator("#chat-pending > li")).to_have_count(0)
    check_page(page)
    assert _on_server(server, step="texts", room=world["room"]) == []

    # Shortened, it is sent, and the counter goes with the text.
    chat_box.fill(SHORTER)
    chat_box.press("Enter")
    expect(chat_box).to_have_value("")
    expect(page.locator(".char-count-shown")).to_be_hidden()
    expect(page.locator("#chat-messages > li")).to_have_count(1)
    assert _texts(page)[0].endswith("and then I told you.")
    assert _on_server(server, step="texts", room=world["room"]) == [SHORTER]
