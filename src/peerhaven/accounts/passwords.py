"""The one longest password, for every place a password is typed or set.

A password accepted at sign-up but refused elsewhere would lock its owner out of signing
in or deleting the account, so sign-up, sign-in, reset, change, two-factor and deletion
(web and API) all check against PASSWORD_MAX_CHARS. The limit also keeps a huge body from
being hashed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

PASSWORD_MAX_CHARS = 4096


def validate_password_length(password: str) -> None:
    if len(password) > PASSWORD_MAX_CHARS:
        raise ValidationError(
            ngettext(
                "Passwords can be at most %(max)d character long.",
                "Passwords can be at most %(max)d characters long.",
                PASSWORD_MAX_CHARS,
            )
            % {"max": PASSWORD_MAX_CHARS},
            code="password_too_long",
        )


def password_field(*, label: Any, autocomplete: str, help_text: Any = None) -> forms.CharField:
    """A password input held to PASSWORD_MAX_CHARS (the browser stops typing there too)."""
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        validators=[validate_password_length],
        widget=forms.PasswordInput(
            attrs={"autocomplete": autocomplete, "maxlength": PASSWORD_MAX_CHARS}
        ),
    )


def limit_password_field(field: forms.Field) -> None:
    """Hold a password field a parent form declared (e.g. Django's) to PASSWORD_MAX_CHARS.
    Call on the form's own copy of the field, in its __init__."""
    field.validators.append(validate_password_length)
    field.widget.attrs["maxlength"] = PASSWORD_MAX_CHARS


class MaximumLengthValidator:
    """For AUTH_PASSWORD_VALIDATORS: covers the paths without a form of ours (the admin's
    password change, `peerhaven changepassword`)."""

    def validate(self, password: str, user: Any = None) -> None:
        validate_password_length(password)

    def get_help_text(self) -> str:
        return ngettext(
            "Your password can’t be longer than %(max)d character.",
            "Your password can’t be longer than %(max)d characters.",
            PASSWORD_MAX_CHARS,
        ) % {"max": PASSWORD_MAX_CHARS}
