"""The settings page lists the account's latest sign-ins, so its owner can spot one that was
not them, and shows which have ended."""

from __future__ import annotations

import re

from django.test import Client

from peerhaven.accounts.browsers import describe_browser

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def sign_in(email: str, password: str, user_agent: str, ip: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    response = client.post("/accounts/sign-in/", {"username": email, "password": password})
    assert response.status_code == 302
    return client


def rows(page: str) -> list[str]:
    table = re.search(r'<table class="sign-ins">.*?</table>', page, re.S)
    assert table, "no sign-in table"
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>.*?</tr>", table.group(0), re.S)[1:]
    ]


def test_the_owner_sees_each_sign_in_with_browser_address_and_state(alice, password):
    phone = sign_in(alice.email, password, CHROME_ANDROID, "203.0.113.7")
    laptop = sign_in(alice.email, password, FIREFOX_WINDOWS, "198.51.100.20")

    listed = rows(laptop.get("/accounts/settings/").content.decode())

    assert len(listed) == 2
    assert "Firefox on Windows" in listed[0] and "198.51.100.20" in listed[0]
    assert "This browser" in listed[0]
    assert "Chrome on Android" in listed[1] and "203.0.113.7" in listed[1]
    assert "May still be signed in" in listed[1]
    assert phone.get("/accounts/settings/").status_code == 200


def test_signing_out_everywhere_else_shows_the_others_as_signed_out(alice, password):
    sign_in(alice.email, password, CHROME_ANDROID, "203.0.113.7")
    laptop = sign_in(alice.email, password, FIREFOX_WINDOWS, "198.51.100.20")

    laptop.post("/accounts/sign-out-others/")
    listed = rows(laptop.get("/accounts/settings/").content.decode())

    assert "This browser" in listed[0]
    assert "Signed out" in listed[1]


def test_signing_out_shows_as_signed_out(alice, password):
    phone = sign_in(alice.email, password, CHROME_ANDROID, "203.0.113.7")
    phone.post("/accounts/sign-out/")
    laptop = sign_in(alice.email, password, FIREFOX_WINDOWS, "198.51.100.20")

    listed = rows(laptop.get("/accounts/settings/").content.decode())

    assert "Signed out" in listed[1]


def test_nobody_sees_another_accounts_sign_ins(alice, bob, password):
    sign_in(alice.email, password, CHROME_ANDROID, "203.0.113.7")
    bobs = sign_in(bob.email, password, FIREFOX_WINDOWS, "198.51.100.20")

    page = bobs.get("/accounts/settings/").content.decode()

    assert "203.0.113.7" not in page
    assert len(rows(page)) == 1


def test_browsers_are_named_as_people_know_them():
    assert describe_browser(FIREFOX_WINDOWS) == "Firefox on Windows"
    assert describe_browser(CHROME_ANDROID) == "Chrome on Android"
    assert describe_browser(SAFARI_IPHONE) == "Safari on iOS"
    assert describe_browser(EDGE_WINDOWS) == "Edge on Windows"
    assert describe_browser("python-requests/2.32") == "An unknown browser or app"
    assert describe_browser("") == "An unknown browser or app"


def test_the_api_lists_the_same_sign_ins(alice, password):
    from rest_framework.test import APIClient

    sign_in(alice.email, password, CHROME_ANDROID, "203.0.113.7")
    api = APIClient(HTTP_USER_AGENT=FIREFOX_WINDOWS, REMOTE_ADDR="198.51.100.20")
    assert (
        api.post("/accounts/sign-in/", {"username": alice.email, "password": password}).status_code
        == 302
    )

    response = api.get("/api/v1/me/sign-ins/")

    assert response.status_code == 200
    newest, older = response.json()
    assert (newest["browser"], newest["ip_address"], newest["this_browser"]) == (
        "Firefox on Windows",
        "198.51.100.20",
        True,
    )
    assert (older["browser"], older["this_browser"], older["ended_at"]) == (
        "Chrome on Android",
        False,
        None,
    )
    assert APIClient().get("/api/v1/me/sign-ins/").status_code == 403
