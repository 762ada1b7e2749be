"""In a real browser, an accessibility sweep: every page a visitor, a new member, a member,
a facilitator and an organization admin can open, empty and with data, is checked with
axe-core (WCAG 2.2 A/AA) and keeps the crisis link in reach.

One community is made once for the module in the server's own database, through the
project's services; each person signs in once and keeps their browser profile. Each test
opens all of its pages before failing, so one run names every page with a problem."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _new_context, run_on_server
from tests.browser.helpers import (
    BLOCKING_IMPACTS,
    BROWSER_MARKS,
    VISITED,
    Authenticator,
    NewUser,
    Visit,
    check_page,
    field,
    format_violation,
    new_user,
    run_axe,
    sign_in,
)

pytestmark = BROWSER_MARKS

URGENT = "I want to kill myself tonight. I have a plan and nobody would even notice."

WORLD = """
import json
from datetime import time
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from peerhaven.accounts import services as accounts
from peerhaven.accounts import two_factor
from peerhaven.accounts.models import Role, Topic
from peerhaven.conversations import services as conversations
from peerhaven.groups import services as groups
from peerhaven.groups.models import Group
from peerhaven.guidelines import services as guidelines
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from peerhaven.meetings import feeds, rsvp
from peerhaven.meetings import services as meetings
from peerhaven.moderation import mediation
from peerhaven.moderation import services as moderation
from peerhaven.safety import plan_services
from peerhaven.safety.duty_services import duty_window_add
from peerhaven.safety.models import Alert, DutyWindow
args = json.loads('''{args}''')
tag = args["tag"]
roles = {"facilitator": Role.FACILITATOR, "admin": Role.ADMIN}
people, keys = {}, {}
for part, person in args["people"].items():
    user = accounts.account_create(
        email=person["email"], display_name=person["display_name"],
        password=person["password"], role=roles.get(part, Role.MEMBER),
        time_zone="Europe/London",
    )
    people[part] = user
    if part in roles:
        # An authenticator app, set up long ago.
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        keys[part] = two_factor.totp_secret(device)
# The new member ("new_member") stays in no group: the empty pages.
member, other, newcomer = people["member"], people["other"], people["newcomer"]
facilitator = people["facilitator"]
accounts.profile_update(
    user=member, actor=member, content_filters=Topic.objects.filter(slug="self-harm"),
    country="GB",
)
instance = current_version(instance_rule_set()).number


# A group with rules at version 2 (a minor change: a diff to read), agreed to by its
# facilitator.
def start_group(name, **options):
    group = groups.group_create(
        actor=facilitator, name=name, languages=["en"],
        description="A weekly circle for anyone living with anxiety.",
        what_to_expect="Ninety minutes. Listening only is always fine.",
        topics=list(Topic.objects.filter(slug="anxiety")), **options,
    )
    for key, title, text in (
        ("phones", "Phones away", "Keep phones away while someone is speaking."),
        ("time", "Start on time", "We start on time and end on time."),
    ):
        draft = guidelines.draft_create(rule_set=group.rules, author=facilitator)
        guidelines.draft_guideline_add(
            version=draft, author=facilitator, key=key, title=title, text=text
        )
        guidelines.version_publish(
            version=draft, author=facilitator, change="minor", note=f"{title}."
        )
    groups.agreement_accept(
        user=facilitator, group=group, instance_version=instance, group_version=2
    )
    return group


group = start_group(f"Harbour Lights {tag}")
asking = start_group(
    f"Quiet Tide {tag}", join_policy="request", join_questions=["What brings you here?"]
)
for person in (member, other, newcomer):
    groups.group_join(user=person, group=group, instance_version=instance, group_version=2)
groups.join_request_create(
    user=other, group=asking, answers=["A hard year."], instance_version=instance,
    group_version=2,
)
invite = groups.invite_create(actor=facilitator, group=group)

# A draft of the group's rules being written.
draft = guidelines.draft_create(rule_set=group.rules, author=facilitator)
guidelines.draft_guideline_add(
    version=draft, author=facilitator, key="names", title="First names only",
    text="Use first names or your display name only.",
)

# A thread with replies: one folded behind a content warning the member filters, one
# edited (earlier versions for facilitators), one unkind and reported.
opening = conversations.thread_start(
    author=facilitator, group=group, title="How was your week?",
    text="Share as much or as little as you like. **Listening** is welcome too.",
).message
thread = opening.conversation
conversations.message_post(
    author=other, conversation=thread, support_preference="just_listen",
    text="A hard week. Old habits came back for a night.",
    warning_topics=["self-harm"], warning_note="Mentions of self-harm",
)
edited = conversations.message_post(
    author=member, conversation=thread, text="Mostly good, thank you."
).message
conversations.message_edit(user=member, message=edited, text="Mostly good. Thank you for asking.")
removed = conversations.message_post(
    author=member, conversation=thread, text="Nobody wants to hear this every week."
).message
unkind = conversations.message_post(
    author=other, conversation=thread, text="Give it a rest, honestly."
).message
conversations.reaction_toggle(user=member, message=opening, kind="hear_you")

