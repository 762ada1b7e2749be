from __future__ import annotations

import json

from rest_framework.test import APIClient

from peerhaven.accounts.models import Topic
from peerhaven.core import personal_data


def test_topics_lists_the_active_topics_only(alice):
    Topic.objects.filter(slug="grief").update(is_active=False)
    client = APIClient()
    client.force_login(alice)

    response = client.get("/api/v1/topics/")

    slugs = [topic["slug"] for topic in response.json()]
    assert response.status_code == 200
    assert "anxiety" in slugs
    assert "grief" not in slugs
    assert set(response.json()[0]) == {"slug", "name", "description"}


def test_topics_need_a_signed_in_caller(db):
    response = APIClient().get("/api/v1/topics/")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_api_export_is_the_same_file_as_the_web_export(alice, bob):
    client = APIClient()
    client.force_login(alice)

    api = client.get("/api/v1/me/export/")
    web = client.post("/accounts/export/")

    assert api.status_code == 200
    assert api["Content-Disposition"] == web["Content-Disposition"]
    data = json.loads(api.content)
    assert data == json.loads(web.content)
    assert set(data) == {section.name for section in personal_data.sections()}
    assert data["account"]["email"] == "alice@example.org"
    assert "bob@example.org" not in api.content.decode()
