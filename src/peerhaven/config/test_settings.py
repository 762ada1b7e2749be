"""Test settings: only speed-ups. Database, cache and channel layer still follow
DATABASE_URL and REDIS_URL so the suite runs on SQLite and on PostgreSQL + Redis."""

import os

os.environ.setdefault("PEERHAVEN_SECRET_KEY", "test-secret-key-" + "t" * 40)
os.environ.setdefault("PEERHAVEN_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PEERHAVEN_HTTPS", "false")
os.environ.setdefault("PEERHAVEN_LOG_LEVEL", "WARNING")
# Each test run gets its own Redis prefix, so parallel runs never see each other's keys.
os.environ.setdefault("PEERHAVEN_CACHE_PREFIX", f"peerhaven-test-{os.getpid()}")

from peerhaven.config.settings import *  # noqa: E402,F403
from peerhaven.config.settings import DATABASES, EMBEDDED  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# pytest-django creates and drops test databases; a pool would hold them open.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
if not EMBEDDED:
    # One test database per run, as with the Redis prefix: two runs at once on one server
    # would otherwise drop each other's database midway.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
if EMBEDDED:
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
