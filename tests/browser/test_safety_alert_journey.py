"""In a real browser: a member writes something urgent in a group thread. They see the
crisis panel beside their own post at once; the facilitator on duty, who already has a page
open, sees the alert banner appear without reloading, opens the alert, says "I'm on it"
and closes it with an outcome. And anyone, signed in or not, can reach "Talk to someone
now"; a signed-in member can ask the people on duty to check in with them."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, run_on_server
from tests.browser.helpers import (
    BROWSER_MARKS,
    Authenticator,
    check_page,
    field,
    new_user,
    sign_in,
    visit,
)

pytestmark = BROWSER_MARKS

# Screened `urgent` (the same words as tests/safety/alert_helpers.URGENT).
URGENT = "I want to kill myself tonight. I have a plan and nobody would even notice."

# The banner must show within seconds of the post, not at the next page load.
BANNER_WITHIN_MS = 5_000

WORLD = """
import json
from datetime import time
from peerhaven.accounts import services as accounts
from peerhaven.conversations import services as conversations
from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import RuleSet
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from peerhaven.safety.models import Alert, DutyWindow
args = json.loads('''{args}''')
step = args["step"]
if step == "world":
    group = None
    if args.get("group"):
        rules = RuleSet.objects.create(scope="group", name=args["group"])
        group = Group.objects.create(
            name=args["group"], slug=args["slug"], rules=rules, join_policy="open",
            languages=["en"], format="online",
        )
    users = {}
    for person in args["people"]:
        user = accounts.account_create(
            email=person["email"], display_name=person["display_name"], password=person["password"]
        )
        users[person["role"]] = user
        if group is None:
            continue
        Membership.objects.create(group=group, user=user, role=person["role"])
        Agreement.objects.create(
            user=user, group=group, instance_version=current_version(instance_rule_set()),
            group_version=current_version(rules), via="web",
        )
        if person["role"] == "facilitator":
            # On duty all week, as tests/safety/alert_helpers.on_duty_all_week does.
            DutyWindow.objects.bulk_create(
                DutyWindow(
                    user=user, kind="group", group=group, weekday=day, starts=time(0),
                    ends=time(0), time_zone="UTC",
                )
                for day in range(7)
            )
    thread = None
    if group is not None:
        thread = conversations.thread_start(
            author=users["facilitator"], group=group, title="How was your week?",
            text="Share as much or as little as you like.",
        ).message.conversation.pk
    print(json.dumps({"thread": thread}))
else:
    alerts = Alert.objects.filter(member__email=args["email"]).order_by("pk")
    print(json.dumps([
        {
            "kind": a.kind,
            "status": a.status,
            "outcome": a.outcome,
            "group": a.group.slug if a.group else None,
            "message": a.message.body if a.message else None,
            "acknowledged_by": a.acknowledged_by.email if a.acknowledged_by else None,
            "closed_by": a.closed_by.email if a.closed_by else None,
        }
        for a in alerts
    ]))
