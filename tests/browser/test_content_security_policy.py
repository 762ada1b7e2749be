"""Pages work under the strict Content Security Policy, as a visitor's browser enforces it:
no inline script or style, no eval, nothing from elsewhere."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_MARKS, field, new_user, sign_up

pytestmark = BROWSER_MARKS

# Runs in every page before its own scripts; init scripts are not subject to the CSP.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


class Recorder:
    """Console errors, uncaught page errors and CSP violations seen while browsing."""

    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text} ({message.location.get('url')})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def collect(self) -> list[str]:
        """Everything so far, including CSP violations reported by the current page."""
        violations = self.page.evaluate("() => window.__cspViolations || []")
        found = self.problems + [f"csp: {v}" for v in violations]
        self.problems = []
        self.page.evaluate("() => { window.__cspViolations = []; }")
        return found


def _open(page, recorder: Recorder, url: str, seen: dict[str, list[str]]) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    page.wait_for_load_state("load")
    seen[url] = recorder.collect()


def test_pages_raise_no_content_security_policy_violations(strict_context, server):
    strict_context.add_init_script(RECORD_VIOLATIONS)
    page = strict_context.new_page()
    recorder = Recorder(page)
    seen: dict[str, list[str]] = {}

    for url in ("/", "/help/", "/accounts/sign-in/", "/accounts/sign-up/"):
        _open(page, recorder, url, seen)

    # Signed in: the pages with htmx, the QR code and the destructive forms.
    sign_up(page, server.log_path, new_user())
    page.wait_for_url("**/accounts/profile/")
    seen["sign-up submitted"] = recorder.collect()
    # Saving goes through htmx; under the CSP it must still swap in the answer.
    field(page, "Time zone").select_option("America/Chicago")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    seen["profile saved"] = recorder.collect()
    for url in (
        "/accounts/settings/",
        "/accounts/two-factor/setup/",
        "/accounts/export/",
        "/accounts/delete/",
        "/accounts/api-token/",
    ):
        _open(page, recorder, url, seen)

    problems = {where: found for where, found in seen.items() if found}
    assert problems == {}, f"CSP violations or script errors: {problems}"

    # The recorder is not blind: an inline script on the same page is refused and reported.
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true;";
          document.body.append(script);
        }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__inlineRan === undefined")
    assert any("script-src" in problem for problem in recorder.collect())
