# Temporary ad-hoc check, deleted after running.
import re
import subprocess

from tests.browser.conftest import _peerhaven_command, _server_env
from tests.browser.helpers import BROWSER_MARKS, Authenticator, check_page, field, sign_in, visit

pytestmark = BROWSER_MARKS


def test_guideline_pages_pass_axe(page, server):
    env = _server_env(server.data_dir)
    subprocess.run([*_peerhaven_command(), "demo"], env=env, cwd=server.data_dir, check=True, capture_output=True)
    visit(page, "/accounts/sign-in/")
    sign_in(page, "open.door@example.org", "try-peerhaven-demo")
    page.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    field(page, "Six-digit code").fill(Authenticator("PEERHAVENDEMOORGANIZATIONADMIN23").code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    visit(page, "/guidelines/sets/1/draft/")
    page.get_by_role("button", name="Start a draft").click()
    page.wait_for_load_state()
    t = page.get_by_label(re.compile(r"^\s*Title:?\s*$")).first
    t.fill("Listen closely")
    page.get_by_role("button", name=re.compile("^Save")).first.click()
    page.get_by_text("Saved to the draft.").wait_for()
    visit(page, "/guidelines/sets/1/draft/publish/")
    page.get_by_role("radio", name=re.compile("Material")).check()
    field(page, "Note to members").fill("Clearer first guideline.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Confirm publishing").wait_for()
    check_page(page)
    page.get_by_role("button", name="Publish version 2").click()
    page.wait_for_url("**/guidelines/versions/2/")
    check_page(page)
    page.screenshot(path="/tmp/guidelines-v2.png", full_page=True)
    visit(page, "/guidelines/")
