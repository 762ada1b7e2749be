import re
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import Profile, Role, User
from peerhaven.conversations.models import Conversation, Message  # noqa: E402
from peerhaven.groups.models import Agreement, Group, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _embedded(settings):
    # The demo refuses to run against DATABASE_URL; the PostgreSQL pass sets it.
    settings.DATABASE_URL = ""


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "profiles": Profile.objects.count(),
        "totp": TOTPDevice.objects.count(),
        "static": StaticDevice.objects.count(),
        "tokens": StaticToken.objects.count(),
        "groups": Group.objects.count(),
        "memberships": Membership.objects.count(),
        "agreements": Agreement.objects.count(),
        "conversations": Conversation.objects.count(),
        "messages": Message.objects.count(),
    }


def printed_secret(output: str, display_name: str) -> str:
    match = re.search(rf"{display_name}: authenticator secret ([A-Z2-7]+)", output)
    assert match is not None
    return match.group(1)


def printed_password(output: str) -> str:
    match = re.search(r"Password for every demo account: (\S+)", output)
    assert match is not None
    return match.group(1)


def current_code(secret: str) -> str:
    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def test_running_demo_twice_changes_nothing_the_second_time():
    first = run_demo()
    after_first = counts()
    second = run_demo()
    assert counts() == after_first
    assert after_first == {
        "users": 5,
        "profiles": 5,
        "totp": 2,
        "static": 2,
        "tokens": 6,
        "groups": 3,
        "memberships": 6,
        "agreements": 6,
        # Each group: a thread with a reply, and a chat room with a welcome; in one, a thread
        # the demo member started, with the facilitator's reply.
        "conversations": 7,
        "messages": 11,
    }
    assert "Demo accounts: 5 created, 0 already there" in first
    assert "Demo accounts: 0 created, 5 already there" in second
    assert "Demo groups: 0 created, 3 already there" in second


def test_demo_members_may_take_part_in_their_groups():
    from peerhaven.groups.policies import can_take_part

    run_demo()
    for membership in Membership.objects.select_related("user", "group"):
        assert can_take_part(membership.user, membership.group), membership
    leeds = Group.objects.get(name="Leeds Anxiety Walk and Talk")
    assert leeds.latitude is not None and leeds.country == "GB"


def test_demo_prints_the_address_and_every_sign_in():
    output = run_demo()
    assert "http://127.0.0.1:8000/" in output
    for email in User.objects.values_list("email", flat=True):
        assert email in output
    assert "Kind Lantern" in output
    assert "never use them for real people" in output


def test_demo_accounts_have_pseudonymous_profiles_and_the_right_roles():
    run_demo()
    members = User.objects.filter(role=Role.MEMBER)
    assert {u.display_name for u in members} == {"Quiet Harbor", "Morning Walker", "Steady Oak"}
    facilitator = User.objects.get(role=Role.FACILITATOR)
    admin = User.objects.get(role=Role.ADMIN)
    assert not facilitator.is_staff
    assert admin.is_staff and admin.is_superuser
    for user in User.objects.select_related("profile"):
        assert user.profile.topics.exists()
        assert user.profile.languages
        assert user.profile.country
        assert user.profile.time_zone != "UTC"


def test_the_printed_password_passes_the_password_rules():
    output = run_demo()
    password = printed_password(output)
    for user in User.objects.all():
        validate_password(password, user)
        assert user.check_password(password)


def test_the_printed_secret_matches_a_confirmed_authenticator():
    output = run_demo()
    for name in ("Kind Lantern", "Open Door"):
        user = User.objects.get(display_name=name)
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed
        assert device.verify_token(current_code(printed_secret(output, name)))
    member = User.objects.get(display_name="Quiet Harbor")
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_the_facilitator_can_sign_in_with_the_printed_password_and_secret(client):
    output = run_demo()
    response = client.post(
        "/accounts/sign-in/",
        {"username": "kind.lantern@example.org", "password": printed_password(output)},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    # Half signed in: the site still waits for the second step.
    assert client.get("/accounts/profile/").status_code == 302

    code = current_code(printed_secret(output, "Kind Lantern"))
    response = client.post("/accounts/two-factor/verify/", {"code": code})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_a_printed_backup_code_signs_the_admin_in_once(client):
    output = run_demo()
    code = re.search(r"Open Door: .* backup codes (\w+),", output).group(1)
    password = printed_password(output)
    client.post("/accounts/sign-in/", {"username": "open.door@example.org", "password": password})
    response = client.post("/accounts/two-factor/verify/", {"backup_code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()


def test_demo_refuses_a_real_database_unless_forced(settings):
    settings.DATABASE_URL = "postgres://peerhaven@db.example.org/peerhaven"
    with pytest.raises(CommandError, match="DATABASE_URL is set"):
        run_demo()
    assert User.objects.count() == 0
    assert "5 created" in run_demo(force=True)


def test_demo_has_someone_on_duty_for_every_group_and_a_fallback_at_any_hour():
    from django.utils import timezone

    from peerhaven.safety import duty

    run_demo()
    run_demo()
    now = timezone.now()
    facilitator = User.objects.get(email="kind.lantern@example.org")
    for group in Group.objects.all():
        assert duty.on_duty_facilitators(group=group, at=now) == [facilitator]
    assert [u.email for u in duty.fallback_responders(at=now)] == ["open.door@example.org"]


def test_demo_prints_the_address_the_site_is_served_at(settings):
    settings.PEERHAVEN_SITE_URL = "http://127.0.0.1:8125"

    output = run_demo()

    assert "Open http://127.0.0.1:8125/ and sign in" in output
    assert "http://127.0.0.1:8125/admin/" in output


def test_demo_says_where_e_mails_go_when_they_are_only_printed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "E-mails are printed here instead of being sent" in run_demo()

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert "E-mails are printed here" not in run_demo()


def test_the_demo_member_has_a_thread_with_a_new_reply():
    from peerhaven.conversations.selectors import own_threads_with_replies

    run_demo()
    member = User.objects.get(email="steady.oak@example.org")

    [found] = own_threads_with_replies(user=member)

    assert found.conversation.title == "Making time that is just mine"
    assert found.new_replies == 1
