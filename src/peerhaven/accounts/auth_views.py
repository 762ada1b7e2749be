"""Sign-up, sign-in, sign-out, password reset and two-factor views. Thin: parse, call, render."""

from __future__ import annotations

import logging
import math
from typing import Any
from urllib.parse import urlsplit

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from peerhaven.accounts import policies, services, sign_up, two_factor
from peerhaven.accounts.auth_forms import (
    BackupCodeForm,
    ResetRequestForm,
    ResetSetPasswordForm,
    SignInForm,
    SignUpEmailForm,
    SignUpForm,
    TwoFactorCodeForm,
    TwoFactorDisableForm,
)
from peerhaven.accounts.models import User
from peerhaven.accounts.policies import (
    must_set_up_two_factor,
    requires_two_factor,
    session_is_fully_signed_in,
    user_has_confirmed_device,
)
from peerhaven.accounts.sessions import sessions_changed_on_commit
from peerhaven.core.redirects import next_or

logger = logging.getLogger(__name__)

MODEL_BACKEND = "peerhaven.accounts.backends.AccountBackend"


def _rate(name: str) -> Any:
    """A rate read on each request, so a changed setting (or a test override) applies at once."""

    def rate(group: str, request: HttpRequest) -> str:
        value: str = getattr(settings, name)
        return value

    return rate


def _limit(group: str, rate_setting: str, key: str = "ip") -> Any:
    return method_decorator(
        ratelimit(group=group, key=key, rate=_rate(rate_setting), method="POST", block=True),
        name="dispatch",
    )


