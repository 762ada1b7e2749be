"""Forms for signing up, signing in, password resets and two-factor codes."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors
from peerhaven.accounts.models import DISPLAY_NAME_MAX, User, display_name_normalize
from peerhaven.accounts.passwords import limit_password_field, password_field
from peerhaven.core.site_url import absolute_url
from peerhaven.core.widgets import LongSelect

logger = logging.getLogger(__name__)

EMAIL_MAX = 254


def _email_input(**attrs: Any) -> forms.EmailInput:
    return forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none", **attrs})


def _code_input(autofocus: bool = False) -> forms.TextInput:
    attrs: dict[str, Any] = {
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "pattern": "[0-9 ]*",
        "size": 8,
    }
    if autofocus:
        attrs["autofocus"] = True
    return forms.TextInput(attrs=attrs)


class SignUpEmailForm(forms.Form):
    """Joining, first step: only the address, which gets the link to finish."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=EMAIL_MAX,
        widget=_email_input(autofocus=True),
        help_text=_("Only for signing in and resetting your password. Nobody else sees it."),
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip().lower()


class SignUpForm(forms.Form):
    """Joining, second step: the name others see, the password and the time zone."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_(
            "The name others see. Please don't use your real name: any name you like is fine."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = password_field(
        label=_("Password"),
        autocomplete="new-password",
        # Called when the form renders (not at import), so it reflects the configured validators.
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
    )
    password2 = password_field(
        label=_("Password again"),
        autocomplete="new-password",
        help_text=_("Type the same password again, to be sure it is what you meant."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        # The same list, with the same labels, as the profile's and every other.
        choices=selectors.time_zone_choices,
        widget=LongSelect,
        initial="UTC",
        help_text=_("Meeting times are shown in this time zone. You can change it later."),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        if not self.is_bound:
            # finder_time_zone.js picks the browser's zone; UTC stays without script.
            self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = "true"

    def clean_display_name(self) -> str:
        name = display_name_normalize(self.cleaned_data["display_name"])
        # The model's own validators (length, allowed characters) are the one source of truth.
        User._meta.get_field("display_name").run_validators(name)
        if selectors.display_name_taken(name):
            raise ValidationError(
                _("Someone already uses that display name. Please choose another."),
                code="display_name_taken",
            )
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        if password1:
            candidate = User(email=self.email, display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignInForm(AuthenticationForm):
    password = password_field(label=_("Password"), autocomplete="current-password")

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That e-mail and password don't match an account. Check both and try again, "
            "or reset your password."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("E-mail")
        username.widget = _email_input(autofocus=True, maxlength=EMAIL_MAX)

    def clean_username(self) -> str:
        # Accounts store e-mail in lower case; lockouts are counted on the same spelling.
        username: str = self.cleaned_data.get("username") or ""
        return username.strip().lower()


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=12,
        widget=_code_input(autofocus=True),
        help_text=_("From your authenticator app. A new code appears every 30 seconds."),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise ValidationError(_("Enter the six digits shown in your authenticator app."))
        return code


class BackupCodeForm(forms.Form):
    backup_code = forms.CharField(
        label=_("Backup code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "size": 12}
        ),
        help_text=_("One of the codes you saved when you set up two-factor sign-in."),
    )


class TwoFactorDisableForm(forms.Form):
    password = password_field(label=_("Your password"), autocomplete="current-password")
    code = forms.CharField(
        label=_("Code from your authenticator app, or a backup code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your current password."), code="wrong_password")
        return password


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("E-mail")
        email.widget = _email_input(autofocus=True, maxlength=EMAIL_MAX)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip().lower()

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        """A reset link to each account of the address, or one note that there is none."""
        email = self.cleaned_data["email"]
        if next(iter(self.get_users(email)), None) is not None:
            super().save(**kwargs)
            return
        context = {
            "site_name": kwargs.get("extra_email_context", {}).get("site_name", ""),
            "sign_up_link": absolute_url(reverse("sign-up")),
            "reset_link": absolute_url(reverse("password-reset")),
        }
        subject = render_to_string("accounts/password_reset/no_account_subject.txt", context)
        body = render_to_string("accounts/password_reset/no_account_email.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, kwargs.get("from_email"), [email])
        except Exception:
            # As for a reset link (Django's own form): logged, and the answer stays the same.
            logger.exception("Could not send the no-account note of a password reset")


class ResetSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Validates the new password; saving goes through services.account_password_reset."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password again")
        limit_password_field(self.fields["new_password1"])
        limit_password_field(self.fields["new_password2"])


class PasswordChangeForm(ResetSetPasswordForm):
    """The current password, then the new one twice (checked by the password validators)."""

    field_order = ["current_password", "new_password1", "new_password2"]

    current_password = password_field(label=_("Current password"), autocomplete="current-password")


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=EMAIL_MAX,
        widget=_email_input(),
        help_text=_("We send a link to it; the change happens when you open the link."),
    )
    password = password_field(label=_("Your password"), autocomplete="current-password")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip().lower()
