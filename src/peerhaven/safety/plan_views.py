"""A member's own safety plan: read it, write it, print it, erase it.

Every page is the signed-in person's own plan; there are no ids in these URLs, so nobody
(another member, a facilitator, an admin) can ask for anyone else's. The plan is among the
most sensitive things a person writes down, so no page may be cached or indexed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views import View

from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.forms import add_domain_error
from peerhaven.safety import plan_selectors, plan_services
from peerhaven.safety.models import SafetyPlan
from peerhaven.safety.plan_exceptions import SafetyPlanInvalid
from peerhaven.safety.plan_forms import SafetyPlanForm
from peerhaven.safety.plan_sections import plan_sections


class PrivatePlanPage(LoginRequiredMixin, View):
    """Sign-in required (two-factor is enforced by the middleware); never cached or indexed."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def plan(self, request: HttpRequest) -> SafetyPlan | None:
        return plan_selectors.safety_plan_get(user=signed_in_user(request))

    def plan_context(self, request: HttpRequest) -> dict[str, Any]:
        plan = self.plan(request)
        return {
            "plan": plan,
            "is_empty": plan is None or plan.is_empty,
            "sections": plan_sections(plan),
        }


class SafetyPlanDetailView(PrivatePlanPage):
    http_method_names = ["get", "head"]
    template_name = "safety/plan_detail/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.plan_context(request))


class SafetyPlanEditView(PrivatePlanPage):
    template_name = "safety/plan_edit/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SafetyPlanForm(initial=SafetyPlanForm.initial_for(self.plan(request)))
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = SafetyPlanForm(request.POST)
        if form.is_valid():
            try:
                plan_services.safety_plan_save(user=signed_in_user(request), data=form.cleaned_data)
            except SafetyPlanInvalid as exc:
                # Caught here, not by the error middleware: an error page would lose
                # everything the person just wrote. The form already checks the same rules.
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Your safety plan is saved."))
                return redirect("safety-plan")
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: SafetyPlanForm) -> HttpResponse:
        return render(request, self.template_name, {"form": form})


class SafetyPlanPrintView(PrivatePlanPage):
    """A clean page to print; sections left empty print as space to write by hand."""

    http_method_names = ["get", "head"]
    template_name = "safety/plan_print/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self.plan_context(request)
        context["crisis_help_url"] = request.build_absolute_uri(reverse("crisis-help"))
        return render(request, self.template_name, context)


class SafetyPlanClearView(PrivatePlanPage):
    """GET asks to confirm; POST erases the plan for good."""

    template_name = "safety/plan_clear/index.html"

    def get(self, request: HttpRequest) -> HttpResponseBase:
        if self.plan(request) is None:
            return redirect("safety-plan")
        return render(request, self.template_name)

    def post(self, request: HttpRequest) -> HttpResponseBase:
        had_plan = self.plan(request) is not None
        plan_services.safety_plan_clear(user=signed_in_user(request))
        if had_plan:
            messages.success(request, _("Your safety plan is erased."))
        return redirect("safety-plan")
