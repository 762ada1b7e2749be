"""Shared pieces of the browser tests: page checks (axe-core, the crisis link) and the
steps a new user takes (join, sign in, sign out)."""

from __future__ import annotations

import base64
import re
import secrets
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django_otp.oath import TOTP
from playwright.sync_api import Locator, Page, expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every browser test module carries these marks.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium not installed: apt-get install chromium"
    ),
]

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

HELP_LINK_NAME = "Need help now?"

PHONE_VIEWPORT = {"width": 375, "height": 740}

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      html: n.html,
      summary: n.failureSummary || "",
    })),
  }));
}
"""


@dataclass
class Visit:
    url: str
    title: str
    # Moderate and minor axe findings: reported, not failed on.
    minor: list[str] = dataclass_field(default_factory=list)


# Every page checked during the session, in order.
VISITED: list[Visit] = []


def format_violation(violation: dict[str, Any]) -> str:
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    lines.append(f"    {violation['helpUrl']}")
    for node in violation["nodes"]:
        lines.append(f"    - {node['target']}: {node['html'][:200]}")
        for line in node["summary"].splitlines():
            lines.append(f"        {line}")
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG A/AA violations on the page as it is now."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, AXE_TAGS)
    return violations


def check_page(page: Page) -> Visit:
    """Check the page a person is looking at: accessible, and help is one step away.

    Fails on any serious or critical axe-core violation, naming the rule, its help text
    and the elements at fault.
    """
    expect(page.get_by_role("link", name=HELP_LINK_NAME).first).to_be_visible()
    violations = run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    visit = Visit(
        url=page.url,
        title=page.title(),
        minor=[format_violation(v) for v in violations if v not in blocking],
    )
    VISITED.append(visit)
    if blocking:
        report = "\n".join(format_violation(v) for v in blocking)
        pytest.fail(f"Accessibility violations on {page.url}:\n{report}", pytrace=False)
    return visit


def visit(page: Page, url: str) -> Visit:
    """Open URL as a person would (typing it), expect a good answer, and check the page."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.ok, f"{url} answered {response.status}"
    return check_page(page)


@dataclass(frozen=True)
class NewUser:
    display_name: str
    email: str
    password: str
    time_zone: str = "Europe/Lisbon"


def new_user() -> NewUser:
    """A pseudonymous person, unique on this server."""
    tag = secrets.token_hex(3)
    return NewUser(
        display_name=f"Quiet Heron {tag}",
        email=f"heron-{tag}@example.org",
        password=f"lantern-{secrets.token_urlsafe(12)}-meadow",
    )


class Authenticator:
    """An authenticator app holding one account's base32 secret.

    A code works only once. When the current 30-second code was already used, the app
    offers the next one, as a phone whose clock runs a little fast would; the server
    accepts one step either side.
    """

    def __init__(self, secret: str) -> None:
        cleaned = "".join(secret.split()).upper()
        self.key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
        self.used: set[str] = set()

    def code(self) -> str:
        for steps_ahead in (0, 1):
            code = f"{TOTP(self.key, drift=steps_ahead).token():06d}"
            if code not in self.used:
                self.used.add(code)
                return code
        raise AssertionError("no unused authenticator code")


def field(page: Page, label: str) -> Locator:
    """The form control labelled exactly LABEL (a trailing colon allowed)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}:?\s*$"))


def scroll_width(page: Page) -> int:
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return width


SIGN_UP_LINK = re.compile(r"https?://[^/\s]+(/accounts/sign-up/[^/\s]+/)")


def ask_to_join(page: Page, user: NewUser) -> None:
    """Send the first sign-up step, the e-mail address, from the page it shows."""
    field(page, "E-mail").fill(user.email)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")


def link_sent_to(
    server_log: Path, email: str, wait: float = 10.0, *, pattern: re.Pattern[str] = SIGN_UP_LINK
) -> str:
    """The path of the newest link (a sign-up link, unless PATTERN says otherwise) e-mailed
    to EMAIL.

    The server runs the embedded default, whose e-mails are printed to its output, as a
    new user trying it out would read them in the terminal.
    """
    deadline = time.monotonic() + wait
    while True:
        text = server_log.read_text(encoding="utf-8", errors="replace")
        _, found_to, after = text.rpartition(f"\nTo: {email}\n")
        link = pattern.search(after) if found_to else None
        if link:
            return link.group(1)
        if time.monotonic() > deadline:
            raise AssertionError(f"no link for {email} in the server's output")
        time.sleep(0.1)


def finish_joining(page: Page, user: NewUser, *, password_again: str | None = None) -> None:
    """Fill in and send the second sign-up step, which the e-mailed link opens."""
    field(page, "Display name").fill(user.display_name)
    field(page, "Password").fill(user.password)
    field(page, "Password again").fill(user.password if password_again is None else password_again)
    field(page, "Time zone").select_option(user.time_zone)
    page.get_by_role("button", name="Create my account").click()


def sign_up(page: Page, server_log: Path, user: NewUser) -> None:
    """Both steps: the address on the page shown, then the link from the e-mail."""
    ask_to_join(page, user)
    page.goto(link_sent_to(server_log, user.email))
    finish_joining(page, user)


def sign_in(page: Page, email: str, password: str) -> None:
    """Fill in and send the sign-in form the page shows."""
    field(page, "E-mail").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Join")
    ).to_be_visible()
