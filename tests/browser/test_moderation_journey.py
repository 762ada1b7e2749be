"""In a real browser, the whole moderation loop: a member reports an unkind post in a group
thread; the group's facilitator hides it until its author edits it, citing a guideline and
giving a reason; the author reads why in their notices, edits the post and sends it back;
the facilitator approves the edit; and the member who reported it is told the outcome and
sees the edited post in the thread again. Every page is checked with axe-core and keeps
the crisis link in reach."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _new_context, run_on_server
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

UNKIND = "Honestly, nobody here wants to read your moaning every single week. Give it a rest."
EDITED = "It has been a long week for me too, and I find it hard to read about it every time."
NOTE = "This was aimed at the person who posted just before."
REASON = "Please talk about how something affects you, not about another member."
APPROVAL = "Thank you for the edit: it speaks from your own experience now."
GUIDELINE = "Respect every member"

WORLD = """
import json
from django_otp.plugins.otp_totp.models import TOTPDevice
from peerhaven.accounts import services as accounts
from peerhaven.accounts import two_factor
from peerhaven.conversations import services as conversations
from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import RuleSet
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from peerhaven.moderation.models import Case
args = json.loads('''{args}''')
step = args["step"]
if step == "world":
    rules = RuleSet.objects.create(scope="group", name=args["group"])
    group = Group.objects.create(
        name=args["group"], slug=args["slug"], rules=rules, join_policy="open",
        languages=["en"], format="online",
    )
    users = {}
    secret = None
    for person in args["people"]:
        user = accounts.account_create(
            email=person["email"], display_name=person["display_name"], password=person["password"]
        )
        users[person["part"]] = user
        role = "facilitator" if person["part"] == "facilitator" else "member"
        Membership.objects.create(group=group, user=user, role=role)
        Agreement.objects.create(
            user=user, group=group, instance_version=current_version(instance_rule_set()),
            group_version=current_version(rules), via="web",
        )
        if role == "facilitator":
            # Facilitators sign in with an authenticator app, set up long ago.
            device = TOTPDevice.objects.create(
                user=user, name="Authenticator app", confirmed=True
            )
            secret = two_factor.totp_secret(device)
    opening = conversations.thread_start(
        author=users["facilitator"], group=group, title="How was your week?",
        text="Share as much or as little as you like.",
    ).message
    conversations.message_post(
        author=users["reporter"], conversation=opening.conversation,
        text="Another week of bad sleep. I keep waking at four and can't settle.",
    )
    unkind = conversations.message_post(
        author=users["author"], conversation=opening.conversation, text=args["unkind"]
    ).message
    print(json.dumps({
        "thread": opening.conversation.pk, "post": unkind.pk, "secret": secret,
    }))
else:
    cases = Case.objects.filter(message_id=args["post"]).order_by("pk")
    print(json.dumps([
        {
            "status": case.status,
            "reports": [(r.reporter.email, r.guideline_key) for r in case.reports.all()],
            "actions": [
                (a.kind, a.moderator.email, a.guideline_key)
                for a in case.actions.order_by("created_at", "pk")
            ],
            "message": case.message.body,
            "moderation": case.message.moderation,
        }
        for case in cases
    ]))
"""


def _on_server(live: Server, **args) -> object:
    """Run a step against the server's own database, as an admin's console would."""
    return run_on_server(live, WORLD, **args)


@pytest.fixture
def other_pages(browser, server: Server) -> Iterator[tuple[Page, Page]]:
    """Two more people, each in a browser profile of their own."""
    contexts = [
        _new_context(browser, server, bypass_csp=True, viewport={"width": 1280, "height": 900})
        for _person in range(2)
    ]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def _notices_link(page: Page):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^Notices")
    )


def _decide(page: Page, action: str, reason: str) -> None:
    """Fill in the case page's "Decide" form and send it, confirming if asked."""
    decide = page.locator("section", has=page.get_by_role("heading", name="Decide", exact=True))
    decide.get_by_role("group", name="What to do").get_by_role("radio", name=action).check()
    field(page, "Guideline").select_option(label=GUIDELINE)
    field(page, "Reason").fill(reason)
    decide.get_by_role("button", name="Decide").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^(Moderation queue|Confirm: .+\?)$"))
    if heading.inner_text().startswith("Confirm: "):
        check_page(page)
        page.get_by_role("button", name=re.compile(r"^Yes: ")).click()


