"""Profile, account settings, data export, account deletion and API token pages.

Every page acts on the signed-in person only: there are no account ids in these URLs.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from peerhaven.accounts import selectors, services
from peerhaven.accounts.credential_views import password_guesses_spent, too_many_tries_message
from peerhaven.accounts.forms import AccountDeleteForm, DisplayNameForm, ProfileForm
from peerhaven.accounts.models import Profile, User
from peerhaven.accounts.passwords import PASSWORD_MAX_CHARS
from peerhaven.accounts.policies import can_disable_two_factor, user_has_confirmed_device
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.groups.selectors import group_list_facilitated_alone

# Guesses at the password to delete an account, per account. The page and the API count
# into the same group, so using both never buys more guesses.
RATE_ACCOUNT_DELETE = getattr(settings, "RATE_ACCOUNT_DELETE", "10/h")
RATE_ACCOUNT_DELETE_GROUP = "account-delete"


def export_response(user: User) -> HttpResponse:
    """The person's data as one JSON file download. Shared with the API."""
    data = selectors.account_export(user=user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"peerhaven-export-{timezone.now().date().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@method_decorator(never_cache, name="dispatch")
class ProfileEditView(LoginRequiredMixin, View):
    template_name = "accounts/profile/index.html"
    partial_name = "accounts/profile/partial.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = self._form(request, data=request.POST)
        if form.is_valid():
            try:
                services.profile_update(user=user, actor=user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if getattr(request, "htmx", False):
                    return self._render(request, self._form(request), saved=True)
                messages.success(request, _("Your profile is saved."))
                return redirect("profile")
        return self._render(request, form)

    def _form(self, request: HttpRequest, data: Any = None) -> ProfileForm:
        user = signed_in_user(request)
        # An account made on the command line may not have a profile yet; saving creates it.
        profile = selectors.profile_get_for_user(user=user, with_topics=False) or Profile(user=user)
        topics = selectors.topic_list_active_marked(profile=profile)
        return ProfileForm(data, initial=ProfileForm.initial_for(profile, topics), topics=topics)

    def _render(self, request: HttpRequest, form: ProfileForm, saved: bool = False) -> HttpResponse:
        template = self.partial_name if getattr(request, "htmx", False) else self.template_name
        return render(request, template, {"form": form, "saved": saved})


@method_decorator(never_cache, name="dispatch")
class AccountSettingsView(LoginRequiredMixin, View):
    template_name = "accounts/settings/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = DisplayNameForm(initial={"display_name": user.display_name})
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            try:
                services.account_update(
                    user=user, actor=user, display_name=form.cleaned_data["display_name"]
                )
            except ValidationError as exc:
                user.refresh_from_db(fields=["display_name"])
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your display name is changed."))
                return redirect("account-settings")
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: DisplayNameForm) -> HttpResponse:
        user = signed_in_user(request)
        context = {
            "form": form,
            "email": user.email,
            "sign_ins": selectors.sign_in_list_recent(user=user, session=request.session),
            "two_factor_on": user_has_confirmed_device(user),
            "can_disable_two_factor": can_disable_two_factor(user),
            "api_token": selectors.api_token_get_for_user(user=user),
        }
        return render(request, self.template_name, context)


@method_decorator(never_cache, name="dispatch")
class AccountExportView(LoginRequiredMixin, View):
    """GET shows what the export holds; POST (or GET ?download=1) sends the file."""

    template_name = "accounts/export/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("download"):
            return export_response(signed_in_user(request))
        return render(request, self.template_name)

    def post(self, request: HttpRequest) -> HttpResponse:
        return export_response(signed_in_user(request))


@method_decorator(never_cache, name="dispatch")
class AccountDeleteView(LoginRequiredMixin, View):
    template_name = "accounts/delete/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, AccountDeleteForm(user=signed_in_user(request)))

    @method_decorator(
        ratelimit(
            group=RATE_ACCOUNT_DELETE_GROUP,
            key="user",
            rate=RATE_ACCOUNT_DELETE,
            method="POST",
            block=True,
        )
    )
    def post(self, request: HttpRequest) -> HttpResponseBase:
        user = signed_in_user(request)
        form = AccountDeleteForm(request.POST, user=user)
        if not form.is_valid():
            return self._render(request, form)
        services.account_delete(user=user, password=form.cleaned_data["password"])
        logout(request)
        return HttpResponseRedirect(reverse("account-delete-done"))

    def _render(self, request: HttpRequest, form: AccountDeleteForm) -> HttpResponse:
        # Groups left without a facilitator are named first: deleting is never refused.
        alone = group_list_facilitated_alone(user=signed_in_user(request))
        context = {"form": form, "groups_facilitated_alone": list(alone)}
        return render(request, self.template_name, context)


class AccountDeleteDoneView(TemplateView):
    template_name = "accounts/delete/done.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Someone signed in (a bookmark, the back button) has an account: not for them.
        if request.user.is_authenticated:
            return redirect("home")
        return super().get(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ApiTokenView(LoginRequiredMixin, View):
    """Create (the key is shown once, on this response only) or revoke the API token."""

    template_name = "accounts/api_token/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def _render(self, request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
        token = selectors.api_token_get_for_user(user=signed_in_user(request))
        context = {"token": token, "new_key": None, "password_error": error}
        return render(request, self.template_name, context, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        action = request.POST.get("action")
        if action == "create":
            # A token outlives the session that makes it, so making one asks for the
            # password: someone with only a borrowed session cannot keep a way in.
            if password_guesses_spent(request):
                return self._render(request, too_many_tries_message(), status=429)
            password = request.POST.get("password", "")
            if len(password) > PASSWORD_MAX_CHARS or not user.check_password(password):
                return self._render(request, _("That password is not right, so no token was made."))
            token = services.api_token_create(user=user)
            context = {"token": token, "new_key": token.key}
            return render(request, self.template_name, context)
        if action == "revoke":
            if services.api_token_revoke(user=user):
                messages.success(request, _("Your API token is revoked. It no longer works."))
            return redirect("api-token")
        return redirect("api-token")
