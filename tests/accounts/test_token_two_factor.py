"""An API token keeps the two-factor rule: while its owner's role requires two-factor and
no authenticator is set up, the token is refused the way a session at that step is."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import RuleSet

FACILITATOR_APIS = ["/api/v1/me/", "/api/v1/moderation/cases/", "/api/v1/alerts/"]


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def make_facilitator_of_a_group(user) -> None:
    rules = RuleSet.objects.create(scope=RuleSet.Scope.GROUP, name="Rules of Evening Circle")
    group = Group.objects.create(name="Evening Circle", slug="evening-circle", rules=rules)
    Membership.objects.create(group=group, user=user, role=Membership.Role.FACILITATOR)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_token_of_member_promoted_without_two_factor_is_refused_everywhere(alice, role):
    client = token_client(alice)
    alice.role = role
    alice.save(update_fields=["role"])

    for url in FACILITATOR_APIS:
        response = client.get(url)

        assert response.status_code == 403, url
        body = response.json()
        assert body["code"] == "two_factor_required", url
        assert set(body) == {"message", "code", "extra"}
        assert body["extra"] == {}
        assert "two-factor" in body["message"]


def test_token_of_a_group_facilitator_without_two_factor_is_refused(alice):
    client = token_client(alice)
    make_facilitator_of_a_group(alice)

    response = client.get("/api/v1/moderation/cases/")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def test_token_gets_the_same_status_and_code_as_a_session_at_the_set_up_step(alice):
    token = token_client(alice)
    alice.role = Role.FACILITATOR
    alice.save(update_fields=["role"])
    session = APIClient()
    session.force_login(alice)

    by_token = token.get("/api/v1/me/")
    by_session = session.get("/api/v1/me/")

    assert by_token.status_code == by_session.status_code == 403
    assert by_token.json()["code"] == by_session.json()["code"] == "two_factor_required"
    assert set(by_token.json()) == set(by_session.json())


def test_token_works_again_once_two_factor_is_set_up(alice):
    client = token_client(alice)
    make_facilitator_of_a_group(alice)
    assert client.get("/api/v1/moderation/cases/").status_code == 403

    TOTPDevice.objects.create(user=alice, name="Phone", confirmed=True)

    assert client.get("/api/v1/moderation/cases/").status_code == 200


def test_an_unconfirmed_authenticator_does_not_count(alice):
    client = token_client(alice)
    alice.role = Role.FACILITATOR
    alice.save(update_fields=["role"])
    TOTPDevice.objects.create(user=alice, name="Phone", confirmed=False)

    assert client.get("/api/v1/me/").status_code == 403


def test_member_token_needs_no_two_factor(alice, bob):
    client = token_client(alice)

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["display_name"] == "Alice"


def test_refused_token_changes_nothing(alice):
    client = token_client(alice)
    alice.role = Role.ADMIN
    alice.save(update_fields=["role"])

    response = client.patch("/api/v1/me/", {"display_name": "Someone Else"}, format="json")

    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_stranger_without_a_token_is_still_not_signed_in(charlie):
    response = APIClient().get("/api/v1/moderation/cases/")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
