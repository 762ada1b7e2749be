"""In a real browser: two members chat live in a group's room and each message shows once;
then one of them loses the network, writes while offline, and comes back. Nothing is lost,
nothing is doubled, and both see the same messages in the same order."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, run_on_server
from tests.browser.helpers import BROWSER_MARKS, check_page, new_user, sign_in

pytestmark = BROWSER_MARKS

OFFLINE = "Offline — messages you write will be sent when the connection is back"

WORLD = """
import json
from peerhaven.accounts import services as accounts
from peerhaven.conversations.models import Conversation, Message
from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import RuleSet
from peerhaven.guidelines.selectors import current_version, instance_rule_set
args = json.loads('''{args}''')
if args["step"] == "world":
    rules = RuleSet.objects.create(scope="group", name=args["group"])
    group = Group.objects.create(
        name=args["group"], slug=args["slug"], rules=rules, join_policy="open",
        languages=["en"], format="online",
    )
    user = None
    for person in args["people"]:
        user = accounts.account_create(
            email=person["email"], display_name=person["display_name"], password=person["password"]
        )
        Membership.objects.create(group=group, user=user, role=person["role"])
        Agreement.objects.create(
            user=user, group=group, instance_version=current_version(instance_rule_set()),
            group_version=current_version(rules), via="web",
        )
    room = Conversation.objects.create(
        group=group, kind="room", title="Tuesday evening chat", created_by=user
    )
    print(json.dumps({"room": room.pk}))
else:
    texts = Message.objects.filter(conversation_id=args["room"]).order_by("seq")
    print(json.dumps(list(texts.values_list("body", flat=True))))
