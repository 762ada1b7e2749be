"""Every write to accounts and profiles."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from peerhaven.accounts import selectors
from peerhaven.accounts.models import Profile, Role, Topic, User
from peerhaven.accounts.selectors import COUNTRY_CODES
from peerhaven.core import personal_data
from peerhaven.core.exceptions import DomainError, NotAllowed


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
    Token.objects.filter(user=user).delete()
    axes_reset(username=user.email)


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
    if not password or not user.check_password(password):
        message = _("That password is not right, so nothing was deleted.")
        raise DomainError(message, code="wrong_password", extra={"fields": {"password": [message]}})
    account_erase(user=user)
