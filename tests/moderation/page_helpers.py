"""Building blocks for the moderation page tests: a group with a reported post, a second
group with its own facilitator, and short ways to report and act through the pages."""

from __future__ import annotations

from django.urls import reverse

from peerhaven.accounts.models import Role
from peerhaven.moderation.models import Case
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory

HURTFUL = "You are all idiots and I hate this place."
URGENT = "I want to kill myself tonight. I have a plan and nobody would even notice."


def queue_url() -> str:
    return reverse("moderation-queue")


def case_url(case: Case | int) -> str:
    return reverse("moderation-case", args=[getattr(case, "pk", case)])


def report_url(message) -> str:
    return reverse("moderation-report-message", args=[message.pk])


def my_case_url(case: Case | int) -> str:
    return reverse("moderation-my-case", args=[getattr(case, "pk", case)])


def evening_circle(facilitator, alice, bob):
    """Fran runs it; alice and bob are members (charlie is not)."""
    return group_with(facilitator=facilitator, members=[alice, bob])


def hurtful_post(group, alice, bob):
    """Alice's hurtful reply in bob's thread."""
    return post(thread(group, bob), alice, HURTFUL)


def other_facilitator():
    return UserFactory(display_name="Gus", email="gus@example.org", role=Role.FACILITATOR)


def report(client, message, guideline: str = "respect", note: str = ""):
    return client.post(report_url(message), {"guideline": guideline, "note": note})


def act(client, case, kind: str, *, guideline: str = "respect", reason: str = "Insults.", **extra):
    data = {"kind": kind, "guideline": guideline, "reason": reason, **extra}
    return client.post(case_url(case), data)


def page(response) -> str:
    return response.content.decode()
