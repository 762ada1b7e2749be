"""Every list of time zones names a zone the same way, and joining starts on the
browser's zone (the script itself is tried in tests/browser/test_sign_up_time_zone.py)."""

import re

import pytest
from django.urls import reverse

from peerhaven.accounts import sign_up

pytestmark = pytest.mark.django_db

FINDER = reverse("group-finder")


def _finish_url() -> str:
    return reverse("sign-up-finish", args=[sign_up.link_token("newcomer@example.org")])


def _label(html: str, zone: str) -> str:
    found = re.search(rf'<option value="{re.escape(zone)}"[^>]*>([^<]*)</option>', html)
    assert found, f"no option for {zone}"
    return found.group(1)


@pytest.mark.parametrize("zone", ["Africa/Addis_Ababa", "America/New_York", "Europe/Berlin"])
def test_a_zone_has_one_label_at_sign_up_on_the_profile_and_in_the_finder(
    client, alice, web_as, zone
):
    at_sign_up = _label(client.get(_finish_url()).content.decode(), zone)
    in_finder = _label(client.get(FINDER).content.decode(), zone)
    on_profile = _label(web_as(alice).get("/accounts/profile/").content.decode(), zone)

    assert at_sign_up == on_profile == in_finder


def test_joining_marks_the_time_zone_for_the_browsers_zone_and_loads_the_script(client):
    html = client.get(_finish_url()).content.decode()

    select = re.search(r'<select[^>]*name="time_zone"[^>]*>', html)
    assert select and 'data-browser-time-zone="true"' in select.group(0)
    assert '<option value="UTC" selected>' in html  # without script, UTC as before
    assert "js/finder_time_zone.js" in html


def test_a_zone_chosen_before_a_mistake_is_not_replaced_by_the_browsers(client):
    data = {
        "display_name": "Night Owl",
        "password1": "quiet harbour lantern 42",
        "password2": "something else entirely 17",
        "time_zone": "Asia/Tokyo",
    }
    response = client.post(_finish_url(), data)

    html = response.content.decode()
    assert "The two passwords are not the same." in html
    assert '<option value="Asia/Tokyo" selected>' in html
    assert "data-browser-time-zone" not in html


def test_a_zone_is_labelled_as_people_write_the_place(client):
    html = client.get(_finish_url()).content.decode()

    assert _label(html, "America/New_York") == "America/New York"
