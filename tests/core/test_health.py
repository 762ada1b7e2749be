def test_healthz_reports_every_backing_service(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_503_when_the_cache_is_down(client, db, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import OperationalError, connection

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    # Undone before the test database is rolled back, which needs a working cursor.
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refused)
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["cache"] == {"ok": True}


def test_healthz_is_503_when_the_channel_layer_is_down(client, db, monkeypatch):
    from channels.layers import get_channel_layer

    async def refused(*args, **kwargs):
        raise ConnectionError("channel layer down")

    monkeypatch.setattr(get_channel_layer(), "send", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["channel_layer"] == {"ok": False, "error": "ConnectionError"}


def test_healthz_is_503_when_the_channel_layer_swallows_messages(client, db, monkeypatch):
    from channels.layers import get_channel_layer

    from peerhaven.core import views

    async def black_hole(*args, **kwargs):
        return None

    monkeypatch.setattr(get_channel_layer(), "send", black_hole)
    monkeypatch.setattr(views, "CHANNEL_LAYER_TIMEOUT", 0.2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["channel_layer"] == {"ok": False, "error": "TimeoutError"}


def test_healthz_is_never_cached_and_needs_no_sign_in(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
