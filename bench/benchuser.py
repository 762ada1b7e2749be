"""The bench's signed-in member, created through the account service.

Run by bench/run.py with the same environment as the server (production settings):

    python bench/benchuser.py create          # account + profile with topics and languages
    python bench/benchuser.py session [KEY]   # print KEY if it signs in the bench member,
                                              # else a new session made directly

The password comes from BENCH_PASSWORD. Writing a session directly is the fallback for
when the sign-in form cannot be used; it stores what django.contrib.auth.login stores.
"""

from __future__ import annotations

import json
import os
import sys

import django

EMAIL = "bench-member@example.invalid"
DISPLAY_NAME = "Bench member"
TOPICS = [("grief", "Grief and loss"), ("anxiety", "Anxiety"), ("caring", "Caring for others")]
LANGUAGES = ["en", "de"]


def create() -> dict[str, object]:
    from peerhaven.accounts.models import Topic
    from peerhaven.accounts.services import account_create

    user = account_create(
        email=EMAIL, display_name=DISPLAY_NAME, password=os.environ["BENCH_PASSWORD"]
    )
    topics = [Topic.objects.get_or_create(slug=s, defaults={"name": n})[0] for s, n in TOPICS]
    profile = user.profile
    profile.topics.set(topics)
    profile.languages = LANGUAGES
    profile.save()
    return {"user_id": user.pk, "email": EMAIL}


def session(key: str | None) -> dict[str, object]:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from peerhaven.accounts.models import User

    user = User.objects.get(email=EMAIL)
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if key:
        existing = store_class(session_key=key)
        if str(existing.get(SESSION_KEY)) == str(user.pk):
            return {"session_key": key, "method": "sign-in"}
    store = store_class()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "peerhaven.accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return {"session_key": store.session_key, "method": "direct"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhaven.config.settings")
    django.setup()
    command, *rest = sys.argv[1:] or ["?"]
    if command == "create":
        result = create()
    elif command == "session":
        result = session(rest[0] if rest else None)
    else:
        sys.exit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
