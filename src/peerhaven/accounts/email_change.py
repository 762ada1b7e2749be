"""Changing the sign-in address, proven by a link sent to the new one.

Nothing changes until the link is opened, so nobody can move an account to an address they
cannot read. As at sign-up, the answer never tells whether the new address already has an
account: the address gets either the link or a note that it is taken. The link carries the
account, its current address and the new one, and a fingerprint of its sign-in state (the
password and the sessions epoch), signed and dated: it stops working once the address
changes by any way, and once the owner changes the password, resets it or signs out
everywhere else, so an intruder's pending change dies with the intruder's access. The
current address is told of each request, so its owner can do just that.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from peerhaven.accounts.models import User
from peerhaven.core.site_url import absolute_url

SALT = "peerhaven.accounts.email-change"


@dataclass(frozen=True)
class EmailChange:
    user: User
    from_email: str
    new_email: str


def _sign_in_state(user: User) -> str:
    return salted_hmac(
        SALT, f"{user.password}:{user.sessions_epoch}", algorithm="sha256"
    ).hexdigest()


def link_token(user: User, new_email: str) -> str:
    payload = {"user": user.pk, "from": user.email, "to": new_email, "state": _sign_in_state(user)}
    return signing.dumps(payload, salt=SALT)


def change_from_token(token: str) -> EmailChange | None:
    """The change a link asks for, or None when it is forged, too old or out of date."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.SIGN_UP_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or not isinstance(data.get("to"), str):
        return None
    if not isinstance(data.get("user"), int):
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is None or user.email != data.get("from"):
        return None
    if not constant_time_compare(str(data.get("state", "")), _sign_in_state(user)):
        return None  # the password changed, or everywhere else was signed out, since
    return EmailChange(user=user, from_email=user.email, new_email=data["to"])


def masked(email: str) -> str:
    """Enough of an address to recognize it, not enough to learn it: s…@example.org."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def email_change_link_send(user: User, new_email: str) -> None:
    """Send NEW_EMAIL the link to confirm it, or the note that it already has an account,
    and tell the current address that a change was asked for. Raises when the link cannot
    be sent; nothing is stored either way."""
    from peerhaven.accounts.services import account_notice_send

    context = {
        "site_name": settings.OTP_TOTP_ISSUER,
        "hours": settings.SIGN_UP_LINK_MAX_AGE // 3600,
    }
    if User.objects.filter(email__iexact=new_email).exists():
        kind = "taken"
        context["reset_link"] = absolute_url(reverse("password-reset"))
    else:
        kind = "link"
        context["link"] = absolute_url(
            reverse("email-change-confirm", args=[link_token(user, new_email)])
        )
    subject = render_to_string(f"accounts/email_change/{kind}_subject.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=render_to_string(f"accounts/email_change/{kind}_email.txt", context),
        from_email=None,
        recipient_list=[new_email],
    )
    # Only after the link went: the owner learns of the request while they can still stop it
    # (changing the password or signing out everywhere else voids the link).
    account_notice_send(user=user, kind="email_change_requested", new_email=masked(new_email))
