"""Web pages of the safety net: the responder's alert inbox and alert page, the
"I need help now" button, and the dashboard. Every rule comes from safety/policies.py.
Nothing here is cached or indexed: alerts are about people at their most vulnerable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.exceptions import DomainError
from peerhaven.groups.models import Group
from peerhaven.groups.views import NoIndexMixin
from peerhaven.safety import policies, selectors, services
from peerhaven.safety.models import Alert
from peerhaven.safety.reasons import reason_label

INBOX_PAGE_SIZE = 25
STATUS_FILTERS = {"open", "acknowledged", "closed", "all"}


@method_decorator(never_cache, name="dispatch")
class SafetyPageView(LoginRequiredMixin, NoIndexMixin):
    pass


class AlertListView(SafetyPageView):
    """The responder's inbox: alerts sent to them and, for facilitators and admins, the
    alerts of their groups or the site. Open ones first by default."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        status = request.GET.get("status", "open")
        if status not in STATUS_FILTERS:
            status = "open"
        alerts = selectors.alert_list_visible(user=user, status=None if status == "all" else status)
        page = Paginator(alerts, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "safety/alert_list/index.html",
            {
                "page": page,
                "status": status,
                "filters": [
                    ("open", _("Waiting")),
                    ("acknowledged", _("Being handled")),
                    ("closed", _("Closed")),
                    ("all", _("All")),
                ],
                "is_responder": policies.is_responder(user),
            },
        )


def _alert_context(request: HttpRequest, alert: Alert) -> dict[str, Any]:
    user = signed_in_user(request)
    see_message = policies.can_see_alert_message(user, alert)
    return {
        "alert": alert,
        "title": services.alert_title(alert),
        "reasons": [reason_label(r) for r in alert.reasons],
        "events": selectors.alert_events(alert=alert),
        "see_message": see_message,
        "message": alert.message if see_message else None,
        "message_url": (
            reverse("message-in-context", args=[alert.message_id])
            if see_message and alert.message_id
            else ""
        ),
        "outcomes": Alert.Outcome.choices,
        "can_respond": policies.can_respond_alert(user, alert),
        "escalate_minutes": services.escalate_after().total_seconds() / 60,
    }


class AlertDetailView(SafetyPageView):
    def get(self, request: HttpRequest, alert_id: int) -> HttpResponse:
        alert = selectors.alert_get_visible(user=signed_in_user(request), alert_id=alert_id)
        return render(request, "safety/alert_detail/index.html", _alert_context(request, alert))


class AlertAcknowledgeView(SafetyPageView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, alert_id: int) -> HttpResponse:
        user = signed_in_user(request)
        alert = selectors.alert_get_visible(user=user, alert_id=alert_id)
        try:
            services.alert_acknowledge(user=user, alert=alert)
        except DomainError as exc:
            if exc.status != 409:
                raise
            messages.warning(request, exc.message)
        else:
            messages.success(request, _("Thank you. The others know you are on it."))
        return redirect("safety-alert", alert_id=alert.pk)


class AlertCloseView(SafetyPageView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, alert_id: int) -> HttpResponse:
        user = signed_in_user(request)
        alert = selectors.alert_get_visible(user=user, alert_id=alert_id)
        try:
            services.alert_close(
                user=user,
                alert=alert,
                outcome=request.POST.get("outcome"),
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            if exc.status not in (400, 409):
                raise
            context = _alert_context(request, alert)
            context.update(
                close_error=exc.message,
                note=request.POST.get("note", ""),
                chosen_outcome=request.POST.get("outcome", ""),
            )
            return render(request, "safety/alert_detail/index.html", context, status=exc.status)
        messages.success(request, _("The alert is closed. Thank you for looking after them."))
        return redirect("safety-alert", alert_id=alert.pk)


@method_decorator(never_cache, name="dispatch")
class HelpNowView(NoIndexMixin):
    """ "I need help now". The page works signed out (it shows where to get help at once);
    pressing the button, signed in, tells the people on duty, who can then check in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        request_alert = None
        if request.user.is_authenticated:
            request_alert = selectors.help_request_open_of(member=request.user)
        return render(
            request,
            "safety/help_now/index.html",
            {"help_request": request_alert, "group_slug": request.GET.get("group", "")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('sign-in')}?next={reverse('safety-help-now')}")
        user = signed_in_user(request)
        slug = request.POST.get("group", "")
        group = Group.objects.filter(slug=slug).first() if slug else None
        _alert, created = services.help_request_create(member=user, group=group)
        if created:
            messages.success(request, _("We have told the people on duty. Someone will check in."))
        else:
            messages.info(request, _("The people on duty already know. Someone will check in."))
        return redirect("safety-help-now")


class DashboardView(SafetyPageView):
    def get(self, request: HttpRequest) -> HttpResponse:
        dashboard = selectors.dashboard_for(user=signed_in_user(request))
        return render(
            request,
            "safety/dashboard/index.html",
            {
                "dashboard": dashboard,
                "outcome_rows": [
                    (label, dashboard.outcomes.get(value, 0))
                    for value, label in Alert.Outcome.choices
                ],
                "reason_rows": [
                    (reason_label(reason), counts) for reason, counts in dashboard.by_reason.items()
                ],
            },
        )