# A chat room with a few messages.
room = conversations.room_open(actor=facilitator, group=group, title="Evening chat")
for author, text in ((facilitator, "Welcome, everyone."), (member, "Hello, I'm here.")):
    conversations.message_post(author=author, conversation=room, text=text)

# Moderation: the member's post removed and appealed; a waiting report; a profile report;
# a newcomer's first post held for review once the group holds first posts.
removed_case = moderation.report_message(
    reporter=other, message=removed, guideline_key="respect"
).case
action = moderation.case_act(
    moderator=facilitator, case=removed_case, kind="remove", guideline_key="respect",
    reason="Please speak about your own experience.",
)
appeal = moderation.appeal_create(
    appellant=member, action=action, text="I meant it about myself, not anyone else.",
)
moderation.report_message(
    reporter=member, message=unkind, guideline_key="respect", note="Aimed at me."
)
moderation.report_profile(reporter=member, subject=other, guideline_key="respect")
Group.objects.filter(pk=group.pk).update(premoderate_first_posts=5)
moderation.premoderation_changed(group.pk)
held = conversations.message_post(
    author=newcomer, conversation=thread, text="Hello, I am new here."
).message
conversations.mute_set(user=member, target=newcomer, muted=True)

# A mediated conversation between the member and the other member.
mediated = mediation.mediation_open(
    facilitator=facilitator, group=group, members=[member, other],
    title="Talking it through", opening_note="I would like to help you two talk.",
)

# Safety: the facilitator on duty all week for the group, an urgent post raising an alert,
# and the member's safety plan.
for day in range(7):
    duty_window_add(
        actor=facilitator, user=facilitator, kind=DutyWindow.Kind.GROUP, group=group,
        weekday=day, starts=time(0), ends=time(0),
    )
conversations.message_post(author=other, conversation=thread, text=args["urgent"])
alert = Alert.objects.filter(member=other).latest("pk")
plan_services.safety_plan_save(user=member, data={
    "warning_signs": "Not sleeping; skipping meals.",
    "coping_steps": "A walk by the river.",
})

# Meetings: a weekly online meeting the member goes to, and their calendar feed.
today = timezone.localdate()
series = meetings.series_create(actor=facilitator, group=group, data=meetings.SeriesInput(
    title="Tuesday evening circle", time_zone="Europe/London", start_date=today,
    start_time=time(19, 0), duration_minutes=90, format="online", language="en",
    rule="FREQ=WEEKLY;BYDAY=TU", join_link="https://meet.example.org/harbour",
    facilitator=facilitator, accessibility=["captions", "camera_optional"],
    what_to_expect="We listen more than we talk.", capacity=12,
))
occurrence = series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at")[0]
rsvp.rsvp_create(user=member, occurrence=occurrence)
token, _secret = feeds.feed_token_create(user=member)

