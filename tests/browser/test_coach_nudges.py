"""In a real browser: a new member replies to a post whose author asked to be listened to.
As they type "you should just get over it, at least you have a job", three hints appear
under the box, each naming its guideline with a reason and a rewrite; one click rewrites
that part of the text; and the reply still sends. Hints never stand in the way."""

from __future__ import annotations

import json
import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, run_on_server
from tests.browser.helpers import BROWSER_MARKS, check_page, field, new_user, sign_in

pytestmark = BROWSER_MARKS

ACCEPTANCE = "you should just get over it, at least you have a job"

WORLD = """
import json
from peerhaven.accounts import services as accounts
from peerhaven.conversations import services as conversations
from peerhaven.conversations.models import Conversation, Message
from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import RuleSet
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from peerhaven.nudges.models import NudgeCount
args = json.loads('''{args}''')
if args["step"] == "world":
    rules = RuleSet.objects.create(scope="group", name=args["group"])
    group = Group.objects.create(
        name=args["group"], slug=args["slug"], rules=rules, join_policy="open",
        languages=["en"], format="online",
    )
    users = []
    for person in args["people"]:
        user = accounts.account_create(
            email=person["email"], display_name=person["display_name"], password=person["password"]
        )
        Membership.objects.create(group=group, user=user, role="member")
        Agreement.objects.create(
            user=user, group=group, instance_version=current_version(instance_rule_set()),
            group_version=current_version(rules), via="web",
        )
        users.append(user)
    thread = conversations.thread_start(
        author=users[0], group=group, title="Everything feels heavy",
        text="I lost my footing this month. I mostly need to be heard.",
        support_preference="just_listen",
    ).message.conversation
    room = Conversation.objects.create(
        group=group, kind="room", title="Evening chat", created_by=users[0]
    )
    print(json.dumps({"thread": thread.pk, "room": room.pk}))
else:
    bodies = Message.objects.filter(conversation_id=args["thread"]).order_by("seq")
    counts = {c.kind: [c.shown, c.accepted] for c in NudgeCount.objects.all()}
    print(json.dumps({"bodies": list(bodies.values_list("body", flat=True)), "counts": counts}))
"""


def _on_server(live: Server, **args) -> dict:
    """Run a step against the server's own database, as an admin's console would."""
    return run_on_server(live, WORLD, **args)


def test_a_new_member_sees_three_hints_takes_a_rewrite_and_the_reply_still_sends(
    page: Page, strict_context, server: Server
):
    tag = secrets.token_hex(3)
    author, newcomer = new_user(), new_user()
    slug = f"steady-ground-{tag}"
    world = _on_server(
        server,
        step="world",
        group=f"Steady Ground {tag}",
        slug=slug,
        people=[vars(author), vars(newcomer)],
    )
    thread_url = f"/groups/{slug}/conversations/{world['thread']}/"

    # The browser enforces the CSP exactly as a visitor's does: the hints work under it.
    tab = strict_context.new_page()
    tab.goto(f"/accounts/sign-in/?next={thread_url}")
    sign_in(tab, newcomer.email, newcomer.password)
    tab.wait_for_url(f"**{thread_url}")

    box = field(tab, "Your message")
    box.press_sequentially(ACCEPTANCE, delay=5)
    hints = tab.locator(".nudges .nudge")
    expect(hints).to_have_count(3)
    expect(tab.locator(".nudges")).to_have_attribute("aria-live", "polite")
    for n in range(3):
        hint = hints.nth(n)
        expect(hint.locator(".nudge-guideline a")).not_to_be_empty()
        expect(hint.locator(".nudge-message")).not_to_be_empty()
        expect(hint.get_by_role("button", name=re.compile(r"^Rewrite as “.+”$"))).to_be_visible()
    expect(hints.locator(".nudge-guideline a", has_text="Ask before advising")).to_have_count(1)

    # One click rewrites that part of the text, in place, and the box keeps the focus.
    advice = hints.filter(has=tab.locator("a", has_text="Ask before advising"))
    span = advice.get_attribute("data-span")
    suggestion = advice.get_attribute("data-suggestion")
    assert span and suggestion
    advice.get_by_role("button").click()
    rewritten = ACCEPTANCE.replace(span, suggestion, 1)
    expect(box).to_have_value(rewritten)
    expect(box).to_be_focused()
    expect(hints.locator(".nudge-guideline a", has_text="Ask before advising")).to_have_count(0)
    expect(hints).not_to_have_count(0)

    # The reply sends, hints and all: nothing is ever blocked by a hint.
    tab.get_by_role("button", name="Send reply").click()
    tab.wait_for_url(re.compile(r"#post-\d+$"))
    expect(tab.locator(".post-list")).to_contain_text(rewritten)
    state = _on_server(server, step="state", thread=world["thread"])
    assert state["bodies"][-1] == rewritten
    # Counted by kind only: shown once for this draft, and the rewrite taken.
    assert state["counts"]["unsolicited_advice"] == [1, 1]
    assert ACCEPTANCE not in json.dumps(state["counts"])

    # The hints are accessible as well (axe-core needs the CSP bypassed to be injected).
    page.goto(f"/accounts/sign-in/?next={thread_url}")
    sign_in(page, newcomer.email, newcomer.password)
    page.wait_for_url(f"**{thread_url}")
    field(page, "Your message").fill(ACCEPTANCE)
    expect(page.locator(".nudges .nudge")).to_have_count(3)
    check_page(page)


def test_in_a_chat_room_hints_follow_the_draft_and_clear_when_it_is_sent(
    page: Page, server: Server
):
    tag = secrets.token_hex(3)
    author, newcomer = new_user(), new_user()
    slug = f"evening-lights-{tag}"
    world = _on_server(
        server,
        step="world",
        group=f"Evening Lights {tag}",
        slug=slug,
        people=[vars(author), vars(newcomer)],
    )
    room_url = f"/groups/{slug}/rooms/{world['room']}/"
    page.goto(f"/accounts/sign-in/?next={room_url}")
    sign_in(page, newcomer.email, newcomer.password)
    page.wait_for_url(f"**{room_url}")
    expect(page.get_by_role("status").filter(has_text="Live")).to_be_visible()

    # A room states no support preference: a reply there is read as "just listen".
    box = page.get_by_label("Your message", exact=True)
    box.fill("you should try walking every morning")
    hints = page.locator(".nudges .nudge")
    expect(hints).to_have_count(1)
    expect(hints.locator(".nudge-guideline a")).to_have_text("Ask before advising")
    check_page(page)

    # Enter still sends at once; the hints belong to the sent draft and go with it.
    box.press("Enter")
    expect(box).to_have_value("")
    expect(hints).to_have_count(0)
    expect(page.locator("#chat-messages > li")).to_have_count(1)
    expect(page.locator("#chat-messages")).to_contain_text("you should try walking every morning")

    # Taking out contact details leaves no space before the full stop that followed them.
    box.fill("Text me on 07700 900123.")
    removal = hints.filter(has=page.get_by_role("button", name=re.compile(r"^Remove")))
    expect(removal).to_have_count(1)
    removal.get_by_role("button").click()
    expect(box).to_have_value("Text me on.")
