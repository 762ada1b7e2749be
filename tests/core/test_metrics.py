"""/metrics for an operator's Prometheus: only with the configured token, counts only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from peerhaven.safety import services as safety
from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, post, thread

TOKEN = "a-long-random-metrics-token"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_there_is_no_metrics_address_without_a_token(client, db, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong-token-of-some-length", TOKEN, f"Basic {TOKEN}"]
)
def test_a_request_without_the_token_is_refused(client, db, metrics_on, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}

    response = client.get("/metrics", **extra)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "peerhaven_" not in response.content.decode()


def test_the_figures_count_what_the_database_holds(
    client, db, metrics_on, facilitator, alice, bob, django_capture_on_commit_callbacks
):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, alice)
    post(talk, bob, "I hear you")
    with django_capture_on_commit_callbacks(execute=True):
        alert, _created = safety.help_request_create(member=alice, group=circle)
    Alert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    samples = scrape(client)

    assert samples[("peerhaven_dependency_up", (("dependency", "database"),))] == 1
    assert samples[("peerhaven_dependency_up", (("dependency", "cache"),))] == 1
    assert samples[("peerhaven_dependency_up", (("dependency", "channel_layer"),))] == 1
    assert samples[("peerhaven_safety_alerts", (("status", "open"),))] == 1
    assert samples[("peerhaven_safety_alerts", (("status", "closed"),))] == 0
    assert 290 <= samples[("peerhaven_safety_alert_oldest_open_seconds", ())] <= 400
    assert samples[("peerhaven_moderation_cases", (("status", "open"),))] == 0
    assert samples[("peerhaven_accounts", ())] == 3
    assert samples[("peerhaven_groups", ())] == 1
    assert samples[("peerhaven_messages_last_hour", ())] == 2
    assert ("peerhaven_tasks", (("status", "READY"),)) in samples


def test_nothing_about_a_person_is_in_the_answer(client, db, metrics_on, alice):
    body = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    assert "Alice" not in body
    assert "alice@example.org" not in body


def test_a_dependency_that_is_down_reads_zero_and_the_scrape_still_answers(
    client, db, metrics_on, monkeypatch
):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(cache, "set", broken)

    samples = scrape(client)

    assert samples[("peerhaven_dependency_up", (("dependency", "cache"),))] == 0
    assert samples[("peerhaven_dependency_up", (("dependency", "database"),))] == 1


def test_a_short_token_stops_start_up(tmp_path):
    from tests.config.test_production_settings import clean_env, peerhaven

    env = clean_env(tmp_path, PEERHAVEN_DEBUG="true", PEERHAVEN_METRICS_TOKEN="short")
    result = peerhaven(env, "check")

    assert result.returncode != 0
    assert "PEERHAVEN_METRICS_TOKEN must be at least 16 characters long" in result.stderr
