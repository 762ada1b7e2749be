"""The admin console names the audit log in plain English."""

import pytest
from django.apps import apps

from peerhaven.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(display_name="Root", role=Role.ADMIN, is_staff=True, is_superuser=True)


def test_the_console_says_audit_entries(web_as, superuser):
    client = web_as(superuser)

    for page in ("/admin/", "/admin/moderation/", "/admin/moderation/auditentry/"):
        html = client.get(page).content.decode()
        assert "Audit entries" in html or "audit entries" in html, page
        assert "entrys" not in html.lower(), page


def test_no_model_is_named_with_a_plural_like_entrys():
    # Django's default plural only adds an "s"; a name ending in a consonant and "y" needs one.
    wrong = [
        model._meta.label
        for model in apps.get_models()
        if str(model._meta.verbose_name_plural).endswith("ys")
        and str(model._meta.verbose_name_plural)[-3] not in "aeiou"
    ]
    assert wrong == []
