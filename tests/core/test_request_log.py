import json
import logging

import pytest
from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

pytestmark = pytest.mark.django_db


def configured_json_formatter() -> JsonFormatter:
    """The formatter LOGGING gives the console handler in production."""
    config = dict(settings.LOGGING["formatters"]["json"])
    config.pop("()")
    return JsonFormatter(config.pop("fmt"), **config)


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "peerhaven.request"]


def test_each_request_is_logged_as_one_json_line_with_id_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="peerhaven.request")
    response = client.get("/help/")
    [record] = request_records(caplog)
    line = configured_json_formatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "request"
    assert entry["level"] == "INFO"
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["status"] == 200
    assert entry["method"] == "GET"
    assert entry["path"] == "/help/"
    assert isinstance(entry["duration_ms"], float)
    assert entry["duration_ms"] >= 0
    assert entry["user_id"] is None


def test_the_log_names_the_signed_in_account_by_id_only(alice_client, alice, caplog):
    caplog.set_level(logging.INFO, logger="peerhaven.request")
    alice_client.get("/help/")
    entry = json.loads(configured_json_formatter().format(request_records(caplog)[0]))
    assert entry["user_id"] == alice.pk
    assert "alice@example.org" not in json.dumps(entry)


def test_a_request_id_from_the_proxy_is_kept(client, caplog):
    caplog.set_level(logging.INFO, logger="peerhaven.request")
    response = client.get("/help/", HTTP_X_REQUEST_ID="edge-42.abc")
    assert response["X-Request-ID"] == "edge-42.abc"
    assert request_records(caplog)[0].request_id == "edge-42.abc"


def test_a_forged_request_id_is_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="peerhaven.request")
    response = client.get("/help/", HTTP_X_REQUEST_ID='x" "status": 200')
    assert response["X-Request-ID"] != 'x" "status": 200'
    assert len(response["X-Request-ID"]) == 32


def test_two_requests_get_different_ids(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


def test_a_failing_request_is_logged_at_error_level(client, caplog, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(cache, "set", broken)
    caplog.set_level(logging.INFO, logger="peerhaven.request")
    client.get("/healthz")
    [record] = request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.status == 503
