"""`peerhaven demo`: demo accounts for trying Peerhaven out on one's own computer.

The password and two-factor secrets are printed and also written here in the source, so
anyone can sign in as these accounts. That is the point on a laptop and a disaster on a
real site, hence the refusal when DATABASE_URL points at a real database.

Running it again changes nothing: existing accounts are left exactly as they are.
"""

from __future__ import annotations

from argparse import ArgumentParser
from base64 import b32decode
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import Role, Topic, User
from peerhaven.accounts.services import account_create, profile_update
from peerhaven.core.management.commands._demo_groups import GROUPS as DEMO_GROUPS
from peerhaven.core.management.commands._demo_groups import ensure_demo_groups
from peerhaven.groups.models import Group, Membership
from peerhaven.meetings import recurrence
from peerhaven.meetings.models import Accessibility, MeetingSeries
from peerhaven.meetings.services import SeriesInput, series_create
from peerhaven.safety.duty_services import duty_window_add
from peerhaven.safety.models import DutyWindow

# One password for every demo account, so the table stays short.
DEMO_PASSWORD = "try-peerhaven-demo"  # noqa: S105 - published on purpose, demo data only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: Role
    time_zone: str
    country: str
    languages: list[str]
    topics: list[str]
    # Base32, as typed into an authenticator app; blank for roles without two-factor.
    totp_secret: str = ""
    backup_codes: list[str] = field(default_factory=list)


ACCOUNTS = [
    DemoAccount(
        email="quiet.harbor@example.org",
        display_name="Quiet Harbor",
        role=Role.MEMBER,
        time_zone="Europe/London",
        country="GB",
        languages=["en"],
        topics=["anxiety", "loneliness"],
    ),
    DemoAccount(
        email="morning.walker@example.org",
        display_name="Morning Walker",
        role=Role.MEMBER,
        time_zone="America/New_York",
        country="US",
        languages=["en", "es"],
        topics=["grief", "depression"],
    ),
    DemoAccount(
        email="steady.oak@example.org",
        display_name="Steady Oak",
        role=Role.MEMBER,
        time_zone="Australia/Sydney",
        country="AU",
        languages=["en"],
        topics=["caregiving", "chronic-illness"],
    ),
    DemoAccount(
        email="kind.lantern@example.org",
        display_name="Kind Lantern",
        role=Role.FACILITATOR,
        time_zone="Europe/Dublin",
        country="IE",
        languages=["en", "ga"],
        topics=["grief", "suicide-loss"],
        totp_secret="PEERHAVENDEMOFACILITATORKEY23456",  # noqa: S106 - demo only
        backup_codes=["lantern01", "lantern02", "lantern03"],
    ),
    DemoAccount(
        email="open.door@example.org",
        display_name="Open Door",
        role=Role.ADMIN,
        time_zone="Pacific/Auckland",
        country="NZ",
        languages=["en"],
        topics=["work-study-stress"],
        totp_secret="PEERHAVENDEMOORGANIZATIONADMIN23",  # noqa: S106 - demo only
        backup_codes=["opendoor01", "opendoor02", "opendoor03"],
    ),
]


def _hex_key(base32_secret: str) -> str:
    padding = "=" * (-len(base32_secret) % 8)
    return b32decode(base32_secret + padding).hex()


def _ensure_account(spec: DemoAccount) -> tuple[User, bool]:
    user = User.objects.filter(email=spec.email).first()
    if user is not None:
        return user, False
    user = account_create(
        email=spec.email,
        display_name=spec.display_name,
        password=DEMO_PASSWORD,
        role=spec.role,
        time_zone=spec.time_zone,
    )
    if spec.role == Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    profile_update(
        user=user,
        actor=user,
        topics=list(Topic.objects.filter(slug__in=spec.topics, is_active=True)),
        languages=spec.languages,
        time_zone=spec.time_zone,
        country=spec.country,
    )
    return user, True


def ensure_demo_duty(facilitator: User, admin: User) -> None:
    """On duty all week, so safety alerts can be tried at any hour: the facilitator for
    their groups, the admin as the fallback responder. Only for people with no hours yet."""
    every_day = [(day, time(0), time(0)) for day in range(7)]
    if not DutyWindow.objects.filter(user=facilitator).exists():
        for group in Group.objects.filter(
            memberships__user=facilitator, memberships__role=Membership.Role.FACILITATOR
        ):
            for day, starts, ends in every_day:
                duty_window_add(
                    actor=facilitator,
                    user=facilitator,
                    kind=DutyWindow.Kind.GROUP,
                    group=group,
                    weekday=day,
                    starts=starts,
                    ends=ends,
                )
    if not DutyWindow.objects.filter(user=admin).exists():
        for day, starts, ends in every_day:
            duty_window_add(
                actor=admin,
                user=admin,
                kind=DutyWindow.Kind.FALLBACK,
                weekday=day,
                starts=starts,
                ends=ends,
            )


