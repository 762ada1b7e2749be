"""The duty pages: "When I'm on duty" (one's own windows, adding and removing them) and,
for admins, the fallback rota, this week's gaps in it and who is on duty in each group.

Sign-in is required and two-factor is enforced by the middleware, as on every page.
People without a responder role get a friendly page instead of the list; adding is for
facilitators and admins (duty_policies). Nothing here is cached or indexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peerhaven.accounts.models import Role, User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.groups.models import Group
from peerhaven.groups.views import NoIndexMixin
from peerhaven.safety import duty, duty_policies, duty_services
from peerhaven.safety.duty_forms import DutyWindowForm
from peerhaven.safety.models import DutyWindow

NOT_RESPONDER_TEMPLATE = "safety/duty_list/not_responder.html"


@dataclass(frozen=True)
class WindowRow:
    window: DutyWindow
    counts: bool  # alerts go through it (still a facilitator / admin)
    now: bool  # counts and covers this moment

    @property
    def overnight(self) -> bool:
        return self.window.ends <= self.window.starts and not self.whole_day

    @property
    def whole_day(self) -> bool:
        return self.window.starts == self.window.ends == duty_services.WHOLE_DAY


@dataclass
class Section:
    title: str
    group: Group | None
    counts: bool
    rows: list[WindowRow] = field(default_factory=list)


def _viewer_time_zone(user: User) -> str:
    profile = getattr(user, "profile", None)
    return str(profile.time_zone) if profile is not None else "UTC"


def _sections(user: User, rows: list[WindowRow], facilitated: list[Group]) -> list[Section]:
    """One section per group facilitated (with or without hours), then groups with hours
    left over from before, then the fallback rota for admins or anyone with such hours."""
    sections: dict[Any, Section] = {
        group.pk: Section(title=group.name, group=group, counts=True) for group in facilitated
    }
    fallback = Section(
        title=_("Fallback for the whole site"),
        group=None,
        counts=duty_policies.can_add_fallback_window(user),
    )
    for row in rows:
        window = row.window
        if window.kind == DutyWindow.Kind.FALLBACK:
            fallback.rows.append(row)
            continue
        group = window.group
        assert group is not None  # noqa: S101 - the check constraint says so
        section = sections.setdefault(
            group.pk, Section(title=group.name, group=group, counts=False)
        )
        section.rows.append(row)
    result = list(sections.values())
    if fallback.counts or fallback.rows:
        result.append(fallback)
    return result


def duty_page_context(
    user: User, *, now: datetime | None = None, form: DutyWindowForm | None = None
) -> dict[str, Any]:
    now = now or timezone.now()
    windows = duty.windows_for_user(user=user)
    counting = duty.windows_that_count(user=user, windows=windows)
    rows = [
        WindowRow(
            window=w, counts=w.pk in counting, now=w.pk in counting and duty.window_covers(w, now)
        )
        for w in windows
    ]
    facilitated = list(duty.groups_facilitated_by(user=user))
    can_add = duty_policies.can_add_duty_windows(user)
    is_admin = duty_policies.can_add_fallback_window(user)
    viewer_tz = _viewer_time_zone(user)
    context: dict[str, Any] = {
        "now": now,
        "on_duty": any(row.now for row in rows),
        "sections": _sections(user, rows, facilitated),
        "has_windows": bool(rows),
        "can_add": can_add,
        "form": (form or DutyWindowForm(actor=user)) if can_add else None,
        "is_admin": is_admin,
        "viewer_tz": viewer_tz,
    }
    if is_admin:
        rota = duty.fallback_rota()
        context["rota"] = [
            WindowRow(
                window=w,
                counts=w.user.is_active and w.user.role == Role.ADMIN,
                now=w.user.is_active and w.user.role == Role.ADMIN and duty.window_covers(w, now),
            )
            for w in rota
        ]
        gaps = duty.fallback_gaps(at=now, time_zone=viewer_tz)
        week_start, week_end = duty.week_bounds(at=now, time_zone=viewer_tz)
        context.update(
            {
                "gaps": gaps,
                "gap_hours": _hours(sum(gap.hours for gap in gaps)),
                "week_start": week_start,
                "week_end": week_end,
                "group_overview": duty.group_duty_overview(at=now),
            }
        )
    return context


def _hours(value: float) -> float | int:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


@method_decorator(never_cache, name="dispatch")
class DutyPageView(LoginRequiredMixin, NoIndexMixin):
    pass


class DutyListView(DutyPageView):
    template_name = "safety/duty_list/index.html"
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        if not duty_policies.is_responder(user):
            return render(request, NOT_RESPONDER_TEMPLATE)
        return render(request, self.template_name, duty_page_context(user))


class DutyAddView(DutyPageView):
    """GET shows the form on its own; POST adds, or shows the form again with what to fix."""

    template_name = "safety/duty_add/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        duty_policies.check_add_duty_windows(user)
        return render(request, self.template_name, {"form": DutyWindowForm(actor=user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        duty_policies.check_add_duty_windows(user)
        form = DutyWindowForm(request.POST, actor=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                window = duty_services.duty_window_add(
                    actor=user,
                    user=data["user"],
                    kind=data["kind"],
                    group=data["group"],
                    weekday=data["weekday"],
                    starts=data["starts"],
                    ends=data["ends"],
                    time_zone=data["time_zone"],
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _added_message(window))
                return redirect("safety-duty")
        return render(request, self.template_name, {"form": form}, status=400)


def _added_message(window: DutyWindow) -> str:
    values = {
        "day": window.get_weekday_display(),
        "starts": window.starts.strftime("%H:%M"),
        "ends": window.ends.strftime("%H:%M"),
        "zone": window.time_zone,
    }
    if window.kind == DutyWindow.Kind.FALLBACK:
        values["name"] = window.user.display_name
        return (
            _("%(name)s is now a fallback responder on %(day)s, %(starts)s–%(ends)s (%(zone)s).")
            % values
        )
    assert window.group is not None  # noqa: S101 - the check constraint says so
    values["group"] = window.group.name
    return _("You are on duty for %(group)s on %(day)s, %(starts)s–%(ends)s (%(zone)s).") % values


class DutyRemoveView(DutyPageView):
    """Asks first; removing takes the hours out of the rota at once."""

    template_name = "safety/duty_remove/index.html"

    def get(self, request: HttpRequest, window_id: int) -> HttpResponse:
        user = signed_in_user(request)
        window = duty.duty_window_get_removable(user=user, window_id=window_id)
        return render(
            request,
            self.template_name,
            {"window": window, "row": WindowRow(window=window, counts=True, now=False)},
        )

    def post(self, request: HttpRequest, window_id: int) -> HttpResponse:
        user = signed_in_user(request)
        window = duty.duty_window_get_removable(user=user, window_id=window_id)
        duty_services.duty_window_remove(actor=user, window=window)
        messages.success(request, _("Those duty hours are removed."))
        return redirect("safety-duty")