def _signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind LoginRequiredMixin."""
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - LoginRequiredMixin ran first
        raise TypeError("A signed-in user is required here.")
    return user


def inbox_flooded(request: HttpRequest, group: str, email: str) -> bool:
    """Counts one more e-mail of GROUP to EMAIL; True once over the limit, and then nothing
    is sent, but the answer stays the same."""
    return bool(
        is_ratelimited(
            request,
            group=group,
            key=lambda group, request: email,
            rate=settings.RATE_EMAIL_PER_ADDRESS,
            increment=True,
        )
    )


def _with_next(url_name: str, next_url: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url})


# --- Sign-up ------------------------------------------------------------------


# Every try counts, but over the limit the form comes back with what was typed instead of a
# bare refusal page.
@method_decorator(
    ratelimit(group="sign-up", key="ip", rate=_rate("RATE_SIGNUP"), method="POST", block=False),
    name="dispatch",
)
class SignUpView(FormView[SignUpEmailForm]):
    """Joining, first step: the same answer whether or not the address has an account."""

    template_name = "accounts/sign_up/index.html"
    form_class = SignUpEmailForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect("profile")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(next=next_or(self.request, ""), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "limited", False):
            # Not validated at all: the answer must not tell anything about the address.
            form = SignUpEmailForm(initial={"email": request.POST.get("email", "")})
            context = self.get_context_data(form=form, limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: SignUpEmailForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not inbox_flooded(self.request, "sign-up-email", email):
            try:
                sign_up.sign_up_email_send(email, next_url=next_or(self.request, ""))
            except Exception:
                logger.exception("Could not send a sign-up e-mail")
                form.add_error(
                    None,
                    _(
                        "We could not send the e-mail just now. Nothing was created; please "
                        "try again in a few minutes."
                    ),
                )
                return self.render_to_response(self.get_context_data(form=form), status=503)
        return redirect("sign-up-sent")


class SignUpSentView(TemplateView):
    template_name = "accounts/sign_up/sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.SIGN_UP_LINK_MAX_AGE // 3600
        return context


@method_decorator(never_cache, name="dispatch")
@_limit("sign-up-finish", "RATE_SIGNUP")
class SignUpFinishView(FormView[SignUpForm]):
    """Joining, second step, from the e-mailed link: only that inbox's reader gets here."""

    template_name = "accounts/sign_up/finish.html"
    form_class = SignUpForm
    email = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect("profile")
        email = sign_up.email_from_token(kwargs["token"])
        if email is None:
            context = {"hours": settings.SIGN_UP_LINK_MAX_AGE // 3600}
            return render(request, "accounts/sign_up/link_invalid.html", context, status=400)
        if User.objects.filter(email__iexact=email).exists():
            return render(request, "accounts/sign_up/already_joined.html")
        self.email = email
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "email": self.email}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(email=self.email, **kwargs)

    def form_valid(self, form: SignUpForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = services.account_create(
                email=self.email,
                display_name=data["display_name"],
                password=data["password1"],
                time_zone=data["time_zone"],
            )
        except IntegrityError:
            # The same link used twice at once, or the name taken since it was checked.
            if User.objects.filter(email__iexact=self.email).exists():
                return render(self.request, "accounts/sign_up/already_joined.html")
            form.add_error(
                "display_name",
                _("Someone already uses that display name. Please choose another."),
            )
            return self.form_invalid(form)
        login(self.request, user, backend=MODEL_BACKEND)
        messages.success(self.request, _("Welcome! Your account is ready."))
        # Where they were going when they chose to join, such as an invitation.
        return redirect(next_or(self.request, reverse("profile")))


# --- Sign-in and sign-out -----------------------------------------------------


@_limit("sign-in", "RATE_SIGNIN")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in/index.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # LoginView names the site after the request's host; keep the configured name.
        context["site_name"] = settings.OTP_TOTP_ISSUER
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        login(self.request, user)
        next_url = self.get_success_url()
        if user_has_confirmed_device(user):
            # Signed in, but not verified: every page waits for the second step.
            return HttpResponseRedirect(_with_next("two-factor-verify", next_url))
        if must_set_up_two_factor(user):
            return HttpResponseRedirect(_with_next("two-factor-setup", next_url))
        return HttpResponseRedirect(next_url)


def signin_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer after too many failed sign-ins for one account from one address."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else 15
    return render(request, "accounts/sign_in/locked_out.html", {"minutes": minutes}, status=429)


class SignOutView(View):
    """POST signs out. GET only asks, so a link or prefetch can never sign anyone out."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("home")
        return render(request, "accounts/sign_in/sign_out.html")

    def post(self, request: HttpRequest) -> HttpResponse:
        user_id = request.user.pk
        logout(request)
        if user_id is not None:
            # Only now is the session gone, so this browser's sockets find it so and close.
            sessions_changed_on_commit(user_id)
        messages.success(request, _("You are signed out. Take care."))
        return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Two-factor ---------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
@_limit("two-factor-verify", "RATE_TWO_FACTOR", key="user_or_ip")
class TwoFactorVerifyView(LoginRequiredMixin, View):
    template_name = "accounts/two_factor_verify/index.html"

    def _render(
        self, request: HttpRequest, code_form: TwoFactorCodeForm, backup_form: BackupCodeForm
    ) -> HttpResponse:
        context = {
            "code_form": code_form,
            "backup_form": backup_form,
            "next": next_or(request, ""),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in_user(request)
        if not user_has_confirmed_device(user) or session_is_fully_signed_in(request):
            return redirect(next_or(request, reverse("home")))
        return self._render(request, TwoFactorCodeForm(), BackupCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in_user(request)
        if not user_has_confirmed_device(user) or session_is_fully_signed_in(request):
            return redirect(next_or(request, reverse("home")))
        code_form = TwoFactorCodeForm(request.POST if "code" in request.POST else None)
        backup_form = BackupCodeForm(request.POST if "backup_code" in request.POST else None)
        if code_form.is_bound and code_form.is_valid():
            result = two_factor.totp_code_verify(user=user, token=code_form.cleaned_data["code"])
            failed_form: TwoFactorCodeForm | BackupCodeForm = code_form
            field, wrong = (
                "code",
                _(
                    "That code didn't work. Try the newest code, and check that the time on "
                    "your phone is right."
                ),
            )
        elif backup_form.is_bound and backup_form.is_valid():
            result = two_factor.backup_code_use(
                user=user, code=backup_form.cleaned_data["backup_code"]
            )
            failed_form = backup_form
            field, wrong = (
                "backup_code",
                _("That backup code didn't work. Each backup code works only once."),
            )
        else:
            return self._render(request, code_form, backup_form)
        if result.device is not None:
            otp_login(request, result.device)
            return redirect(next_or(request, reverse("home")))
        failed_form.add_error(
            field, _codes_paused_message(result.retry_after) if result.throttled else wrong
        )
        return self._render(request, code_form, backup_form)


def _codes_paused_message(seconds: int) -> str:
    """After a wrong code django-otp checks no code (not even the right one) for a while,
    doubling with each wrong code in a row. Say so, and for how long: "that code didn't
    work" would send people to check a code that may well be right."""
    if seconds < 60:
        return ngettext(
            "Codes are paused for a moment after a wrong one. Please wait %(count)d second, "
            "then try the newest code.",
            "Codes are paused for a moment after a wrong one. Please wait %(count)d seconds, "
            "then try the newest code.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Several codes in a row were wrong, so codes are paused. Please wait %(count)d "
        "minute, then try the newest code.",
        "Several codes in a row were wrong, so codes are paused. Please wait %(count)d "
        "minutes, then try the newest code.",
        minutes,
    ) % {"count": minutes}


@method_decorator(never_cache, name="dispatch")
@_limit("two-factor-setup", "RATE_TWO_FACTOR", key="user_or_ip")
class TwoFactorSetupView(LoginRequiredMixin, View):
    """Turn on two-factor sign-in; required for facilitators and admins."""

    def _render_pending(
        self, request: HttpRequest, user: User, form: TwoFactorCodeForm
    ) -> HttpResponse:
        device = two_factor.totp_device_pending_get_or_create(user=user)
        context = {
            "form": form,
            "secret": two_factor.totp_secret(device),
            "qr_svg": two_factor.totp_qr_svg(device, user),
            "required": requires_two_factor(user),
            "next": next_or(request, ""),
        }
        return render(request, "accounts/two_factor_setup/index.html", context)

    def _render_codes(self, request: HttpRequest, codes: list[str]) -> HttpResponse:
        context = {"backup_codes": codes, "next": next_or(request, reverse("home"))}
        return render(request, "accounts/two_factor_setup/backup_codes.html", context)

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in_user(request)
        if not session_is_fully_signed_in(request):
            return redirect(_with_next("two-factor-verify", request.get_full_path()))
        if two_factor.has_authenticator(user):
            context = {"can_disable": policies.can_disable_two_factor(user)}
            return render(request, "accounts/two_factor_setup/enabled.html", context)
        return self._render_pending(request, user, TwoFactorCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in_user(request)
        if not session_is_fully_signed_in(request):
            return redirect(_with_next("two-factor-verify", reverse("two-factor-setup")))
        if two_factor.has_authenticator(user):
            if request.POST.get("action") == "new-backup-codes":
                return self._render_codes(request, two_factor.backup_codes_replace(user=user))
            return redirect("two-factor-setup")
        form = TwoFactorCodeForm(request.POST)
        if not form.is_valid():
            return self._render_pending(request, user, form)
        confirmation = two_factor.totp_device_confirm(user=user, token=form.cleaned_data["code"])
        enrolment = confirmation.enrolment
        if enrolment is None:
            if confirmation.retry_after:
                error = _codes_paused_message(confirmation.retry_after)
            else:
                error = _(
                    "That code didn't work. Check that you scanned this page's QR code "
                    "and try the newest code."
                )
            form.add_error("code", error)
            return self._render_pending(request, user, form)
        otp_login(request, enrolment.device)
        return self._render_codes(request, enrolment.backup_codes)


@method_decorator(never_cache, name="dispatch")
@_limit("two-factor-disable", "RATE_TWO_FACTOR", key="user_or_ip")
class TwoFactorDisableView(LoginRequiredMixin, View):
    template_name = "accounts/two_factor_disable/index.html"

    def _render(self, request: HttpRequest, user: User, form: TwoFactorDisableForm) -> HttpResponse:
        context = {"form": form, "can_disable": policies.can_disable_two_factor(user)}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in_user(request)
        if not user_has_confirmed_device(user):
            return redirect("two-factor-setup")
        return self._render(request, user, TwoFactorDisableForm(user=user))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _signed_in_user(request)
        if not user_has_confirmed_device(user):
            # Already off (a second tab, the back button): nothing to turn off.
            messages.info(request, _("Two-factor sign-in is already off."))
            return redirect("two-factor-setup")
        policies.check_disable_two_factor(user)
        form = TwoFactorDisableForm(request.POST, user=user)
        if not form.is_valid():
            return self._render(request, user, form)
        result = two_factor.any_code_verify(user=user, code=form.cleaned_data["code"])
        if result.device is None:
            form.add_error(
                "code",
                _codes_paused_message(result.retry_after)
                if result.throttled
                else _("That code didn't work."),
            )
            return self._render(request, user, form)
        two_factor.two_factor_disable(user=user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("account-settings")


# --- Password reset -----------------------------------------------------------


@_limit("password-reset", "RATE_PASSWORD_RESET")
class PasswordResetView(auth_views.PasswordResetView):
    """Answers the same whether or not the address has an account, and sends one e-mail
    either way (a link, or a note that there is no account), so neither the answer nor its
    timing tells."""

    template_name = "accounts/password_reset/index.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/password_reset/email.txt"
    subject_template_name = "accounts/password_reset/subject.txt"
    success_url = reverse_lazy("password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        if inbox_flooded(self.request, "password-reset-email", form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        # The e-mail names the site, and links to it, as people know it (PEERHAVEN_SITE_URL,
        # as every other e-mail does), never by the Host header of whoever asked: a proxy's
        # internal name would break the link, and a forged one could send it elsewhere.
        site = urlsplit(settings.PEERHAVEN_SITE_URL)
        form.save(
            domain_override=site.netloc + site.path.rstrip("/"),
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context={"site_name": settings.OTP_TOTP_ISSUER},
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done/index.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm/index.html"
    form_class = ResetSetPasswordForm
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        services.account_password_reset(user=form.user, password=form.cleaned_data["new_password1"])
        # Like Django's own view: forget the reset token kept in the session.
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete/index.html"
