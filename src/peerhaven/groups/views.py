"""A group's pages: detail, join, agreement, members, requests, invites, and "My groups".

Every page here carries `noindex` (meta tag and X-Robots-Tag), and every rule comes from
groups/policies.py: an unlisted group, or members-only content of any group, answers 404
to a non-member.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.core.exceptions import DomainError
from peerhaven.groups import policies, selectors, services
from peerhaven.groups.exceptions import VersionNotCurrent
from peerhaven.groups.forms import AgreementForm, GroupForm, InviteForm, JoinForm
from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest, Membership
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.guidelines.services import version_diff

ROBOTS_HEADER = "noindex, nofollow"


class NoIndexMixin(View):
    """Keeps every group page out of search engines (templates add the meta tag)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = ROBOTS_HEADER
        return response


def _group_or_login(request: HttpRequest, group_slug: str) -> Group | HttpResponse:
    """The visible group for a signed-in person; a sign-in redirect for a visitor.

    Visitors get 404 for groups they could not see, before any redirect, so the sign-in
    prompt never confirms that an unlisted group exists.
    """
    group = selectors.group_get_visible(user=request.user, slug=group_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return group


class GroupPageView(NoIndexMixin):
    """A page of one group for a signed-in person. Handlers receive the group, already
    checked: visible to this person (else 404, before any sign-in redirect), and passing
    the policy `checks` names for the request's method."""

    checks: ClassVar[dict[str, Callable[[Any, Group], None]]] = {}

    def dispatch(
        self, request: HttpRequest, *args: Any, group_slug: str, **kwargs: Any
    ) -> HttpResponseBase:
        group = _group_or_login(request, group_slug)
        if isinstance(group, HttpResponse):
            return group
        check = self.checks.get((request.method or "").lower())
        if check is not None:
            check(request.user, group)
        return super().dispatch(request, *args, group=group, **kwargs)


def _language_labels(codes: list[str]) -> list[str]:
    return [account_selectors.language_label(code) for code in codes]


def _agreement_changes(old: RuleSetVersion | None, new: RuleSetVersion | None) -> list[Any] | None:
    """What changed since the version the person agreed to; None when there is nothing to
    compare (never agreed, or nothing new), so the page shows the full text instead."""
    if old is None or new is None or old.pk == new.pk:
        return None
    return version_diff(old=old, new=new)


# --- Group pages ----------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class GroupDetailView(NoIndexMixin):
    template_name = "groups/detail/index.html"

    def get(self, request: HttpRequest, group_slug: str) -> HttpResponse:
        user = request.user
        group = selectors.group_get_visible(user=user, slug=group_slug)
        membership = policies.membership_of(user, group)
        terms = selectors.agreement_terms(group=group)
        instance_needed, group_needed = (
            policies.missing_agreement(user, group) if membership else (None, None)
        )
        context = {
            "group": group,
            "topics": list(group.topics.all()),
            "languages": _language_labels(group.languages),
            "facilitators": [
                m.user.display_name for m in selectors.group_facilitators(group=group)
            ],
            "terms": terms,
            "membership": membership,
            "must_agree": membership is not None and (instance_needed or group_needed),
            "can_manage": policies.can_manage_group(user, group),
            "pending_request": selectors.join_request_pending_of(user=user, group=group),
            "member_count": selectors.group_member_count(group=group),
            "shows_place": group.format != Group.Format.ONLINE and bool(group.place_name),
        }
        if context["can_manage"]:
            context["pending_count"] = selectors.join_request_list_pending(group=group).count()
        return render(request, self.template_name, context)


@method_decorator(never_cache, name="dispatch")
class GroupJoinView(GroupPageView):
    """Join an open group, or ask to join one that takes requests, agreeing to both sets."""

    template_name = "groups/join/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        if policies.membership_of(request.user, group) is not None:
            messages.info(request, _("You are already a member of this group."))
            return redirect("group-detail", group_slug=group.slug)
        return self._render(request, group, self._form(group))

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        form = self._form(group, data=request.POST)
        if not form.is_valid():
            return self._render(request, group, form, status=400)
        try:
            result = services.group_join_or_request(
                user=signed_in_user(request),
                group=group,
                answers=form.answers(),
                instance_version=form.cleaned_data["instance_version"],
                group_version=form.cleaned_data["group_version"],
                via=Agreement.Via.WEB,
            )
        except VersionNotCurrent as exc:
            # Say so, and show the versions in force now with a fresh box to tick.
            return self._render(request, group, self._form(group), error=exc, status=409)
        if isinstance(result, JoinRequest):
            messages.success(
                request, _("Your request is sent. A facilitator will look at it soon.")
            )
        else:
            messages.success(request, _("Welcome! You are now a member of this group."))
        return redirect("group-detail", group_slug=group.slug)

    def _form(self, group: Group, data: Any = None) -> JoinForm:
        terms = selectors.agreement_terms(group=group)
        questions = (
            list(group.join_questions) if group.join_policy == Group.JoinPolicy.REQUEST else []
        )
        return JoinForm(
            data,
            questions=questions,
            instance_number=terms.instance_number,
            group_number=terms.group_number,
        )

    def _render(
        self,
        request: HttpRequest,
        group: Group,
        form: JoinForm,
        error: DomainError | None = None,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "group": group,
            "form": form,
            "terms": selectors.agreement_terms(group=group),
            "error": error,
            "pending_request": selectors.join_request_pending_of(user=request.user, group=group),
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class GroupAgreeView(GroupPageView):
    """Agree again after a material change; shows what changed since the last agreement."""

    checks = {"get": policies.check_view_content, "post": policies.check_view_content}

    template_name = "groups/agree/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        return self._render(request, group)

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        terms = selectors.agreement_terms(group=group)
        form = AgreementForm(
            request.POST, instance_number=terms.instance_number, group_number=terms.group_number
        )
        if not form.is_valid():
            return self._render(request, group, form=form, status=400)
        try:
            services.agreement_accept(
                user=signed_in_user(request),
                group=group,
                instance_version=form.cleaned_data["instance_version"],
                group_version=form.cleaned_data["group_version"],
                via=Agreement.Via.WEB,
            )
        except VersionNotCurrent as exc:
            return self._render(request, group, error=exc, status=409)
        messages.success(request, _("Thank you. You can take part again."))
        return redirect("group-detail", group_slug=group.slug)

    def _render(
        self,
        request: HttpRequest,
        group: Group,
        form: AgreementForm | None = None,
        error: DomainError | None = None,
        status: int = 200,
    ) -> HttpResponse:
        user = signed_in_user(request)
        terms = selectors.agreement_terms(group=group)
        if form is None:
            form = AgreementForm(
                instance_number=terms.instance_number, group_number=terms.group_number
            )
        instance_needed, group_needed = policies.missing_agreement(user, group)
        last_instance = (
            Agreement.objects.filter(user=user)
            .select_related("instance_version")
            .order_by("-instance_version__number")
            .first()
        )
        last_group = (
            Agreement.objects.filter(user=user, group=group, group_version__isnull=False)
            .select_related("group_version")
            .order_by("-group_version__number")
            .first()
        )
        agreed_instance = last_instance.instance_version if last_instance else None
        agreed_group = last_group.group_version if last_group else None
        context = {
            "group": group,
            "form": form,
            "terms": terms,
            "error": error,
            "needs_agreement": bool(instance_needed or group_needed),
            "agreed_instance": agreed_instance,
            "agreed_group": agreed_group,
            "instance_changes": _agreement_changes(agreed_instance, terms.instance_version),
            "group_changes": _agreement_changes(agreed_group, terms.group_version),
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class GroupLeaveView(GroupPageView):
    checks = {"get": policies.check_view_content}

    template_name = "groups/leave/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        return render(request, self.template_name, {"group": group})

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        services.group_leave(user=signed_in_user(request), group=group)
        messages.success(request, _("You have left %(name)s.") % {"name": group.name})
        return redirect("group-mine")


@method_decorator(never_cache, name="dispatch")
class GroupMembersView(GroupPageView):
    """Members only: display names and roles. Facilitators also manage members here."""

    checks = {"get": policies.check_view_content, "post": policies.check_manage_group}

    template_name = "groups/members/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        page = Paginator(selectors.group_members(group=group), selectors.MEMBERS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context = {
            "group": group,
            "members": page.object_list,
            "page": page,
            "can_manage": policies.can_manage_group(request.user, group),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        membership = get_object_or_404(
            Membership.objects.select_related("user"),
            pk=request.POST.get("membership_id") or 0,
            group=group,
        )
        actor, person = signed_in_user(request), membership.user
        action = request.POST.get("action")
        if action == "remove":
            services.member_remove(actor=actor, group=group, user=person)
            message = _("%(name)s is no longer a member.")
        elif action == "make_facilitator":
            services.facilitator_add(actor=actor, group=group, user=person)
            message = _("%(name)s is now a facilitator.")
        elif action == "remove_facilitator":
            services.facilitator_remove(actor=actor, group=group, user=person)
            message = _("%(name)s is no longer a facilitator.")
        else:
            return redirect("group-members", group_slug=group.slug)
        messages.success(request, message % {"name": person.display_name})
        return redirect("group-members", group_slug=group.slug)


@method_decorator(never_cache, name="dispatch")
class GroupRequestsView(GroupPageView):
    """Facilitators: the queue of requests to join, with the answers given."""

    checks = {"get": policies.check_manage_group, "post": policies.check_manage_group}

    template_name = "groups/requests/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        context = {"group": group, "requests": selectors.join_request_list_pending(group=group)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        join_request = get_object_or_404(
            JoinRequest.objects.select_related("user", "group"),
            pk=request.POST.get("request_id") or 0,
            group=group,
        )
        name = join_request.user.display_name
        if request.POST.get("action") == "approve":
            services.join_request_approve(actor=signed_in_user(request), join_request=join_request)
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        elif request.POST.get("action") == "decline":
            services.join_request_decline(actor=signed_in_user(request), join_request=join_request)
            messages.success(request, _("The request from %(name)s was declined.") % {"name": name})
        return redirect("group-requests", group_slug=group.slug)


@method_decorator(never_cache, name="dispatch")
class JoinRequestWithdrawView(GroupPageView):
    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        join_request = selectors.join_request_pending_of(user=request.user, group=group)
        if join_request is not None:
            services.join_request_withdraw(user=signed_in_user(request), join_request=join_request)
            messages.success(request, _("Your request is withdrawn."))
        return redirect("group-detail", group_slug=group.slug)


@method_decorator(never_cache, name="dispatch")
class GroupInvitesView(GroupPageView):
    """Facilitators: make, list and withdraw invite links."""

    checks = {"get": policies.check_manage_group, "post": policies.check_manage_group}

    template_name = "groups/invites/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        return self._render(request, group, InviteForm())

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            invite = get_object_or_404(Invite, pk=request.POST.get("invite_id") or 0, group=group)
            services.invite_revoke(actor=signed_in_user(request), invite=invite)
            messages.success(request, _("The invite link is withdrawn; it no longer works."))
            return redirect("group-invites", group_slug=group.slug)
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self._render(request, group, form, status=400)
        invite = services.invite_create(
            actor=signed_in_user(request),
            group=group,
            days=form.cleaned_data["days"],
            max_uses=form.cleaned_data["max_uses"],
        )
        return self._render(request, group, InviteForm(), new_invite=invite)

    def _render(
        self,
        request: HttpRequest,
        group: Group,
        form: InviteForm,
        new_invite: Invite | None = None,
        status: int = 200,
    ) -> HttpResponse:
        invites = [
            {
                "invite": invite,
                "url": request.build_absolute_uri(
                    reverse("group-invite-accept", kwargs={"token": invite.token})
                ),
            }
            for invite in selectors.invite_list_active(group=group)
        ]
        context = {"group": group, "form": form, "invites": invites, "new_invite": new_invite}
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class InviteAcceptView(NoIndexMixin):
    """Follow an invite link: see the group, agree to the guidelines, join."""

    template_name = "groups/invite_accept/index.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        invite = selectors.invite_get_by_token(token=token)
        problem = services.invite_problem(invite)
        if problem is not None:
            raise problem
        group = invite.group
        if policies.membership_of(request.user, group) is not None:
            messages.info(request, _("You are already a member of this group."))
            return redirect("group-detail", group_slug=group.slug)
        return self._render(request, invite, self._form(group))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        invite = selectors.invite_get_by_token(token=token)
        form = self._form(invite.group, data=request.POST)
        if not form.is_valid():
            return self._render(request, invite, form, status=400)
        try:
            services.invite_accept(
                user=signed_in_user(request),
                token=token,
                instance_version=form.cleaned_data["instance_version"],
                group_version=form.cleaned_data["group_version"],
                via=Agreement.Via.WEB,
            )
        except VersionNotCurrent as exc:
            return self._render(request, invite, self._form(invite.group), error=exc, status=409)
        messages.success(request, _("Welcome! You are now a member of this group."))
        return redirect("group-detail", group_slug=invite.group.slug)

    def _form(self, group: Group, data: Any = None) -> AgreementForm:
        terms = selectors.agreement_terms(group=group)
        return AgreementForm(
            data, instance_number=terms.instance_number, group_number=terms.group_number
        )

    def _render(
        self,
        request: HttpRequest,
        invite: Invite,
        form: AgreementForm,
        error: DomainError | None = None,
        status: int = 200,
    ) -> HttpResponse:
        group = invite.group
        context = {
            "group": group,
            "invite": invite,
            "form": form,
            "error": error,
            "terms": selectors.agreement_terms(group=group),
            "languages": _language_labels(group.languages),
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class GroupCreateView(LoginRequiredMixin, NoIndexMixin):
    template_name = "groups/edit/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        policies.check_create_group(request.user)
        initial = {
            "format": Group.Format.ONLINE,
            "listing": Group.Listing.LISTED,
            "join_policy": Group.JoinPolicy.OPEN,
        }
        return self._render(request, GroupForm(initial=initial, topics=_topics()))

    def post(self, request: HttpRequest) -> HttpResponse:
        policies.check_create_group(request.user)
        form = GroupForm(request.POST, topics=_topics())
        if form.is_valid():
            try:
                group = services.group_create(actor=signed_in_user(request), **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The group is ready. You are its facilitator."))
                return redirect("group-detail", group_slug=group.slug)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: GroupForm, status: int = 200) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "group": None}, status=status)


@method_decorator(never_cache, name="dispatch")
class GroupEditView(GroupPageView):
    checks = {"get": policies.check_manage_group, "post": policies.check_manage_group}

    template_name = "groups/edit/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        form = GroupForm(initial=GroupForm.initial_for(group), topics=_topics())
        return self._render(request, group, form)

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        form = GroupForm(request.POST, initial=GroupForm.initial_for(group), topics=_topics())
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.group_update(
                    actor=signed_in_user(request),
                    group=group,
                    clear_capacity=data["capacity"] is None,
                    clear_message_retention=data["message_retention_days"] is None,
                    **data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The group is saved."))
                return redirect("group-detail", group_slug=group.slug)
        return self._render(request, group, form, status=400)

    def _render(
        self, request: HttpRequest, group: Group, form: GroupForm, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "group": group}, status=status)


def _topics() -> list[Any]:
    return list(account_selectors.topic_list_active())


@method_decorator(never_cache, name="dispatch")
class MyGroupsView(LoginRequiredMixin, NoIndexMixin):
    """The person's groups, requests and every agreement they made."""

    template_name = "groups/mine/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        mine = list(selectors.membership_list_for_user(user=user))
        taking_part = policies.groups_taking_part(user, [m.group for m in mine])
        memberships = [{"membership": m, "must_agree": m.group.pk not in taking_part} for m in mine]
        context = {
            "memberships": memberships,
            "requests": selectors.join_request_list_for_user(user=user),
            "agreements": selectors.agreement_list_for_user(user=user),
            "can_create": policies.can_create_group(user),
        }
        return render(request, self.template_name, context)
