"""A language chosen twice is stored once, in the order first chosen, whether the profile
is saved on the page or through the API."""

from __future__ import annotations

from peerhaven.accounts.models import Profile


def test_api_stores_each_language_once_keeping_order(api_as, alice):
    response = api_as(alice).patch(
        "/api/v1/me/profile/", {"languages": ["fr", "en", "fr", "en", "en"]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["languages"] == ["fr", "en"]
    assert Profile.objects.get(user=alice).languages == ["fr", "en"]


def test_profile_page_stores_each_language_once(web_as, alice):
    client = web_as(alice)
    form = client.get("/accounts/profile/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in ("topics", "content_filters", "languages", "coach_nudges")
    }

    response = client.post("/accounts/profile/", {**data, "languages": ["de", "en", "de"]})

    assert response.status_code == 302
    assert Profile.objects.get(user=alice).languages == ["de", "en"]


def test_repeats_do_not_touch_someone_else_s_profile(api_as, alice, bob):
    api_as(alice).patch("/api/v1/me/profile/", {"languages": ["fr", "fr"]}, format="json")

    assert Profile.objects.get(user=alice).languages == ["fr"]
    assert Profile.objects.get(user=bob).languages == ["en"]