"""


def _on_server(live: Server, **args) -> object:
    """Run a step against the server's own database, as an admin's console would."""
    return run_on_server(live, WORLD, **args)


def _messages(page: Page):
    return page.locator("#chat-messages > li")


def _texts(page: Page) -> list[str]:
    return [text.strip() for text in _messages(page).locator(".post-body").all_inner_texts()]


def _say(page: Page, text: str, *, with_enter: bool = False) -> None:
    box = page.get_by_label("Your message", exact=True)
    box.fill(text)
    if with_enter:
        box.press("Enter")
    else:
        page.get_by_role("button", name="Send", exact=True).click()
    expect(box).to_have_value("")


def test_two_members_chat_live_and_nothing_is_lost_or_doubled_offline(
    page: Page, strict_context, server: Server
):
    tag = secrets.token_hex(3)
    first, second = new_user(), new_user()
    world = _on_server(
        server,
        step="world",
        group=f"Harbour Chat {tag}",
        slug=f"harbour-chat-{tag}",
        people=[
            {**vars(first), "role": "member"},
            {**vars(second), "role": "member"},
        ],
    )
    assert isinstance(world, dict)
    room_url = f"/groups/harbour-chat-{tag}/rooms/{world['room']}/"

    # The first member's browser bypasses the CSP only so axe-core can be injected; the
    # second one enforces it exactly, so the chat must work under the strict policy.
    context = page.context
    other = strict_context.new_page()
    for person, tab in ((first, page), (second, other)):
        tab.goto(f"/accounts/sign-in/?next={room_url}")
        sign_in(tab, person.email, person.password)
        tab.wait_for_url(f"**{room_url}")
        expect(tab.get_by_role("heading", level=1)).to_have_text("Tuesday evening chat")
        expect(tab.get_by_role("status").filter(has_text="Live")).to_be_visible()
    check_page(page)

    # Live both ways; Enter sends, and each message shows exactly once on both screens.
    _say(page, "Hello, I am here to listen tonight.", with_enter=True)
    _say(other, "Thank you. It has been a long week.")
    _say(page, "Take your time.")
    live = [
        "Hello, I am here to listen tonight.",
        "Thank you. It has been a long week.",
        "Take your time.",
    ]
    for tab in (page, other):
        expect(_messages(tab)).to_have_count(3)
        assert _texts(tab) == live
    expect(_messages(other).nth(0).locator(".chat-author")).to_have_text(first.display_name)

    # Shift+Enter makes a new line instead of sending.
    box = page.get_by_label("Your message", exact=True)
    box.fill("first line")
    box.press("Shift+Enter")
    box.press_sequentially("second line")
    expect(box).to_have_value("first line\nsecond line")
    box.fill("")

    # The first member loses the network. Chromium's offline emulation leaves a WebSocket
    # that is already open looking open (nothing gets through it) and refuses new ones,
    # as a phone losing its signal does. The page is told (navigator.onLine, the "offline"
    # event) and chat.js ends the socket at once; had it missed that, the unanswered ping
    # would end it within 35 s.
    context.set_offline(True)
    expect(page.get_by_role("status").filter(has_text=OFFLINE)).to_be_visible()
    _say(page, "Sorry, my train is going through a tunnel.")
    _say(page, "I will read everything when I am back.", with_enter=True)
    pending = page.locator("#chat-pending > li")
    expect(pending).to_have_count(2)
    expect(pending.nth(0)).to_contain_text("sending…")
    expect(pending.nth(1)).to_contain_text("sending…")
    # Meanwhile the other member writes; the offline one has yet to see it.
    _say(other, "No worries, see you soon.")
    expect(_messages(other)).to_have_count(4)
    page.wait_for_timeout(1000)
    expect(_messages(page)).to_have_count(3)
    assert _on_server(server, step="texts", room=world["room"]) == [
        *live,
        "No worries, see you soon.",
    ]

    # Back online: it reconnects, catches up and sends the queue, each message once.
    context.set_offline(False)
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    expect(pending).to_have_count(0)
    everything = [
        *live,
        "No worries, see you soon.",
        "Sorry, my train is going through a tunnel.",
        "I will read everything when I am back.",
    ]
    for tab in (page, other):
        expect(_messages(tab)).to_have_count(len(everything))
    assert _texts(page) == _texts(other) == everything
    seqs = [
        int(s) for s in _messages(page).evaluate_all("(items) => items.map(i => i.dataset.seq)")
    ]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert _on_server(server, step="texts", room=world["room"]) == everything

    # A reload shows the same history from the server, and the chat goes live again.
    other.reload()
    expect(other.get_by_role("status").filter(has_text="Live")).to_be_visible()
    assert _texts(other) == everything
    check_page(page)


def test_unsent_messages_survive_a_reload_refusals_stay_and_leaving_stops_the_chat(
    page: Page, server: Server
):
    tag = secrets.token_hex(3)
    person = new_user()
    slug = f"quiet-room-{tag}"
    world = _on_server(
        server,
        step="world",
        group=f"Quiet Room {tag}",
        slug=slug,
        people=[{**vars(person), "role": "member"}],
    )
    assert isinstance(world, dict)
    room_url = f"/groups/{slug}/rooms/{world['room']}/"
    page.goto(f"/accounts/sign-in/?next={room_url}")
    sign_in(page, person.email, person.password)
    page.wait_for_url(f"**{room_url}")
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()

    # The server never answers (a captive portal, a stalled proxy): what is written waits
    # as "sending…", and a reload keeps it; once the server answers, it is sent once.
    server_reachable = {"yes": False}

    def chat_socket(ws) -> None:
        if server_reachable["yes"]:
            ws.connect_to_server()

    page.route_web_socket(re.compile(r"/ws/chat/$"), chat_socket)
    page.reload()
    expect(page.get_by_role("status").filter(has_text="Connecting…")).to_be_visible()
    _say(page, "Is anyone around tonight?")
    pending = page.locator("#chat-pending > li")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text("sending…")
    server_reachable["yes"] = True
    page.reload()
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()
    expect(pending).to_have_count(0)
    expect(_messages(page)).to_have_count(1)
    assert _texts(page) == ["Is anyone around tonight?"]
    assert _on_server(server, step="texts", room=world["room"]) == ["Is anyone around tonight?"]

    # A message over the limit is not sent: it stays in the box, and sending says why.
    too_long = "a" * 5001
    box = page.get_by_label("Your message", exact=True)
    box.fill(too_long)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Not sent")).to_contain_text("5,001")
    expect(box).to_have_value(too_long)
    expect(pending).to_have_count(0)

    # A message the server refuses is never dropped silently: the reason shows, and the
    # writer chooses to put it back in the message box or remove it. (A control
    # character alone passes the page's checks; the server finds nothing written.)
    refused = "\x07"
    _say(page, refused)
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text("Not sent: Write something before sending.")
    check_page(page)
    pending.get_by_role("button", name="Put back in the message box").click()
    expect(pending).to_have_count(0)
    expect(box).to_have_value(refused)
    _say(page, refused)
    pending.get_by_role("button", name="Remove").click()
    expect(pending).to_have_count(0)
    assert _on_server(server, step="texts", room=world["room"]) == ["Is anyone around tonight?"]

    # Leaving the group in another tab stops the chat here at once, and says why.
    other = page.context.new_page()
    other.goto(f"/groups/{slug}/leave/")
    other.get_by_role("button", name="Leave the group").click()
    other.wait_for_url(re.compile(r"/groups/"))
    expect(page.get_by_text("You are no longer a member of this group")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Not connected")).to_be_visible()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_disabled()