"""


def _on_server(live: Server, **args) -> object:
    """Run a step against the server's own database, as an admin's console would."""
    return run_on_server(live, WORLD, **args)


def _wait_for_frame(page: Page, frames: list[str], needle: str, timeout_ms: int = 10_000) -> None:
    """Wait until a recorded WebSocket frame contains NEEDLE."""
    waited = 0
    while not any(needle in frame for frame in frames):
        assert waited < timeout_ms, f"no frame with {needle} within {timeout_ms} ms: {frames}"
        page.wait_for_timeout(100)
        waited += 100


def test_an_urgent_post_reaches_the_facilitator_live_and_they_answer_and_close_it(
    page: Page, strict_context, server: Server
):
    tag = secrets.token_hex(3)
    alice, facilitator = new_user(), new_user()
    group = f"Night Harbour {tag}"
    slug = f"night-harbour-{tag}"
    world = _on_server(
        server,
        step="world",
        group=group,
        slug=slug,
        people=[{**vars(alice), "role": "member"}, {**vars(facilitator), "role": "facilitator"}],
    )
    assert isinstance(world, dict)
    thread_url = f"/groups/{slug}/conversations/{world['thread']}/"

    # The facilitator's browser enforces the CSP exactly as a visitor's does: the live
    # banner must work under the strict policy. Every notification frame is recorded.
    responder = strict_context.new_page()
    frames: list[str] = []

    def watch(ws) -> None:
        if ws.url.endswith("/ws/notifications/"):
            ws.on("framereceived", lambda payload: frames.append(str(payload)))

    responder.on("websocket", watch)

    # They sign in; a facilitator turns on two-factor sign-in first, then lands on their
    # groups, where the page opens its notification socket.
    responder.goto("/accounts/sign-in/?next=/groups/mine/")
    sign_in(responder, facilitator.email, facilitator.password)
    responder.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    app = Authenticator(responder.locator("code.secret").inner_text())
    field(responder, "Six-digit code").fill(app.code())
    responder.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(responder.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    responder.get_by_role("link", name="I have saved them, continue").click()
    responder.wait_for_url("**/groups/mine/")
    expect(responder.get_by_role("link", name=group)).to_be_visible()
    banner = responder.locator("#alert-banner")
    expect(banner).to_be_hidden()
    # Wait until the socket is open, so what follows can only arrive live.
    _wait_for_frame(responder, frames, '"hello"')
    # Marks this very page load: a reload would lose it.
    responder.evaluate("() => { window.__samePageLoad = true; }")

    # Alice, a member of the group, writes in the thread from its page.
    page.goto(f"/accounts/sign-in/?next={thread_url}")
    sign_in(page, alice.email, alice.password)
    page.wait_for_url(f"**{thread_url}")
    field(page, "Your message").fill(URGENT)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_url(re.compile(r"#post-\d+$"))

    # Her post is in the thread, and the crisis panel is beside it (hers only).
    post = page.locator("li.post-mine", has_text=URGENT)
    expect(post).to_have_count(1)
    panel = post.locator(".care-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading")).to_have_text("You don't have to carry this alone")
    expect(
        panel.get_by_role("button", name="Ask someone on duty to check in with me")
    ).to_be_visible()
    expect(page.locator(".care-panel")).to_have_count(1)
    check_page(page)

    # The facilitator's open page shows the alert within seconds, without reloading.
    expect(banner).to_be_visible(timeout=BANNER_WITHIN_MS)
    expect(banner).to_contain_text(f"Someone may need help in {group}")
    assert responder.evaluate("() => window.__samePageLoad === true"), "the page reloaded"
    assert any('"notify"' in frame and '"alert"' in frame for frame in frames), frames
    # The banner says where and why, never what was written.
    expect(banner).not_to_contain_text(URGENT)

    # They follow it to the alert page, where the message is shown to them (their group).
    banner.get_by_role("link", name="Open the alert").click()
    responder.wait_for_url(re.compile(r"/safety/alerts/\d+/$"))
    expect(responder.get_by_role("heading", level=1)).to_have_text(
        f"Someone may need help in {group}"
    )
    status = responder.locator("#alert-status")
    expect(status).to_have_text("Waiting for a responder")
    expect(responder.get_by_role("main")).to_contain_text(URGENT)
    check_page(responder)

    # "I'm on it": the status changes and names them; nobody else is asked any more.
    responder.get_by_role("button", name="I'm on it").click()
    expect(
        responder.get_by_role("status").filter(has_text="Thank you. The others know you are on it.")
    ).to_be_visible()
    expect(status).to_contain_text("A responder is on it")
    expect(status).to_contain_text(f"taken by {facilitator.display_name}")
    expect(responder.get_by_role("button", name="I'm on it")).to_have_count(0)
    expect(banner).to_be_hidden()

    # They close it with an outcome.
    responder.get_by_role("group", name="What happened?").get_by_role(
        "radio", name="Checked in with them"
    ).check()
    responder.get_by_role("button", name="Close the alert").click()
    expect(
        responder.get_by_role("status").filter(
            has_text="The alert is closed. Thank you for looking after them."
        )
    ).to_be_visible()
    expect(status).to_contain_text("Closed")
    expect(status).to_contain_text("Checked in with them")
    expect(responder.get_by_role("button", name="Close the alert")).to_have_count(0)

    # The record agrees: one alert, closed as checked in, taken by the facilitator.
    alerts = _on_server(server, step="alerts", email=alice.email)
    assert alerts == [
        {
            "kind": "screened",
            "status": "closed",
            "outcome": "checked_in",
            "group": slug,
            "message": URGENT,
            "acknowledged_by": facilitator.email,
            "closed_by": facilitator.email,
        }
    ]


def test_anyone_reaches_help_now_and_a_member_can_ask_for_a_check_in(page: Page, server: Server):
    member = new_user()
    _on_server(server, step="world", people=[{**vars(member), "role": "member"}])

    # Signed out: the page answers with the crisis lines and how to reach them.
    visit(page, "/safety/help-now/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Talk to someone now")
    panel = page.locator(".care-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(
        "If you are in danger right now, call your local emergency number."
    )
    expect(panel.locator(".care-lines li")).not_to_have_count(0)
    expect(panel.get_by_role("link", name="All crisis lines, by country")).to_be_visible()
    expect(
        panel.get_by_role("button", name="Ask someone on duty to check in with me")
    ).to_have_count(0)

    # Signing in from the panel brings them back here, where they can ask for a check-in.
    panel.get_by_role("link", name="Sign in to ask someone on duty to check in with you").click()
    page.wait_for_url(re.compile(r"/accounts/sign-in/"))
    sign_in(page, member.email, member.password)
    page.wait_for_url("**/safety/help-now/")
    page.get_by_role("button", name="Ask someone on duty to check in with me").click()
    page.wait_for_url("**/safety/help-now/")
    expect(
        page.get_by_role("status").filter(
            has_text="We have told the people on duty. Someone will check in."
        )
    ).to_be_visible()
    expect(page.locator(".help-request-status")).to_contain_text(
        "The people on duty have been told that you asked for help."
    )
    check_page(page)

    # Pressing again joins the request still open instead of raising another.
    page.get_by_role("button", name="Ask someone on duty to check in with me").click()
    expect(
        page.get_by_role("status").filter(
            has_text="The people on duty already know. Someone will check in."
        )
    ).to_be_visible()
    alerts = _on_server(server, step="alerts", email=member.email)
    assert isinstance(alerts, list)
    assert [(a["kind"], a["status"], a["group"]) for a in alerts] == [
        ("help_request", "open", None)
    ]
