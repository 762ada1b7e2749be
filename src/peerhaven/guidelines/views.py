"""Guideline pages: reading any set one may see, and the editor for sets one may edit.

The community guidelines live at /guidelines/; every set (a group's rules too) also has
its pages under /guidelines/sets/<rule_set_id>/. Permission checks happen in policies and
services; a DomainError they raise is rendered by the error middleware.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_htmx.http import HttpResponseClientRedirect

from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.guidelines import policies, selectors, services
from peerhaven.guidelines.exceptions import (
    GuidelineNotFound,
    VersionNotFound,
    VersionPublished,
)
from peerhaven.guidelines.forms import GuidelineForm, PublishForm
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _set_context(request: HttpRequest, rule_set: RuleSet) -> dict[str, Any]:
    """What every page of a set shows in its heading and links."""
    is_instance = rule_set.scope == RuleSet.Scope.INSTANCE
    group = None if is_instance else getattr(rule_set, "group", None)
    if is_instance:
        home_url = reverse("guidelines")
        history_url = reverse("guidelines-versions")
    else:
        home_url = reverse("rule-set", kwargs={"rule_set_id": rule_set.pk})
        history_url = reverse("rule-set-versions", kwargs={"rule_set_id": rule_set.pk})
    return {
        "rule_set": rule_set,
        "is_instance": is_instance,
        "group": group,
        "home_url": home_url,
        "history_url": history_url,
        "can_edit": policies.can_edit_rule_set(request.user, rule_set),
        # Rules of a group nobody outside can see stay out of search engines.
        "noindex": group is not None and group.listing != group.Listing.LISTED,
    }


def _version_url(version: RuleSetVersion) -> str:
    if version.rule_set.scope == RuleSet.Scope.INSTANCE:
        return reverse("guidelines-version", kwargs={"number": version.number})
    return reverse(
        "rule-set-version", kwargs={"rule_set_id": version.rule_set_id, "number": version.number}
    )


def _with_robots(response: HttpResponse, context: dict[str, Any]) -> HttpResponse:
    if context.get("noindex"):
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Reading ---------------------------------------------------------------------------


class RuleSetCurrentView(View):
    """The current version of a set, every guideline with its examples."""

    def get(self, request: HttpRequest, rule_set_id: int | None = None) -> HttpResponse:
        rule_set = policies.rule_set_get_readable(request.user, rule_set_id)
        if rule_set_id is not None and rule_set.scope == RuleSet.Scope.INSTANCE:
            return redirect("guidelines")
        version = selectors.current_version(rule_set)
        context = {
            **_set_context(request, rule_set),
            "version": version,
            "guidelines": selectors.guidelines_of(version) if version else [],
            "draft": selectors.draft_of(rule_set),
        }
        response = render(request, "guidelines/current/index.html", context)
        return _with_robots(response, context)


class RuleSetVersionListView(View):
    def get(self, request: HttpRequest, rule_set_id: int | None = None) -> HttpResponse:
        rule_set = policies.rule_set_get_readable(request.user, rule_set_id)
        versions = [
            (v, _version_url(v))
            for v in selectors.published_versions(rule_set).select_related("rule_set")
        ]
        context = {**_set_context(request, rule_set), "versions": versions}
        response = render(request, "guidelines/versions/index.html", context)
        return _with_robots(response, context)


class RuleSetVersionDetailView(View):
    """One published version, and what changed from the version before it."""

    def get(
        self, request: HttpRequest, number: int, rule_set_id: int | None = None
    ) -> HttpResponse:
        rule_set = policies.rule_set_get_readable(request.user, rule_set_id)
        version = selectors.published_version_get(rule_set, number)
        if version is None:
            raise VersionNotFound(_("There is no published version %(n)d.") % {"n": number})
        previous = selectors.published_versions(rule_set).filter(number__lt=version.number).first()
        current = selectors.current_version(rule_set)
        context = {
            **_set_context(request, rule_set),
            "version": version,
            "guidelines": selectors.guidelines_of(version),
            "previous": previous,
            "changes": services.version_diff(old=previous, new=version) if previous else [],
            "is_current": current is not None and current.pk == version.pk,
        }
        response = render(request, "guidelines/version/index.html", context)
        return _with_robots(response, context)


# --- Editing ---------------------------------------------------------------------------


def _editor_context(
    request: HttpRequest,
    rule_set: RuleSet,
    draft: RuleSetVersion | None,
    *,
    bound: GuidelineForm | None = None,
    add_form: GuidelineForm | None = None,
) -> dict[str, Any]:
    context = _set_context(request, rule_set)
    context["draft"] = draft
    context["current"] = selectors.current_version(rule_set)
    if draft is None:
        return context
    locked = selectors.published_keys(rule_set)
    forms = []
    for guideline in selectors.guidelines_of(draft):
        if bound is not None and bound.guideline is not None and bound.guideline.pk == guideline.pk:
            forms.append(bound)
        else:
            is_locked = guideline.key in locked
            forms.append(GuidelineForm(version=draft, guideline=guideline, key_locked=is_locked))
    context["forms"] = forms
    context["add_form"] = add_form or GuidelineForm(version=draft, prefix="new")
    return context


@method_decorator(never_cache, name="dispatch")
class DraftEditView(LoginRequiredMixin, View):
    """The editor: GET shows the draft (or offers to start one), POST starts one."""

    def get(self, request: HttpRequest, rule_set_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        context = _editor_context(request, rule_set, selectors.draft_of(rule_set))
        return _no_index(render(request, "guidelines/draft/index.html", context))

    def post(self, request: HttpRequest, rule_set_id: int) -> HttpResponseBase:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        services.draft_create(rule_set=rule_set, author=signed_in_user(request))
        return redirect("rule-set-draft", rule_set_id=rule_set.pk)


def _no_index(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _draft_guideline(rule_set: RuleSet, guideline_id: int) -> Guideline:
    """A guideline of this set's draft. Services check again under a lock."""
    guideline = (
        Guideline.objects.select_related("version__rule_set")
        .filter(pk=guideline_id, version__rule_set=rule_set)
        .first()
    )
    if guideline is None:
        raise GuidelineNotFound(_("This guideline does not exist."))
    if guideline.version.is_published:
        raise VersionPublished(
            _("Version %(number)d is published and can no longer change. Start a new draft.")
            % {"number": guideline.version.number}
        )
    return guideline