def test_a_reported_post_is_hidden_edited_by_its_author_approved_and_shown_again(
    page: Page, other_pages: tuple[Page, Page], server: Server
):
    tag = secrets.token_hex(3)
    reporter, author, facilitator = new_user(), new_user(), new_user()
    group = f"Evening Lighthouse {tag}"
    slug = f"evening-lighthouse-{tag}"
    world = _on_server(
        server,
        step="world",
        group=group,
        slug=slug,
        unkind=UNKIND,
        people=[
            {**vars(facilitator), "part": "facilitator"},
            {**vars(reporter), "part": "reporter"},
            {**vars(author), "part": "author"},
        ],
    )
    assert isinstance(world, dict)
    thread_url = f"/groups/{slug}/conversations/{world['thread']}/"
    moderator, writer = other_pages

    # The reporter reads the thread and reports the unkind post from its menu.
    page.goto(f"/accounts/sign-in/?next={thread_url}")
    sign_in(page, reporter.email, reporter.password)
    page.wait_for_url(f"**{thread_url}")
    check_page(page)
    post = page.get_by_role("article", name=author.display_name)
    expect(post).to_contain_text(UNKIND)
    post.get_by_text("More actions").click()
    post.get_by_role("link", name="Report this post").click()
    page.wait_for_url(f"**/moderation/report/message/{world['post']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a message")
    expect(page.get_by_role("main")).to_contain_text(UNKIND)
    check_page(page)
    page.get_by_role("group", name="Which guideline does it go against?").get_by_role(
        "radio", name=GUIDELINE
    ).check()
    field(page, "Anything a moderator should know (optional)").fill(NOTE)
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(re.compile(rf"{re.escape(thread_url)}(\?page=\d+)?#post-{world['post']}$"))
    expect(
        page.get_by_role("status").filter(
            has_text="Thank you — a moderator will look at it; we'll tell you the outcome."
        )
    ).to_be_visible()
    check_page(page)

    # The facilitator signs in with a password and a code from their authenticator app,
    # and opens the moderation queue, where the case waits.
    app = Authenticator(world["secret"])
    moderator.goto("/accounts/sign-in/?next=/moderation/")
    sign_in(moderator, facilitator.email, facilitator.password)
    moderator.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    field(moderator, "Six-digit code").fill(app.code())
    moderator.get_by_role("button", name="Continue").click()
    moderator.wait_for_url("**/moderation/")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    check_page(moderator)
    card = moderator.locator(".case-card", has_text=group)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Waiting for a moderator")
    expect(card).to_contain_text(author.display_name)

    # The case shows the post in its conversation and the report with its note.
    card.get_by_role("link", name=re.compile(rf"^{re.escape(group)}: ")).click()
    moderator.wait_for_url(re.compile(r"/moderation/cases/\d+/$"))
    case_url = moderator.url
    expect(moderator.get_by_role("heading", level=1)).to_have_text(
        re.compile(rf"^Case \d+: a message in {re.escape(group)}$")
    )
    main = moderator.get_by_role("main")
    expect(main.locator(".moderation-snapshot")).to_contain_text(UNKIND)
    expect(main.locator(".context-reported")).to_contain_text(UNKIND)
    expect(main.get_by_role("heading", name="1 report")).to_be_visible()
    expect(main.locator(".report-list")).to_contain_text(f"reported by {reporter.display_name}")
    expect(main.locator(".report-list")).to_contain_text(NOTE)
    check_page(moderator)

    # They hide it until the author edits it, citing the guideline and giving a reason.
    _decide(moderator, "Hide it until the author edits it", REASON)
    moderator.wait_for_url("**/moderation/")
    expect(
        moderator.get_by_role("status").filter(
            has_text="Done: Hidden until the author edits it. The author is told now; the "
            "people who reported it are told when the case is closed."
        )
    ).to_be_visible()
    # It leaves the queue until the author has edited the post.
    expect(card).to_have_count(0)
    check_page(moderator)

    # The reporter no longer sees the post in the thread.
    visit(page, thread_url)
    expect(page.get_by_role("main")).not_to_contain_text(UNKIND)

    # The author signs in and sees a notice in the header.
    writer.goto("/accounts/sign-in/?next=/groups/mine/")
    sign_in(writer, author.email, author.password)
    writer.wait_for_url("**/groups/mine/")
    expect(_notices_link(writer)).to_have_accessible_name("Notices 1 unread")
    check_page(writer)
    _notices_link(writer).click()
    writer.wait_for_url("**/moderation/notices/")
    notice = writer.locator(".notice", has_text=f"About your content: {GUIDELINE}")
    expect(notice).to_contain_text("New")
    expect(notice).to_contain_text("Your post is hidden from others until you edit it.")
    expect(notice).to_contain_text(f"Guideline: {GUIDELINE}. Reason: {REASON}")
    check_page(writer)

    # "Decisions about your content" lists the case; its page says why and how to fix it.
    writer.get_by_role("link", name="Decisions about your content").click()
    writer.wait_for_url("**/moderation/mine/")
    check_page(writer)
    writer.get_by_role("link", name=f"Your post in {group}").click()
    writer.wait_for_url(re.compile(r"/moderation/mine/\d+/$"))
    mine_url = writer.url
    expect(writer.get_by_role("heading", level=1)).to_have_text(f"About your post in {group}")
    expect(writer.get_by_role("main")).to_contain_text("Status: Hidden until the author edits it")
    expect(writer.get_by_role("main")).to_contain_text(f"Guideline: {GUIDELINE}")
    expect(writer.get_by_role("main")).to_contain_text(f"Reason: {REASON}")
    check_page(writer)

    # They edit the post and send it back.
    writer.get_by_role("link", name="Edit your post").click()
    writer.wait_for_url(f"**/messages/{world['post']}/edit/")
    check_page(writer)
    field(writer, "Your message").fill(EDITED)
    writer.get_by_role("button", name="Save changes").click()
    writer.wait_for_url(re.compile(rf"#post-{world['post']}$"))
    expect(writer.get_by_role("status").filter(has_text="Your post is updated.")).to_be_visible()
    own = writer.get_by_role("article", name=author.display_name)
    expect(own).to_contain_text(EDITED)
    expect(own).to_contain_text("Hidden from others until you edit it")
    check_page(writer)
    visit(writer, mine_url)
    expect(writer.get_by_role("main")).to_contain_text(
        "Thank you for editing your post. It stays hidden until a moderator looks at it again"
    )
    expect(writer.get_by_role("link", name="Edit your post")).to_have_count(0)

    # The facilitator finds the case back in the queue, edited, and approves it.
    visit(moderator, "/moderation/")
    expect(card).to_contain_text("Edited by the author, waiting for review")
    card.get_by_role("link", name=re.compile(rf"^{re.escape(group)}: ")).click()
    moderator.wait_for_url(case_url)
    main = moderator.get_by_role("main")
    expect(main.get_by_role("heading", name="The author's edited text")).to_be_visible()
    expect(main.locator(".moderation-edited")).to_contain_text(EDITED)
    # The words as reported stay beside the edit.
    expect(main.locator(".moderation-snapshot")).to_contain_text(UNKIND)
    expect(main.locator(".action-list")).to_contain_text("Hidden until the author edits it")
    check_page(moderator)
    _decide(moderator, "Approve the edit: show the post again", APPROVAL)
    moderator.wait_for_url("**/moderation/")
    expect(
        moderator.get_by_role("status").filter(has_text="Done: Approved after the edit.")
    ).to_be_visible()
    expect(card).to_have_count(0)
    check_page(moderator)

    # The reporter is told the outcome, without the private details.
    visit(page, "/groups/mine/")
    expect(_notices_link(page)).to_have_accessible_name("Notices 1 unread")
    _notices_link(page).click()
    page.wait_for_url("**/moderation/notices/")
    outcome = page.locator(".notice", has_text="About your report")
    expect(outcome).to_contain_text(
        f"A moderator looked at what you reported and acted under the guideline “{GUIDELINE}”."
    )
    expect(outcome).not_to_contain_text(REASON)
    expect(outcome).not_to_contain_text(APPROVAL)
    check_page(page)

    # The edited post is back in the thread for everyone, marked as edited.
    visit(page, thread_url)
    shown = page.get_by_role("article", name=author.display_name)
    expect(shown).to_contain_text(EDITED)
    expect(shown.get_by_text("edited", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(UNKIND)

    # The author is told too; the record agrees.
    visit(writer, "/moderation/notices/")
    expect(writer.get_by_role("main")).to_contain_text(
        "Your edited post is visible again. Thank you."
    )
    cases = _on_server(server, step="cases", post=world["post"])
    assert cases == [
        {
            "status": "closed",
            "reports": [[reporter.email, "respect"]],
            "actions": [
                ["hide_pending_edit", facilitator.email, "respect"],
                ["approve", facilitator.email, "respect"],
            ],
            "message": EDITED,
            "moderation": "visible",
        }
    ]
