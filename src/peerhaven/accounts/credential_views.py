"""Changing how one signs in: the password, the e-mail address, and where one is signed in.

Every page here is the signed-in person's own, except the link that confirms a new address,
which works in any browser: the signed link is the proof.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from peerhaven.accounts import email_change, services
from peerhaven.accounts.auth_forms import EmailChangeForm, PasswordChangeForm
from peerhaven.accounts.auth_views import inbox_flooded
from peerhaven.accounts.sessions import session_to_keep
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.exceptions import Conflict, DomainError
from peerhaven.core.forms import add_domain_error

logger = logging.getLogger(__name__)

# Guesses at the current password, per account; the API counts into the same group.
RATE_PASSWORD_CHECK_GROUP = "account-password-check"  # noqa: S105 - a name, not a secret


def password_guesses_spent(request: HttpRequest) -> bool:
    """Counts one more try; True once over the limit (then nothing is checked or changed)."""
    return bool(
        is_ratelimited(
            request,
            group=RATE_PASSWORD_CHECK_GROUP,
            key="user",
            rate=settings.RATE_PASSWORD_CHECK,
            method="POST",
            increment=True,
        )
    )


def too_many_tries_message() -> str:
    return _("Too many tries at your password. Please wait an hour and try again.")


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(LoginRequiredMixin, View):
    template_name = "accounts/password_change/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, PasswordChangeForm(signed_in_user(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = PasswordChangeForm(user, request.POST)
        if password_guesses_spent(request):
            form.is_valid()  # keeps what was typed out of the answer, shows field errors
            form.add_error(None, too_many_tries_message())
            return self._render(request, form, status=429)
        if not form.is_valid():
            return self._render(request, form)
        try:
            services.account_password_change(
                user=user,
                actor=user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password1"],
                keep_session=session_to_keep(request, user),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            return self._render(request, form)
        messages.success(
            request,
            _("Your password is changed. Everywhere else you were signed in is signed out."),
        )
        return redirect("account-settings")

    def _render(
        self, request: HttpRequest, form: PasswordChangeForm, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, {"form": form}, status=status)


@method_decorator(never_cache, name="dispatch")
class EmailChangeView(LoginRequiredMixin, View):
    template_name = "accounts/email_change/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, EmailChangeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = EmailChangeForm(request.POST)
        if password_guesses_spent(request):
            form.is_valid()
            form.add_error(None, too_many_tries_message())
            return self._render(request, form, status=429)
        if not form.is_valid():
            return self._render(request, form)
        new_email = form.cleaned_data["email"]
        try:
            services.account_email_change_check(
                user=user, actor=user, password=form.cleaned_data["password"], new_email=new_email
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            return self._render(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._render(request, form)
        if not inbox_flooded(request, "email-change-email", new_email):
            try:
                email_change.email_change_link_send(user, new_email)
            except Exception:
                logger.exception("Could not send an e-mail change link")
                form.add_error(
                    None,
                    _(
                        "We could not send the e-mail just now. Your address is unchanged; "
                        "please try again in a few minutes."
                    ),
                )
                return self._render(request, form, status=503)
        request.session["email_change_sent_to"] = new_email
        return redirect("email-change-sent")

    def _render(
        self, request: HttpRequest, form: EmailChangeForm, status: int = 200
    ) -> HttpResponse:
        context = {"form": form, "current_email": signed_in_user(request).email}
        return render(request, self.template_name, context, status=status)


class EmailChangeSentView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "sent_to": request.session.get("email_change_sent_to", ""),
            "hours": settings.SIGN_UP_LINK_MAX_AGE // 3600,
        }
        return render(request, "accounts/email_change/sent.html", context)


@method_decorator(never_cache, name="dispatch")
class EmailChangeConfirmView(View):
    """GET asks (mail scanners open links), POST changes the address."""

    def _change(self, request: HttpRequest, token: str) -> email_change.EmailChange | HttpResponse:
        change = email_change.change_from_token(token)
        if change is None:
            context = {"hours": settings.SIGN_UP_LINK_MAX_AGE // 3600}
            return render(request, "accounts/email_change/link_invalid.html", context, status=400)
        if request.user.is_authenticated and request.user.pk != change.user.pk:
            return render(request, "accounts/email_change/other_account.html", status=403)
        return change

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        change = self._change(request, token)
        if isinstance(change, HttpResponse):
            return change
        context = {"new_email": change.new_email}
        return render(request, "accounts/email_change/confirm.html", context)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        change = self._change(request, token)
        if isinstance(change, HttpResponse):
            return change
        try:
            services.account_email_change(change=change)
        except Conflict as exc:
            context = {"new_email": change.new_email, "error": exc.message}
            return render(request, "accounts/email_change/confirm.html", context, status=409)
        request.session.pop("email_change_sent_to", None)
        if request.user.is_authenticated:
            messages.success(
                request, _("Your e-mail address is changed. Sign in with it from now on.")
            )
            return redirect("account-settings")
        return render(request, "accounts/email_change/done.html", {"new_email": change.new_email})


class SignOutOthersView(LoginRequiredMixin, View):
    """POST signs out every other browser and app; GET goes to the settings page, where the
    button is."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("account-settings")

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        services.account_sessions_end_others(
            user=user, actor=user, keep_session=session_to_keep(request, user)
        )
        messages.success(
            request, _("You are signed out everywhere else. This browser stays signed in.")
        )
        return redirect("account-settings")