def _back_to_editor(request: HttpRequest, rule_set: RuleSet, anchor: str = "") -> HttpResponse:
    url = reverse("rule-set-draft", kwargs={"rule_set_id": rule_set.pk}) + anchor
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


@method_decorator(never_cache, name="dispatch")
class DraftGuidelineAddView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, rule_set_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        draft = selectors.draft_get(rule_set)
        form = GuidelineForm(request.POST, version=draft, prefix="new")
        if not form.is_valid():
            context = _editor_context(request, rule_set, draft, add_form=form)
            return _no_index(render(request, "guidelines/draft/index.html", context))
        guideline = services.draft_guideline_add(
            version=draft, author=signed_in_user(request), **form.cleaned_data
        )
        messages.success(request, _("The guideline is added to the draft."))
        return _back_to_editor(request, rule_set, f"#guideline-{guideline.pk}")


@method_decorator(never_cache, name="dispatch")
class DraftGuidelineUpdateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, rule_set_id: int, guideline_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        guideline = _draft_guideline(rule_set, guideline_id)
        locked = guideline.key in selectors.published_keys(rule_set)
        form = GuidelineForm(
            request.POST, version=guideline.version, guideline=guideline, key_locked=locked
        )
        saved = False
        if form.is_valid():
            guideline = services.draft_guideline_update(
                guideline=guideline, author=signed_in_user(request), **form.cleaned_data
            )
            saved = True
            form = GuidelineForm(version=guideline.version, guideline=guideline, key_locked=locked)
        if _is_htmx(request):
            context = {**_set_context(request, rule_set), "form": form, "saved": saved}
            return render(request, "guidelines/draft/guideline.html", context)
        if saved:
            messages.success(request, _("The guideline is saved."))
            return _back_to_editor(request, rule_set, f"#guideline-{guideline.pk}")
        context = _editor_context(request, rule_set, guideline.version, bound=form)
        return _no_index(render(request, "guidelines/draft/index.html", context))