print(json.dumps({
    "keys": keys,
    "group": group.slug, "asking": asking.slug, "rules": group.rules_id,
    "instance_rules": instance_rule_set().pk, "invite": invite.token,
    "thread": thread.pk, "room": room.pk, "edited": edited.pk, "unkind": unkind.pk,
    "other_id": other.pk, "held": held.pk, "removed_case": removed_case.pk,
    "appeal": appeal.pk, "mediation": mediated.pk,
    "alert": alert.pk, "series": series.pk, "occurrence": occurrence.pk, "feed": token.pk,
    "duty": DutyWindow.objects.filter(user=facilitator).first().pk,
}))
"""


def _on_server(live: Server, **args: object) -> dict[str, Any]:
    """Run a step against the server's own database, as an admin's console would."""
    return run_on_server(live, WORLD, **args)


PARTS = ("member", "other", "newcomer", "new_member", "facilitator", "admin")


@pytest.fixture(scope="module")
def people() -> dict[str, NewUser]:
    return {part: new_user() for part in PARTS}


@pytest.fixture(scope="module")
def world(server: Server, people: dict[str, NewUser]) -> dict[str, Any]:
    accounts = {part: vars(person) for part, person in people.items()}
    return _on_server(server, tag=secrets.token_hex(3), urgent=URGENT, people=accounts)


@pytest.fixture(scope="module")
def signed_in(
    browser, server: Server, world: dict[str, Any], people: dict[str, NewUser]
) -> Iterator[Callable[[str], Page]]:
    """The page of a person signed in once for the module, in a browser profile of their
    own; facilitators and admins give a code from their authenticator app."""
    pages: dict[str, Page] = {}
    contexts = []

    def page_of(part: str) -> Page:
        if part in pages:
            return pages[part]
        context = _new_context(
            browser, server, bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        person = people[part]
        page.goto("/accounts/sign-in/?next=/groups/mine/")
        sign_in(page, person.email, person.password)
        if part in world["keys"]:
            page.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
            field(page, "Six-digit code").fill(Authenticator(world["keys"][part]).code())
            page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/groups/mine/")
        pages[part] = page
        return page

    yield page_of
    for context in contexts:
        context.close()


class Sweep:
    """Opens pages one after another and checks each, keeping every failure for the end."""

    def __init__(self, page: Page) -> None:
        # axe-core loads with each page, which is quicker than adding it afterwards.
        page.context.add_init_script(AXE_SCRIPT)
        self.page = page
        self.failures: list[str] = []

    def check(self, what: str, *, help_link: bool = True) -> None:
        """check_page; on a page that stands alone (a printout, the API docs), which has
        no site header and so no help link, the same axe-core check without it."""
        try:
            if help_link:
                check_page(self.page)
            else:
                _check_axe_only(self.page)
        except (pytest.fail.Exception, AssertionError) as failure:
            self.failures.append(f"{what}: {failure}")

    def visit(self, url: str, *, status: int = 200, help_link: bool = True) -> None:
        response = self.page.goto(url)
        answered = response.status if response is not None else None
        if answered != status:
            self.failures.append(f"{url}: answered {answered}, expected {status}")
        elif urlsplit(self.page.url).path != urlsplit(url).path:
            self.failures.append(f"{url}: sent on to {self.page.url}")
        else:
            self.check(url, help_link=help_link)

    def visit_all(self, *urls: str) -> None:
        for url in urls:
            self.visit(url)

    def done(self) -> None:
        if self.failures:
            pytest.fail("\n\n".join(self.failures), pytrace=False)


def _check_axe_only(page: Page) -> None:
    violations = run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    minor = [format_violation(v) for v in violations if v not in blocking]
    VISITED.append(Visit(url=page.url, title=page.title(), minor=minor))
    if blocking:
        report = "\n".join(format_violation(v) for v in blocking)
        pytest.fail(f"Accessibility violations on {page.url}:\n{report}", pytrace=False)


def test_a_visitor_meets_no_serious_barrier_on_public_pages(
    page: Page, world: dict[str, Any]
) -> None:
    sweep = Sweep(page)
    group, rules = world["group"], world["rules"]
    sweep.visit_all(
        "/groups/?q=zzzzqqqq",
        f"/groups/{world['asking']}/",
        f"/meetings/groups/{group}/",
        f"/meetings/occurrences/{world['occurrence']}/",
        "/guidelines/",
        "/guidelines/versions/1/",
        f"/guidelines/sets/{rules}/",
        f"/guidelines/sets/{rules}/versions/",
        f"/guidelines/sets/{rules}/versions/2/",
        "/help/?country=GB",
        "/help/?country=ZZ",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/password-reset/done/",
        "/accounts/sign-up/sent/",
    )
    sweep.visit("/accounts/sign-up/not-a-link-we-sent/", status=400)
    sweep.done()


def test_the_api_documentation_meets_no_serious_barrier(page: Page) -> None:
    sweep = Sweep(page)
    sweep.visit("/api/v1/docs/", help_link=False)
    # An operation opened, with its example answer.
    operation = page.locator("#operations-topics-topics_list")
    operation.locator(".opblock-summary-control").click()
    expect(operation.locator(".microlight").first).to_be_visible()
    sweep.check("/api/v1/docs/ (an operation opened)", help_link=False)
    # A parameter with fixed values (a choice list), and the Authorize dialog.
    listing = page.locator("#operations-conversations-groups_conversations_list")
    listing.locator(".opblock-summary-control").click()
    listing.get_by_role("button", name="Try it out").click()
    expect(listing.locator("select").first).to_have_attribute("aria-label", "kind")
    sweep.check("/api/v1/docs/ (a choice list)", help_link=False)
    page.locator("button.authorize").first.click()
    expect(page.locator(".modal-ux button.close-modal")).to_have_attribute("aria-label", "Close")
    sweep.check("/api/v1/docs/ (the Authorize dialog)", help_link=False)
    sweep.done()


def test_a_new_member_meets_no_serious_barrier_on_empty_pages(
    signed_in: Callable[[str], Page], world: dict[str, Any]
) -> None:
    sweep = Sweep(signed_in("new_member"))
    sweep.visit_all(
        "/",
        "/groups/mine/",
        f"/groups/invite/{world['invite']}/",
        "/moderation/notices/",
        "/moderation/mine/",
        "/conversations/people/",
        "/meetings/feed/",
        "/safety/plan/",
        "/safety/plan/edit/",
        "/accounts/api-token/",
        "/accounts/sign-out/",
    )
    sweep.visit("/safety/plan/print/", help_link=False)
    # Refusals: a page for moderators only, and one for facilitators and admins only.
    sweep.visit("/moderation/", status=403)
    sweep.visit("/safety/dashboard/", status=403)
    sweep.visit("/no-such-page/", status=404)
    sweep.done()


def test_a_member_meets_no_serious_barrier_on_pages_with_their_groups_and_posts(
    signed_in: Callable[[str], Page], world: dict[str, Any]
) -> None:
    page = signed_in("member")
    sweep = Sweep(page)
    group = world["group"]
    thread = f"/groups/{group}/conversations/{world['thread']}/"
    # A thread with posts, one folded behind a content warning: closed, then opened.
    sweep.visit(thread)
    folded = page.locator("details.content-warning")
    expect(folded).to_have_count(1)
    folded.locator("summary").click()
    expect(folded.locator(".post-body")).to_be_visible()
    sweep.check(f"{thread} (the folded post opened)")
    page.locator("details.post-menu summary").first.click()
    sweep.check(f"{thread} (a post's menu opened)")
    # A chat room, once connected.
    sweep.visit(f"/groups/{group}/rooms/{world['room']}/")
    expect(page.locator("#chat-composer")).to_be_visible()
    sweep.check("the chat room, connected")
    sweep.visit_all(
        "/groups/?q=harbour",
        f"/groups/{group}/members/",
        f"/groups/{group}/conversations/",
        f"/groups/{group}/conversations/{world['thread']}/reply/",
        f"/groups/{group}/leave/",
        f"/conversations/messages/{world['edited']}/delete/",
        f"/conversations/messages/{world['unkind']}/mute/",
        f"/conversations/messages/{world['unkind']}/block/",
        f"/moderation/report/profile/{world['other_id']}/",
        "/conversations/people/",
        f"/moderation/mine/{world['removed_case']}/",
        f"/moderation/mediation/{world['mediation']}/",
        "/moderation/transparency/",
        f"/moderation/transparency/{group}/",
        "/safety/plan/",
        "/safety/plan/clear/",
    )
    sweep.visit("/safety/plan/print/", help_link=False)
    sweep.visit(f"/groups/{group}/requests/", status=403)
    sweep.done()


def test_a_facilitator_meets_no_serious_barrier_on_pages_that_run_a_group(
    signed_in: Callable[[str], Page], world: dict[str, Any]
) -> None:
    sweep = Sweep(signed_in("facilitator"))
    group, rules, series = world["group"], world["rules"], world["series"]
    occurrence = world["occurrence"]
    sweep.visit_all(
        "/groups/new/",
        f"/groups/{world['asking']}/requests/",
        f"/groups/{group}/rooms/new/",
        f"/conversations/messages/{world['edited']}/versions/",
        "/moderation/",
        f"/moderation/pending/{world['held']}/",
        f"/moderation/mediation/new/{group}/",
        f"/moderation/mediation/{world['mediation']}/close/",
        "/safety/alerts/",
        "/safety/dashboard/",
        "/safety/duty/",
        "/safety/duty/add/",
        f"/safety/duty/{world['duty']}/remove/",
        f"/meetings/groups/{group}/",
        f"/meetings/groups/{group}/new/",
        f"/meetings/series/{series}/edit/",
        f"/meetings/series/{series}/confirm/",
        f"/meetings/series/{series}/end/",
        f"/meetings/occurrences/{occurrence}/cancel/",
        f"/meetings/occurrences/{occurrence}/move/",
        f"/meetings/occurrences/{occurrence}/check-in/",
        f"/guidelines/sets/{rules}/draft/",
        f"/guidelines/sets/{rules}/draft/preview/",
        f"/guidelines/sets/{rules}/draft/publish/",
        "/accounts/settings/",
        "/accounts/two-factor/setup/",
        "/accounts/two-factor/disable/",
        "/accounts/export/",
        "/accounts/delete/",
    )
    sweep.done()


def test_an_admin_meets_no_serious_barrier_on_pages_that_run_the_site(
    signed_in: Callable[[str], Page], world: dict[str, Any]
) -> None:
    sweep = Sweep(signed_in("admin"))
    sweep.visit_all(
        "/moderation/",
        f"/moderation/cases/{world['removed_case']}/",
        f"/moderation/appeals/{world['appeal']}/",
        "/moderation/audit/",
        "/safety/dashboard/",
        "/safety/duty/",
        "/safety/duty/add/",
        f"/guidelines/sets/{world['instance_rules']}/draft/",
    )
    sweep.done()
