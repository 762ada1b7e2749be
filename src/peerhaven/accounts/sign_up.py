"""Joining in two steps, so that the sign-up form never tells who has an account.

The first step asks only for an e-mail address and always answers the same way. The
address then gets one of two e-mails: a link to finish joining or, when it already has an
account, a note that says so, with links to sign in and to reset the password. Only the
person who reads that inbox learns which. The link carries the address, signed and dated,
so nothing is stored until they finish, and nobody can hold an address they cannot read.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from peerhaven.accounts.models import User
from peerhaven.core.site_url import absolute_url

SALT = "peerhaven.accounts.sign-up"


def link_token(email: str) -> str:
    return signing.dumps(email, salt=SALT)


def email_from_token(token: str) -> str | None:
    """The address a link was sent to, or None when the link is forged or too old."""
    try:
        email = signing.loads(token, salt=SALT, max_age=settings.SIGN_UP_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return email if isinstance(email, str) else None


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def sign_up_email_send(email: str, *, next_url: str = "") -> None:
    """Send EMAIL the link to finish joining, or the note that it already has an account.

    Either way one e-mail of about the same work, so the answer's timing tells nothing.
    `next_url` (a path on this site, checked by the caller) is where the person was going,
    such as an invitation: the link returns them there once they have joined or signed in.
    """
    context = {
        "site_name": settings.OTP_TOTP_ISSUER,
        "hours": settings.SIGN_UP_LINK_MAX_AGE // 3600,
    }
    if User.objects.filter(email__iexact=email).exists():
        kind = "existing"
        context["sign_in_link"] = _with_next(absolute_url(reverse("sign-in")), next_url)
        context["reset_link"] = absolute_url(reverse("password-reset"))
    else:
        kind = "link"
        link = absolute_url(reverse("sign-up-finish", args=[link_token(email)]))
        context["link"] = _with_next(link, next_url)
    subject = render_to_string(f"accounts/sign_up/{kind}_subject.txt", context)
    body = render_to_string(f"accounts/sign_up/{kind}_email.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=[email],
    )
