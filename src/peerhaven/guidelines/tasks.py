"""Tasks of guideline sets. Queued by services after the write has committed."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from peerhaven.guidelines import selectors
from peerhaven.guidelines.models import RuleSet, RuleSetVersion
from peerhaven.guidelines.services import diff_summary, version_diff

# Messages handed to the mail server per connection.
BATCH = 200


def _page_url(rule_set: RuleSet) -> str:
    if rule_set.scope == RuleSet.Scope.INSTANCE:
        path = reverse("guidelines")
    else:
        path = reverse("rule-set", kwargs={"rule_set_id": rule_set.pk})
    # Without a configured address the e-mail names the page; with one it links to it.
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return base + path if base else ""


def _messages(version: RuleSetVersion) -> Iterator[tuple[str, str, str, list[str]]]:
    rule_set = version.rule_set
    previous = selectors.published_versions(rule_set).filter(number__lt=version.number).first()
    group = getattr(rule_set, "group", None) if rule_set.scope == RuleSet.Scope.GROUP else None
    context = {
        "version": version,
        "group_name": group.name if group is not None else "",
        "material": version.needs_agreement,
        "summary": diff_summary(version_diff(old=previous, new=version)),
        "url": _page_url(rule_set),
        "site_name": settings.OTP_TOTP_ISSUER,
    }
    rendered = render_to_string("guidelines/email/published_subject.txt", context)
    subject = " ".join(rendered.split())
    users = selectors.rule_set_members(rule_set).only("pk", "email", "display_name")
    for user in users.iterator(chunk_size=BATCH):
        body = render_to_string("guidelines/email/published_body.txt", {**context, "user": user})
        # One message per person: nobody ever sees another member's address.
        yield subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]


def _batches(
    messages: Iterator[tuple[str, str, str, list[str]]],
) -> Iterator[list[tuple[str, str, str, list[str]]]]:
    while batch := list(islice(messages, BATCH)):
        yield batch


@task()
def notify_rule_set_published(*, version_id: int) -> int:
    """E-mail everyone affected by a newly published version. Returns how many were sent."""
    version = (
        RuleSetVersion.objects.select_related("rule_set")
        .filter(pk=version_id, status=RuleSetVersion.Status.PUBLISHED)
        .first()
    )
    if version is None:
        return 0
    sent = 0
    for batch in _batches(_messages(version)):
        sent += send_mass_mail(tuple(batch), fail_silently=False)
    return sent