DEMO_MEETING_GROUP = "Evening Grief Circle"


def ensure_demo_meeting(facilitator: User) -> bool:
    """A weekly online meeting for the online demo group, on the facilitator's clock, unless
    the group already has one. Returns whether it was made."""
    group = Group.objects.filter(name=DEMO_MEETING_GROUP).first()
    if group is None or MeetingSeries.objects.filter(group=group).exists():
        return False
    zone = "Europe/Dublin"
    today = timezone.now().astimezone(recurrence.time_zone(zone)).date()
    series_create(
        actor=facilitator,
        group=group,
        data=SeriesInput(
            title="Thursday evening circle",
            time_zone=zone,
            start_date=today,
            start_time=time(19, 0),
            duration_minutes=90,
            format=MeetingSeries.Format.ONLINE,
            language="en",
            rule="FREQ=WEEKLY;BYDAY=TH",
            accessibility=[
                Accessibility.CAPTIONS,
                Accessibility.CAMERA_OPTIONAL,
                Accessibility.SCREEN_READER,
            ],
            what_to_expect=(
                "We meet on video for ninety minutes. Cameras are optional, and you can "
                "stay quiet and listen the whole time."
            ),
            capacity=12,
            facilitator=facilitator,
            join_link="https://meet.example.org/evening-grief-circle",
        ),
    )
    return True


def _ensure_two_factor(user: User, spec: DemoAccount) -> None:
    """Give the account the demo authenticator and backup codes, unless it has its own."""
    if not spec.totp_secret or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return
    TOTPDevice.objects.create(
        user=user, name="Demo authenticator", key=_hex_key(spec.totp_secret), confirmed=True
    )
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in spec.backup_codes)


class Command(BaseCommand):
    help = "Create demo accounts (idempotent) and print how to sign in as them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even though DATABASE_URL is set.",
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if getattr(settings, "DATABASE_URL", "") and not force:
            raise CommandError(
                "DATABASE_URL is set, so this looks like a real database. The demo accounts "
                "share a published password and two-factor secrets, so anyone could sign in "
                "as them (one is an organization admin). Run `peerhaven demo --force` only "
                "against a database you will throw away."
            )
        created = 0
        with transaction.atomic():
            for spec in ACCOUNTS:
                user, is_new = _ensure_account(spec)
                _ensure_two_factor(user, spec)
                created += is_new
            facilitator = User.objects.get(email="kind.lantern@example.org")
            groups_created = ensure_demo_groups(facilitator)
            meeting_created = ensure_demo_meeting(facilitator)
            admin = User.objects.get(email="open.door@example.org")
            ensure_demo_duty(facilitator, admin)
        self.stdout.write(
            f"Demo groups: {groups_created} created, "
            f"{len(DEMO_GROUPS) - groups_created} already there."
        )
        self.stdout.write(
            f"Demo meetings: {int(meeting_created)} created, "
            f"{int(not meeting_created)} already there."
        )
        self._print_sign_ins(created)

    def _print_sign_ins(self, created: int) -> None:
        out = self.stdout
        out.write(f"Demo accounts: {created} created, {len(ACCOUNTS) - created} already there.\n")
        address = settings.PEERHAVEN_SITE_URL.rstrip("/") + "/"
        out.write(f"Open {address} and sign in with:\n")
        rows = [("Display name", "Role", "E-mail (sign-in)", "Two-factor")]
        for spec in ACCOUNTS:
            two_factor = "authenticator + backup codes" if spec.totp_secret else "-"
            rows.append((spec.display_name, str(spec.role.label), spec.email, two_factor))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            out.write(("  " + "  ".join(cells)).rstrip())
        out.write(f"\nPassword for every demo account: {DEMO_PASSWORD}")
        out.write(f"Admin site (Open Door): {address}admin/")
        if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
            out.write(
                "E-mails are printed here instead of being sent: to join as someone new, "
                "follow Join and open the link from the e-mail that appears below."
            )
        for spec in ACCOUNTS:
            if spec.totp_secret:
                out.write(
                    f"{spec.display_name}: authenticator secret {spec.totp_secret} "
                    f"(base32, 6 digits, 30 seconds); "
                    f"backup codes {', '.join(spec.backup_codes)}"
                )
        out.write(
            self.style.WARNING(
                "\nThese accounts are for trying Peerhaven out on your own computer only. "
                "Their password and two-factor secrets are public: never use them for real "
                "people or real conversations."
            )
        )
