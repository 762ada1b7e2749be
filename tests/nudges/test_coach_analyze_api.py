"""POST /api/v1/coach/analyze: signed-in people get the coach's findings and the risk
screen for any text; visitors are refused; bad input answers 400 in the error shape;
nothing sent is stored; it is throttled like other writes."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from peerhaven.coach import GUIDELINE_OF_KIND
from peerhaven.core.api import WriteRateThrottle
from peerhaven.nudges.models import NudgeCount

URL = "/api/v1/coach/analyze"
ACCEPTANCE = "you should just get over it, at least you have a job"


def test_a_reply_to_someone_who_asked_to_be_heard_gets_three_findings(alice, api_as):
    response = api_as(alice).post(
        URL,
        {
            "text": ACCEPTANCE,
            "mode": "reply",
            "locale": "en",
            "context": {"support_preference": "just_listen"},
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"risk", "findings", "findings_supported"}
    assert body["findings_supported"] is True
    assert body["risk"]["level"] == "none"
    assert len(body["findings"]) == 3
    for finding in body["findings"]:
        assert finding["guideline"] == GUIDELINE_OF_KIND[finding["kind"]]
        assert ACCEPTANCE[finding["start"] : finding["end"]]
        assert finding["message"]
        assert finding["suggestion"]
    assert "unsolicited_advice" in {f["kind"] for f in body["findings"]}


def test_advice_that_was_asked_for_is_not_pointed_out(alice, api_as):
    response = api_as(alice).post(
        URL,
        {
            "text": "you should try writing things down before bed",
            "mode": "reply",
            "context": {"support_preference": "advice_welcome"},
        },
        format="json",
    )

    assert response.status_code == 200
    assert "unsolicited_advice" not in {f["kind"] for f in response.json()["findings"]}


def test_only_text_is_needed_and_empty_text_is_a_correct_empty_answer(alice, api_as):
    response = api_as(alice).post(URL, {"text": ""}, format="json")

    assert response.status_code == 200
    assert response.json()["findings"] == []
    assert response.json()["risk"]["level"] == "none"


def test_an_unsupported_language_gets_the_risk_screen_only(alice, api_as):
    response = api_as(alice).post(
        URL, {"text": "du solltest einfach drüber hinwegkommen", "locale": "de-AT"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["findings_supported"] is False
    assert body["findings"] == []
    assert body["risk"]["fallback"] is True


@pytest.mark.parametrize("who", ["visitor", "half_signed_in_facilitator"])
def test_people_not_signed_in_are_refused(who, facilitator, api_as, client):
    if who == "visitor":
        api = api_as(None)
    else:
        # Password given, two-factor step not done: not signed in for the API.
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_login(facilitator)

    response = api.post(URL, {"text": ACCEPTANCE}, format="json")

    assert response.status_code in (401, 403)
    assert set(response.json()) == {"message", "code", "extra"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": 42}, "text"),
        ({"text": None}, "text"),
        ({"text": "a" * 20_001}, "text"),
        ({"text": "nul \x00 byte"}, "text"),
        ({"text": "hi", "mode": "shout"}, "mode"),
        ({"text": "hi", "locale": "english please"}, "locale"),
        ({"text": "hi", "locale": 7}, "locale"),
        ({"text": "hi", "context": "just_listen"}, "context"),
        ({"text": "hi", "context": {"support_preference": "tough_love"}}, "context"),
    ],
)
def test_bad_input_answers_400_with_the_field_at_fault(alice, api_as, body, field):
    response = api_as(alice).post(URL, body, format="json")

    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid"
    assert field in error["extra"]["fields"]


def test_a_body_that_is_not_json_answers_400(alice, api_as):
    response = api_as(alice).post(URL, b"\xff\xfe not json", content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"message", "code", "extra"}


def test_nothing_sent_to_the_api_is_stored_or_counted(alice, api_as):
    api_as(alice).post(URL, {"text": ACCEPTANCE, "mode": "reply"}, format="json")

    assert not NudgeCount.objects.exists()


def test_analyzing_is_throttled_like_other_writes(alice, api_as, monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "2/min", raising=False)
    api = api_as(alice)

    codes = [api.post(URL, {"text": "hello"}, format="json").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_the_schema_documents_the_endpoint(db, tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", validate=True, fail_on_warn=True, file=str(target))

    schema = target.read_text()
    assert "/api/v1/coach/analyze:" in schema
    assert "CoachAnalysis" in schema
