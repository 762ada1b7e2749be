"""Settings come only from the environment; these run `peerhaven` in a fresh process so
nothing from the test settings leaks in."""

import os
import secrets
import string
import subprocess
import sys

import pytest

TIMEOUT = 60


def clean_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PEERHAVEN_", "DJANGO_"))
        and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env["PEERHAVEN_DATA_DIR"] = str(tmp_path)
    env.update(extra)
    return env


def peerhaven(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "peerhaven.config.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def random_secret() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def test_deploy_check_passes_with_no_warnings_in_production(tmp_path):
    env = clean_env(
        tmp_path,
        PEERHAVEN_SECRET_KEY=random_secret(),
        PEERHAVEN_ALLOWED_HOSTS="peer.example.org",
        # Never connected to: the deploy checks only read settings.
        DATABASE_URL="postgres://peerhaven@db.example.invalid:5432/peerhaven",
        REDIS_URL="redis://cache.example.invalid:6379/0",
    )
    result = peerhaven(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_short_secret_key(tmp_path):
    env = clean_env(
        tmp_path,
        PEERHAVEN_SECRET_KEY="too-short",
        PEERHAVEN_ALLOWED_HOSTS="peer.example.org",
        DATABASE_URL="postgres://peerhaven@db.example.invalid:5432/peerhaven",
        REDIS_URL="redis://cache.example.invalid:6379/0",
    )
    result = peerhaven(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_a_debug_value_that_is_not_true_or_false_stops_start_up(tmp_path, value):
    env = clean_env(tmp_path, PEERHAVEN_DEBUG=value, PEERHAVEN_SECRET_KEY=random_secret())
    result = peerhaven(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"PEERHAVEN_DEBUG must be true or false, not '{value}'" in result.stderr


def test_a_missing_secret_key_stops_start_up_outside_debug(tmp_path):
    result = peerhaven(clean_env(tmp_path), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set PEERHAVEN_SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key(tmp_path):
    result = peerhaven(clean_env(tmp_path, PEERHAVEN_DEBUG="true"), "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_secret_key_file_is_read(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(random_secret() + "\n", encoding="utf-8")
    env = clean_env(tmp_path, PEERHAVEN_SECRET_KEY_FILE=str(key_file))
    assert peerhaven(env, "check").returncode == 0


def test_an_unreadable_secret_key_file_stops_start_up(tmp_path):
    env = clean_env(tmp_path, PEERHAVEN_SECRET_KEY_FILE=str(tmp_path / "missing"))
    result = peerhaven(env, "check")
    assert result.returncode != 0
    assert "PEERHAVEN_SECRET_KEY_FILE" in result.stderr
    assert "cannot be read" in result.stderr


def test_a_limit_that_is_not_a_number_stops_start_up(tmp_path):
    env = clean_env(tmp_path, PEERHAVEN_DEBUG="true", PEERHAVEN_SIGNIN_FAILURE_LIMIT="five")
    result = peerhaven(env, "check")
    assert result.returncode != 0
    assert "PEERHAVEN_SIGNIN_FAILURE_LIMIT must be a whole number" in result.stderr


def test_production_settings_connect_to_postgresql_through_the_pool(tmp_path):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.skip("PostgreSQL pass only (DATABASE_URL is not PostgreSQL)")
    env = clean_env(
        tmp_path,
        PEERHAVEN_SECRET_KEY=random_secret(),
        PEERHAVEN_ALLOWED_HOSTS="peer.example.org",
        DATABASE_URL=database_url,
    )
    code = (
        "from django.db import connection; connection.ensure_connection(); "
        "print('pooled' if connection.pool is not None else 'no pool')"
    )
    done = peerhaven(env, "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("pooled")
