"""In a real browser: a new member reads a group, agrees and joins, runs the group's
facilitator pages, and agrees again after a material change. Every page is checked with
axe-core (WCAG 2.2 A/AA) and keeps the crisis link in reach."""

from __future__ import annotations

import re
from urllib.parse import urlparse

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

SETUP = """
import json
from django.utils import timezone
from peerhaven.accounts import services as accounts
from peerhaven.accounts.models import Topic
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion
from peerhaven.guidelines.selectors import current_version, instance_rule_set
args = json.loads('''{args}''')
step = args["step"]
if step == "world":
    user = accounts.account_create(
        email=args["email"], display_name=args["name"], password=args["password"]
    )
    for name, policy, questions in (
        ("Harbour Circle", "open", []),
        ("Lantern Circle", "request", ["What brings you here?"]),
    ):
        rules = RuleSet.objects.create(scope="group", name=name)
        group = Group.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), rules=rules, join_policy=policy,
            join_questions=questions, what_to_expect="Ninety minutes, seated in a circle.",
            languages=["en"], format="in_person", place_name="Leeds", country="GB",
            latitude=53.79648, longitude=-1.54785,
        )
        if policy == "open":
            group.description = "Harbour walkers and talkers who live with anxiety."
            group.save()
            group.topics.add(Topic.objects.get(slug="anxiety"))
elif step == "facilitate":
    Membership.objects.filter(
        user__email=args["email"], group__slug="harbour-circle"
    ).update(role="facilitator")
elif step == "material":
    rule_set = instance_rule_set()
    old = current_version(rule_set)
    new = RuleSetVersion.objects.create(
        rule_set=rule_set, number=old.number + 1, status="published", change="material",
        note="Clearer words on listening.", published_at=timezone.now(),
    )
    for index, g in enumerate(old.guidelines.order_by("position")):
        Guideline.objects.create(
            version=new, key=g.key, title=g.title, examples=g.examples, position=g.position,
            text="Give your whole attention before you reply." if index == 0 else g.text,
        )
"""


def _server_step(live: Server, **args) -> None:
    """Change the running server's data, as an admin's console would."""
    run_on_server(live, SETUP, answer=False, **args)


def test_a_new_member_joins_facilitates_and_agrees_again(
    page: Page,
    server: Server,
    browser,
):
    person = new_user()
    _server_step(
        server,
        step="world",
        email=person.email,
        name=person.display_name,
        password=person.password,
    )

    # A visitor looks for a group near Bradford by words and topic, and reads why it matched.
    visit(page, "/groups/")
    field(page, "Words").fill("harbour")
    page.locator("details.finder-filters > summary").click()
    page.get_by_label("Anxiety and panic", exact=True).check()
    field(page, "Near a town or city").fill("Bradford")
    page.get_by_role("button", name="Search").click()
    result = page.locator(".finder-results li.card", has_text="Harbour Circle")
    expect(result).to_be_visible()
    expect(result.locator(".reasons")).to_contain_text("harbour")
    expect(result.locator(".reasons")).to_contain_text("Anxiety and panic")
    expect(result.locator(".reasons")).to_contain_text(
        re.compile(r"\d+(\.\d)? (km|mi) from Bradford")
    )
    expect(page.locator(".finder-results")).not_to_contain_text("Lantern Circle")
    check_page(page)

    # They read the group's page.
    result.get_by_role("link", name="Harbour Circle").click()
    page.wait_for_url("**/groups/harbour-circle/")
    check_page(page)
    expect(page.get_by_text("Listening only is always fine.")).to_be_visible()

    # They sign in and join, agreeing to the guidelines.
    page.goto("/accounts/sign-in/?next=/groups/harbour-circle/join/")
    sign_in(page, person.email, person.password)
    page.wait_for_url("**/groups/harbour-circle/join/")
    check_page(page)
    page.get_by_label(re.compile("I agree to the community guidelines")).check()
    page.get_by_role("button", name="Agree and join").click()
    page.wait_for_url("**/groups/harbour-circle/")
    check_page(page)
    expect(page.get_by_text("You are a member of this group.")).to_be_visible()

    # Asking to join a group that takes requests.
    visit(page, "/groups/lantern-circle/join/")
    field(page, "What brings you here?").fill("A hard year.")
    page.get_by_label(re.compile("I agree to the community guidelines")).check()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url("**/groups/lantern-circle/")
    check_page(page)

    # Facilitator pages: a facilitator must turn on two-factor sign-in first.
    _server_step(server, step="facilitate", email=person.email)
    page.goto("/groups/harbour-circle/members/")
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    check_page(page)
    app = Authenticator(page.locator("code.secret").inner_text())
    field(page, "Six-digit code").fill(app.code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url("**/groups/harbour-circle/members/")
    check_page(page)
    visit(page, "/groups/harbour-circle/requests/")
    visit(page, "/groups/harbour-circle/edit/")
    visit(page, "/groups/harbour-circle/invites/")
    page.get_by_role("button", name="Make an invite link").click()
    expect(page.get_by_label("Invite link")).to_be_visible()
    check_page(page)
    invite_url = page.get_by_label("Invite link").input_value()
    visitor = browser.new_context(base_url=server.url, bypass_csp=True)
    invited = visitor.new_page()
    visit(invited, urlparse(invite_url).path)
    expect(invited.get_by_role("heading", name="You are invited to Harbour Circle")).to_be_visible()
    visitor.close()

    # A material change: reading stays open; agreeing again shows what changed.
    _server_step(server, step="material")
    # Their home page lists their groups and says which one asks them to agree again.
    visit(page, "/")
    mine = page.locator("section.my-groups li.card", has_text="Harbour Circle")
    expect(mine).to_contain_text("The guidelines changed.")
    expect(mine.get_by_role("link", name="Read and agree")).to_have_attribute(
        "href", "/groups/harbour-circle/agree/"
    )
    visit(page, "/groups/harbour-circle/")
    page.get_by_role("link", name="Read and agree").click()
    page.wait_for_url("**/groups/harbour-circle/agree/")
    check_page(page)
    expect(page.get_by_text("Give your whole attention before you reply.").first).to_be_visible()
    page.get_by_label(re.compile("I agree to the community guidelines")).check()
    page.get_by_role("button", name="Agree", exact=True).click()
    page.wait_for_url("**/groups/harbour-circle/")
    expect(page.get_by_role("link", name="Read and agree")).to_have_count(0)

    visit(page, "/groups/mine/")
    expect(page.get_by_role("cell", name="version 2")).to_be_visible()
