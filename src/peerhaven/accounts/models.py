from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from django.conf import global_settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peerhaven.core.time_zones import is_time_zone

DISPLAY_NAME_MAX = 40
LANGUAGE_CODES = {code for code, _name in global_settings.LANGUAGES}


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    SUPPORTER = "supporter", _("Peer supporter")
    FACILITATOR = "facilitator", _("Facilitator")
    ADMIN = "admin", _("Organization admin")


# Roles that can see other people's struggles at scale must protect their sign-in.
TWO_FACTOR_ROLES = frozenset({Role.FACILITATOR, Role.ADMIN})


class SupportPreference(models.TextChoices):
    JUST_LISTEN = "just_listen", _("Just listen")
    SHARE_EXPERIENCES = "share_experiences", _("Share experiences")
    ADVICE_WELCOME = "advice_welcome", _("Advice welcome")


class MessagePermission(models.TextChoices):
    EVERYONE = "everyone", _("Any member")
    GROUP_MEMBERS = "group_members", _("Members of my groups")
    SUPPORTERS = "supporters", _("Only peer supporters and facilitators")
    NOBODY = "nobody", _("Nobody")


display_name_validator = RegexValidator(
    r"^[\w][\w .\-']*$",
    _(
        "Use letters, numbers, spaces, dots, dashes or apostrophes, "
        "starting with a letter or number."
    ),
)


# Alphabets with letters that look alike (Latin "a", Cyrillic "а", Greek "α"...). A name may
# use any one of them, with any other script beside it ("Anna 安娜"), but not two of them:
# "Аlice" with a Cyrillic "А" would pass for "Alice".
LOOK_ALIKE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE")


def display_name_one_alphabet(name: str) -> None:
    scripts = sorted(
        {
            script
            for letter in name
            if letter.isalpha()
            and (script := unicodedata.name(letter, "").split(" ")[0]) in LOOK_ALIKE_SCRIPTS
        }
    )
    if len(scripts) > 1:
        raise ValidationError(
            _(
                "Please use letters from one alphabet: this name mixes %(scripts)s letters, "
                "so it could look like someone else's name."
            ),
            code="mixed_alphabets",
            params={"scripts": gettext(" and ").join(script.title() for script in scripts)},
        )


# Names that would pass for the site or its people in charge. Compared with the digits
# that stand in for letters read as those letters ("Adm1n"), and "l" read as "i" ("Admln").
NAMES_OF_AUTHORITY = frozenset(
    {
        "admin",
        "administrator",
        "moderator",
        "facilitator",
        "staff",
        "peerhaven",
        "official",
        "system",
        "support",
        "supportteam",
        "safetyteam",
        "crisisteam",
        "root",
    }
)
WORDS_OF_AUTHORITY = frozenset({"admin", "administrator", "moderator", "facilitator", "peerhaven"})
_READ_AS_LETTERS = str.maketrans("013457l", "oieasti")


def _as_read(text: str) -> str:
    return text.casefold().translate(_READ_AS_LETTERS)


_AUTHORITY_READ = frozenset(_as_read(name) for name in NAMES_OF_AUTHORITY)
_AUTHORITY_WORDS_READ = frozenset(_as_read(word) for word in WORDS_OF_AUTHORITY)


def display_name_not_authority(name: str) -> None:
    words = [_as_read("".join(ch for ch in word if ch.isalnum())) for word in name.split()]
    if "".join(words) in _AUTHORITY_READ or _AUTHORITY_WORDS_READ.intersection(words):
        raise ValidationError(
            _(
                "Please choose another name: this one could pass for the site or its "
                "moderators. Roles are shown beside names where they matter."
            ),
            code="name_of_authority",
        )


def display_name_normalize(name: str) -> str:
    """The display name as stored: Unicode NFKC (full-width letters, ligatures and other
    compatibility forms become the plain letters they look like), runs of whitespace
    collapsed to one space, none at either end."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def display_name_key(name: str) -> str:
    """What display names are compared by: normalized and case-folded, so "Kind Lantern",
    "KIND  LANTERN" and "Ｋind Lantern" are one name, and nobody can pose as another."""
    return unicodedata.normalize("NFKC", display_name_normalize(name).casefold())


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_display_name(user.display_name)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Known to others only by its pseudonymous display name."""

    # Used only for signing in and recovery; never displayed to anyone.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX,
        validators=[
            MinLengthValidator(2),
            display_name_validator,
            display_name_one_alphabet,
            display_name_not_authority,
        ],
        help_text=_("The name others see. Please don't use your real name."),
    )
    # display_name_key(display_name), unique: set with the name by set_display_name. Null
    # only for an account from before it existed whose key an older account already held.
    display_name_key = models.TextField(null=True, blank=True, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Moved on by "sign out everywhere else": it is part of the session hash, so every
    # session signed in before the move ends on its next request. 0 keeps Django's own hash.
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="unique_display_name_ci"),
            models.UniqueConstraint(fields=["display_name_key"], name="unique_display_name_key"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def set_display_name(self, name: str) -> None:
        """Set the name (normalized) and its comparison key together; change it only here."""
        self.display_name = display_name_normalize(name)
        self.display_name_key = display_name_key(self.display_name)

    def _get_session_auth_hash(self, secret: Any = None) -> str:
        # Django checks each session against this (and its fallback-secret forms, which
        # call this too); an account that never moved its epoch keeps Django's hash, so
        # nobody was signed out when the field was added.
        if not self.sessions_epoch:
            return str(super()._get_session_auth_hash(secret=secret))  # type: ignore[misc]
        return salted_hmac(
            "peerhaven.accounts.User.session_auth_hash",
            f"{self.password}:{self.sessions_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Topic(models.Model):
    """A lived-experience topic from the instance's list (also used for content filters)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def validate_time_zone(value: str) -> None:
    if not is_time_zone(value):
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def validate_languages(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Languages must be a list of language codes."))
    if len(value) > 10:
        raise ValidationError(_("Choose at most 10 languages."))
    unknown = [v for v in value if v not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s"), params={"codes": ", ".join(unknown)}
        )


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("lived-experience topics")
    )
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Coarse on purpose: a town or area, never a street address.
    coarse_location = models.CharField(_("area"), max_length=100, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Used to show crisis lines for where you are."),
    )
    support_preference = models.CharField(
        max_length=20, choices=SupportPreference.choices, default=SupportPreference.JUST_LISTEN
    )
    content_filters = models.ManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("topics to hide behind a warning")
    )
    who_may_message = models.CharField(
        max_length=20, choices=MessagePermission.choices, default=MessagePermission.GROUP_MEMBERS
    )
    # The communication coach's hints under the message box. A group can require them.
    coach_nudges = models.BooleanField(_("communication coach nudges"), default=True)
    # Opt-in: an e-mail (at most hourly, counts only) when others answer one's own threads.
    email_replies = models.BooleanField(_("e-mail about replies"), default=False)
    # When the last such e-mail went: replies before it are not told of again.
    replies_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"