@method_decorator(never_cache, name="dispatch")
class DraftGuidelineRemoveView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, rule_set_id: int, guideline_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        guideline = _draft_guideline(rule_set, guideline_id)
        services.draft_guideline_remove(guideline=guideline, author=signed_in_user(request))
        messages.success(request, _("The guideline is removed from the draft."))
        return _back_to_editor(request, rule_set)


@method_decorator(never_cache, name="dispatch")
class DraftGuidelineMoveView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, rule_set_id: int, guideline_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        guideline = _draft_guideline(rule_set, guideline_id)
        step = -1 if request.POST.get("direction") == "up" else 1
        services.draft_guideline_move(
            guideline=guideline, author=signed_in_user(request), step=step
        )
        return _back_to_editor(request, rule_set, f"#guideline-{guideline.pk}")


@method_decorator(never_cache, name="dispatch")
class DraftDiscardView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, rule_set_id: int) -> HttpResponseBase:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        services.draft_discard(
            version=selectors.draft_get(rule_set), author=signed_in_user(request)
        )
        messages.success(request, _("The draft is discarded. The published version is unchanged."))
        return redirect(_set_context(request, rule_set)["home_url"])


@method_decorator(never_cache, name="dispatch")
class DraftPreviewView(LoginRequiredMixin, View):
    """The draft as members would read it, and what changed from the current version."""

    def get(self, request: HttpRequest, rule_set_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        draft = selectors.draft_get(rule_set)
        current = selectors.current_version(rule_set)
        context = {
            **_set_context(request, rule_set),
            "draft": draft,
            "current": current,
            "guidelines": selectors.guidelines_of(draft),
            "changes": services.version_diff(old=current, new=draft),
        }
        return _no_index(render(request, "guidelines/preview/index.html", context))


@method_decorator(never_cache, name="dispatch")
class DraftPublishView(LoginRequiredMixin, View):
    """Publish in two steps: choose the kind of change and write a note, then confirm."""

    def get(self, request: HttpRequest, rule_set_id: int) -> HttpResponse:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        draft = selectors.draft_get(rule_set)
        return self._form_page(request, rule_set, draft, PublishForm())

    def post(self, request: HttpRequest, rule_set_id: int) -> HttpResponseBase:
        rule_set = policies.rule_set_get_editable(request.user, rule_set_id)
        draft = selectors.draft_get(rule_set)
        form = PublishForm(request.POST)
        if not form.is_valid():
            return self._form_page(request, rule_set, draft, form)
        if request.POST.get("confirm") != "yes":
            current = selectors.current_version(rule_set)
            changes = services.version_diff(old=current, new=draft)
            context = {
                **_set_context(request, rule_set),
                "draft": draft,
                "form": form,
                "is_material": form.cleaned_data["change"] == RuleSetVersion.Change.MATERIAL,
                "is_first": current is None,
                "summary": services.diff_summary(changes),
                "guideline_count": draft.guidelines.count(),
            }
            return _no_index(render(request, "guidelines/publish/confirm.html", context))
        version = services.version_publish(
            version=draft,
            author=signed_in_user(request),
            change=form.cleaned_data["change"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Version %(n)d is published. Members are being told by e-mail.")
            % {"n": version.number},
        )
        return redirect(_version_url(version))

    def _form_page(
        self, request: HttpRequest, rule_set: RuleSet, draft: RuleSetVersion, form: PublishForm
    ) -> HttpResponse:
        context = {
            **_set_context(request, rule_set),
            "draft": draft,
            "form": form,
            "is_first": selectors.current_version(rule_set) is None,
        }
        return _no_index(render(request, "guidelines/publish/index.html", context))
