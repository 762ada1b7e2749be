"""Every write to accounts and profiles."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from peerhaven.accounts import selectors
from peerhaven.accounts.email_change import EmailChange, masked
from peerhaven.accounts.models import Profile, Role, Topic, User
from peerhaven.accounts.selectors import COUNTRY_CODES
from peerhaven.accounts.sessions import sessions_end
from peerhaven.core import personal_data
from peerhaven.core.exceptions import Conflict, DomainError, NotAllowed
from peerhaven.core.site_url import absolute_url

logger = logging.getLogger(__name__)


@transaction.atomic
def account_create(
    *, email: str, display_name: str, password: str, role: str = Role.MEMBER, time_zone: str = "UTC"
) -> User:
    """Create an account and its profile. Callers validate the password first."""
    # create_user normalizes the name and sets its key (User.set_display_name).
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        is_staff=role == Role.ADMIN,
    )
    Profile.objects.create(user=user, time_zone=time_zone)
    return user


@transaction.atomic
def account_password_reset(*, user: User, password: str) -> None:
    """Set a new password after an e-mailed reset link was followed. Callers validate it first.

    The new password changes the session hash, so every session signed in with the old one
    ends on its next request, and the API token is revoked: a reset often follows a
    compromise. Sign-in lockouts for the account are lifted, so the person can use the new
    password at once instead of waiting out the cool-off.
    """
    from axes.utils import reset as axes_reset

    user.set_password(password)
    user.save(update_fields=["password"])
    axes_reset(username=user.email)
    sessions_end(user)


def _check_password(user: User, password: str, *, field: str, message: str) -> None:
    if not password or not user.check_password(password):
        raise DomainError(message, code="wrong_password", extra={"fields": {field: [message]}})


@transaction.atomic
def account_password_change(
    *,
    user: User,
    actor: User,
    current_password: str,
    new_password: str,
    keep_session: SessionBase | None = None,
) -> None:
    """Change one's own password, knowing the current one. Callers validate the new one first.

    Every other session ends (the session hash changes); `keep_session`, the caller's
    (sessions.session_to_keep), stays signed in. The API token is revoked too: anyone who
    had the old password could have made one. A note goes to the account's address, so a
    change the owner did not make does not go unnoticed.
    """
    _check_own_account(user=user, actor=actor)
    _check_password(
        user,
        current_password,
        field="current_password",
        message=_("That is not your current password, so nothing was changed."),
    )
    # The row is locked and the epoch read fresh, so a sign-out-elsewhere at the same moment
    # cannot leave this browser with a hash made from a stale epoch.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    user.refresh_from_db(fields=["sessions_epoch"])
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sessions_end(user, keep=keep_session)
    transaction.on_commit(lambda: account_notice_send(user=user, kind="password_changed"))


def account_email_change_check(*, user: User, actor: User, password: str, new_email: str) -> None:
    """Check a request to change the sign-in address before its link is sent."""
    _check_own_account(user=user, actor=actor)
    _check_password(
        user,
        password,
        field="password",
        message=_("That password is not right, so nothing was changed."),
    )
    if new_email.lower() == user.email.lower():
        raise ValidationError({"email": [_("That is already your e-mail address.")]})


@transaction.atomic
def account_email_change(*, change: EmailChange) -> None:
    """Make the link's new address the sign-in address (email_change.change_from_token).

    Locks the account, so two links opened at once change it once: the second finds the
    address moved and raises Conflict (code link_out_of_date), as it does when another
    account took the address since the link was sent (code email_taken). The old address is
    told, so an owner whose account was taken over learns of it.
    """
    user = User.objects.select_for_update().get(pk=change.user.pk)
    old_email, new_email = change.from_email, change.new_email
    if user.email != old_email:
        raise Conflict(
            _("This link is out of date: the address changed since it was sent."),
            code="link_out_of_date",
        )
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise Conflict(
            _("Another account uses that address now, so yours was not changed."),
            code="email_taken",
        )
    user.email = new_email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as exc:  # taken at the same moment
        user.email = old_email
        raise Conflict(
            _("Another account uses that address now, so yours was not changed."),
            code="email_taken",
        ) from exc
    # Sign-in records name the account by its address: they move with it, so the export and
    # the erasure of the account still find them. Failed-try counters are dropped instead:
    # they are unique per address, place and browser, and the new address may have its own.
    AccessAttempt.objects.filter(username=old_email).delete()
    for model in (AccessFailureLog, AccessLog):
        model.objects.filter(username=old_email).update(username=new_email)
    transaction.on_commit(
        lambda: account_notice_send(
            user=user, kind="email_changed", to=old_email, new_email=masked(new_email)
        )
    )


@transaction.atomic
def account_sessions_end_others(
    *, user: User, actor: User, keep_session: SessionBase | None = None
) -> None:
    """Sign out every browser and app signed in to the account except `keep_session`, the
    caller's (sessions.session_to_keep), and revoke the API token: whoever used the account
    elsewhere could have made one."""
    _check_own_account(user=user, actor=actor)
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    # Both parts of the hash as stored now (the update locked the row till the commit).
    user.refresh_from_db(fields=["sessions_epoch", "password"])
    sessions_end(user, keep=keep_session)


def account_notice_send(*, user: User, kind: str, **extra: str) -> None:
    """A short security note to the account's address (kind names the templates under
    accounts/notices/). Sending can fail without undoing what it tells of: it is logged."""
    context = {
        "site_name": settings.OTP_TOTP_ISSUER,
        "display_name": user.display_name,
        "reset_link": absolute_url(reverse("password-reset")),
        "settings_link": absolute_url(reverse("account-settings")),
        "site_link": absolute_url(reverse("home")),
        **extra,
    }
    recipient = extra.get("to", user.email)
    try:
        send_mail(
            subject=" ".join(
                render_to_string(f"accounts/notices/{kind}_subject.txt", context).split()
            ),
            message=render_to_string(f"accounts/notices/{kind}_email.txt", context),
            from_email=None,
            recipient_list=[recipient],
        )
    except Exception:
        logger.exception("Could not send the %s note", kind)


# --- Profile, account settings, API token, deletion ------------------------------


def _check_own_account(*, user: User, actor: User) -> None:
    # There are no id-based account URLs; this guards callers that might pass someone else.
    if actor.pk != user.pk:
        raise NotAllowed(_("You can only change your own account."), code="not_own_account")


@transaction.atomic
def profile_update(
    *,
    user: User,
    actor: User,
    topics: Iterable[Topic] | None = None,
    languages: list[str] | None = None,
    time_zone: str | None = None,
    coarse_location: str | None = None,
    country: str | None = None,
    support_preference: str | None = None,
    content_filters: Iterable[Topic] | None = None,
    who_may_message: str | None = None,
    coach_nudges: bool | None = None,
    email_replies: bool | None = None,
) -> Profile:
    """Change the given fields of the person's own profile; None leaves a field as it is.

    Raises ValidationError (keyed by field) and stores nothing when any value is invalid.
    """
    _check_own_account(user=user, actor=actor)
    profile = Profile.objects.select_for_update().filter(user=user).first() or Profile(user=user)
    if languages is not None:
        # Each language once, in the order chosen: a repeated code would show twice.
        profile.languages = list(dict.fromkeys(languages))
    if time_zone is not None:
        profile.time_zone = time_zone
    if coarse_location is not None:
        profile.coarse_location = coarse_location.strip()
    if country is not None:
        profile.country = country.strip().upper()
    if support_preference is not None:
        profile.support_preference = support_preference
    if who_may_message is not None:
        profile.who_may_message = who_may_message
    if coach_nudges is not None:
        profile.coach_nudges = coach_nudges
    if email_replies is not None:
        if email_replies and not profile.email_replies:
            # Told only of replies from now on, not of everything since the account began.
            profile.replies_emailed_at = timezone.now()
        profile.email_replies = email_replies

    errors: dict[str, list[str]] = {}
    if profile.country and profile.country not in COUNTRY_CODES:
        errors["country"] = [_("Choose a country from the list.")]
    chosen = {"topics": topics, "content_filters": content_filters}
    for field, topic_list in chosen.items():
        if topic_list is not None and any(not topic.is_active for topic in topic_list):
            errors[field] = [_("Choose topics from the list.")]
    try:
        profile.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    profile.save()
    if topics is not None:
        profile.topics.set(list(topics))
    if content_filters is not None:
        profile.content_filters.set(list(content_filters))
    return profile


@transaction.atomic
def account_update(*, user: User, actor: User, display_name: str) -> User:
    """Change the display name, normalized (models.display_name_normalize). Names are unique
    ignoring case, width and spacing, so nobody can pose as another."""
    _check_own_account(user=user, actor=actor)
    taken = _("That display name is already in use. Please choose another.")
    if selectors.display_name_taken(display_name, exclude=user):
        raise ValidationError({"display_name": [taken]})
    user.set_display_name(display_name)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=["display_name", "display_name_key"])
    except IntegrityError as exc:
        # Someone took the name between the check and the save.
        raise ValidationError({"display_name": [taken]}) from exc
    return user


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """Replace any existing API token with a new one. Its key is shown to the person once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    deleted, _per_model = Token.objects.filter(user=user).delete()
    return deleted > 0


def _sessions_delete_for(user: User) -> int:
    """End every stored session signed in as `user` (through the engine, so caches go too)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == user_id:
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Erase everything registered as personal data, end the sessions, delete the account.

    The cascade removes the profile, two-factor devices and API token with the user row.
    """
    personal_data.erase_all(user)
    _sessions_delete_for(user)
    user.delete()


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Delete one's own account after confirming the password. Wrong password: nothing changes."""
    message = _("That password is not right, so nothing was deleted.")
    _check_password(user, password, field="password", message=message)
    account_erase(user=user)
