"""The moderation pages: reporting content, the moderators' queue, a case, held posts,
appeals, and each member's notices and "about my content" pages.

Every page is for signed-in people, never cached and kept out of search engines. Who may
see what comes from moderation/policies.py and the selectors: a member asking for a case
gets 404, as for a missing one; a member asking for the queue is told it is for
moderators (403). A refused form is shown again with what was typed, the error next to
its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peerhaven.accounts.models import User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.conversations.models import Message, Moderation
from peerhaven.core.exceptions import NotFound
from peerhaven.core.redirects import next_or
from peerhaven.groups.models import Group, Membership
from peerhaven.groups.policies import is_site_admin
from peerhaven.groups.views import NoIndexMixin
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from peerhaven.moderation import policies, selectors, services
from peerhaven.moderation.exceptions import (
    AlreadyAppealed,
    AlreadyReported,
    AppealDecided,
    CaseClosed,
    InvalidAction,
    InvalidReport,
)
from peerhaven.moderation.forms import (
    AppealDecideForm,
    AppealForm,
    CaseActionForm,
    PendingDeclineForm,
    QueueFilterForm,
    ReportForm,
    show_error,
)
from peerhaven.moderation.models import Action, Appeal, Case

PAGE_SIZE = 25
# Held posts and appeals listed on the queue page; the rest follow as they are decided.
SIDE_LIST_SIZE = 20

REPORT_ERRORS = (InvalidReport, AlreadyReported)
ACT_ERRORS = (InvalidAction, CaseClosed)


@method_decorator(never_cache, name="dispatch")
class ModerationPageView(LoginRequiredMixin, NoIndexMixin):
    """A moderation page for a signed-in person."""

    template_name = ""


@dataclass(frozen=True)
class GuidelineShown:
    key: str
    title: str
    text: str


def _guidelines_shown(group: Group | None) -> dict[str, GuidelineShown]:
    """The guidelines in force (the community's, then the group's), with their text."""
    shown: dict[str, GuidelineShown] = {}
    versions = [current_version(instance_rule_set())]
    if group is not None:
        versions.append(current_version(group.rules))
    for version in versions:
        if version is None:
            continue
        for guideline in version.guidelines.order_by("position", "key"):
            shown.setdefault(
                guideline.key, GuidelineShown(guideline.key, guideline.title, guideline.text)
            )
    return shown


def _title_of(titles: dict[str, str], key: str) -> str:
    # A guideline retired since keeps its key on old cases: show the key then.
    return titles.get(key, key)


# --- Reporting --------------------------------------------------------------------------


class ReportMessageView(ModerationPageView):
    """Report a post or chat message: the guideline at stake and an optional note."""

    template_name = "moderation/report_message/index.html"

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self._message(request, message_id)
        form = ReportForm(guidelines=services.guideline_choices(message.conversation.group))
        return self._render(request, message, form)

    def post(self, request: HttpRequest, message_id: int) -> HttpResponse:
        user = signed_in_user(request)
        message = self._message(request, message_id)
        form = ReportForm(
            request.POST, guidelines=services.guideline_choices(message.conversation.group)
        )
        status = 400
        if form.is_valid():
            try:
                services.report_message(
                    reporter=user,
                    message=message,
                    guideline_key=form.cleaned_data["guideline"],
                    note=form.cleaned_data["note"],
                )
            except REPORT_ERRORS as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _thank_you())
                return redirect("message-in-context", message_id=message.pk)
        return self._render(request, message, form, status=status)

    def _message(self, request: HttpRequest, message_id: int) -> Message:
        # Missing, deleted, or not readable by this person (removed, hidden, another
        # group's): one answer, 404.
        return conversation_selectors.message_get(user=request.user, message_id=message_id)

    def _render(
        self, request: HttpRequest, message: Message, form: ReportForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "message": message,
            "conversation": message.conversation,
            "group": message.conversation.group,
            "form": form,
            "own": message.author_id == request.user.pk,
            "back_url": reverse("message-in-context", args=[message.pk]),
        }
        return render(request, self.template_name, context, status=status)


def _thank_you() -> str:
    return _("Thank you — a moderator will look at it; we'll tell you the outcome.")


class ReportProfileView(ModerationPageView):
    """Report a person's profile (what it shows others: the display name). Organization
    admins handle these. Only someone who shares a group with the person can report it, so
    the page never reveals the display names of strangers."""

    template_name = "moderation/report_profile/index.html"

    def get(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = self._person(request, user_id)
        return self._render(request, person, ReportForm(guidelines=_site_guidelines()))

    def post(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = self._person(request, user_id)
        form = ReportForm(request.POST, guidelines=_site_guidelines())
        status = 400
        if form.is_valid():
            try:
                services.report_profile(
                    reporter=signed_in_user(request),
                    subject=person,
                    guideline_key=form.cleaned_data["guideline"],
                    note=form.cleaned_data["note"],
                )
            except REPORT_ERRORS as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _thank_you())
                return redirect(next_or(request, reverse("home")))
        return self._render(request, person, form, status=status)

    def _person(self, request: HttpRequest, user_id: int) -> User:
        shared = Membership.objects.filter(user=signed_in_user(request)).values("group_id")
        person = (
            User.objects.filter(pk=user_id, is_active=True, memberships__group_id__in=shared)
            .distinct()
            .first()
        )
        if person is None:
            raise NotFound(_("There is no such person."), code="user_not_found")
        return person

    def _render(
        self, request: HttpRequest, person: User, form: ReportForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "person": person,
            "form": form,
            "own": person.pk == request.user.pk,
            "next_url": next_or(request, ""),
        }
        return render(request, self.template_name, context, status=status)


def _site_guidelines() -> dict[str, str]:
    return services.guideline_choices(None)


# --- The queue --------------------------------------------------------------------------


def _queue_groups(user: User) -> list[Group]:
    """Groups the filter offers: those this person facilitates; for an organization admin
    also every group with a case waiting."""
    facilitated = Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR)
    shown = Q(pk__in=facilitated.values("group_id"))
    if is_site_admin(user):
        waiting = Case.objects.filter(status__in=selectors.QUEUE_STATUSES, group__isnull=False)
        shown |= Q(pk__in=waiting.values("group_id"))
    return list(Group.objects.filter(shown).only("id", "slug", "name").order_by("name"))


class QueueView(ModerationPageView):
    """Cases waiting for a moderator (safety first, then oldest), held posts and appeals."""

    template_name = "moderation/queue/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        if not policies.is_moderator(user):
            return render(request, "moderation/queue/not_moderator.html", status=403)
        groups = _queue_groups(user)
        filter_form = QueueFilterForm(
            request.GET or None, groups=[(g.slug, g.name) for g in groups]
        )
        group = None
        if filter_form.is_valid() and filter_form.cleaned_data["group"]:
            group = next(g for g in groups if g.slug == filter_form.cleaned_data["group"])
        page = Paginator(selectors.case_queue(user=user, group=group), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        held = selectors.pending_posts(user=user)
        appeals = selectors.pending_appeals(user=user)
        if group is not None:
            held = held.filter(conversation__group=group)
            appeals = appeals.filter(action__case__group=group)
        held_list = list(held[: SIDE_LIST_SIZE + 1])
        appeal_list = list(appeals.select_related("action")[: SIDE_LIST_SIZE + 1])
        context = {
            "filter_form": filter_form,
            "group": group,
            "page": page,
            "held": held_list[:SIDE_LIST_SIZE],
            "more_held": len(held_list) > SIDE_LIST_SIZE,
            "appeals": appeal_list[:SIDE_LIST_SIZE],
            "more_appeals": len(appeal_list) > SIDE_LIST_SIZE,
            "can_read_audit": is_site_admin(user),
        }
        return render(request, self.template_name, context)


# --- A case -----------------------------------------------------------------------------


def _kinds_for(user: User, case: Case) -> list[str]:
    """The steps of the ladder this moderator can take on this case, in order."""
    kinds = []
    for kind in Action.Kind.values:
        if kind == Action.Kind.SUSPEND and (not is_site_admin(user) or case.subject_id is None):
            continue
        if kind == Action.Kind.APPROVE and case.status != Case.Status.RESUBMITTED:
            continue
        if kind in services.MESSAGE_ONLY and (
            case.target != Case.Target.MESSAGE or case.message_id is None
        ):
            continue
        if kind == Action.Kind.HIDE_PENDING_EDIT and case.status == Case.Status.AWAITING_EDIT:
            continue
        if kind in services.GROUP_ONLY and (case.group_id is None or case.subject_id is None):
            continue
        kinds.append(kind)
    return kinds


def _hidden_under(case: Case) -> str:
    """The guideline of the latest "hide until edited", when an edit waits for approval."""
    if case.status != Case.Status.RESUBMITTED:
        return ""
    hidden = (
        case.actions.filter(kind=Action.Kind.HIDE_PENDING_EDIT).order_by("-created_at", "-pk")
    ).first()
    return hidden.guideline_key if hidden else ""


def _done_message(form: CaseActionForm, case: Case) -> str:
    """Who hears of the decision, as services.case_act tells them: the author of every
    step but "no action", the reporters only once the case is closed."""
    kind = form.cleaned_data["kind"]
    author_told = kind != Action.Kind.NO_ACTION and case.subject_id is not None
    if kind == Action.Kind.HIDE_PENDING_EDIT:  # the one step that leaves the case open
        if author_told:
            text = _(
                "Done: %(action)s. The author is told now; the people who reported it are "
                "told when the case is closed."
            )
        else:
            text = _(
                "Done: %(action)s. The people who reported it are told when the case is closed."
            )
    elif author_told:
        text = _("Done: %(action)s. The author and the people who reported it are told.")
    else:
        text = _("Done: %(action)s. The people who reported it are told.")
    return text % {"action": form.done_label()}


def _case_for(request: HttpRequest, case_id: int) -> Case:
    """The case, if this person moderates it (else 404); a case about oneself is refused
    before anything about it (the reports, who made them) is shown."""
    case = selectors.case_get(user=request.user, case_id=case_id)
    policies.check_moderate_case(request.user, case)
    return case


class CaseDetailView(ModerationPageView):
    """A case in context, with its reports, earlier cases and the action form. A
    destructive action (remove, remove from the group, suspend) asks once more."""

    template_name = "moderation/case_detail/index.html"
    confirm_template_name = "moderation/case_detail/confirm.html"

    def get(self, request: HttpRequest, case_id: int) -> HttpResponse:
        case = _case_for(request, case_id)
        return self._render(request, case, self._form(request, case))

    def post(self, request: HttpRequest, case_id: int) -> HttpResponse:
        user = signed_in_user(request)
        case = _case_for(request, case_id)
        data = request.POST.copy()
        confirmed = data.pop("confirmed", None) == ["yes"]
        form = self._form(request, case, data=data)
        if "change" in data:
            # "Go back and change it" on the confirmation page: the form as it was typed.
            return self._render(request, case, form)
        status = 400
        if form.is_valid():
            if form.is_destructive and not confirmed:
                titles = services.guideline_choices(case.group)
                context = {
                    "case": case,
                    "form": form,
                    "kind_label": form.kind_label(),
                    "guideline_title": _title_of(titles, form.cleaned_data["guideline"]),
                }
                return render(request, self.confirm_template_name, context)
            cleaned = form.cleaned_data
            try:
                services.case_act(
                    moderator=user,
                    case=case,
                    kind=cleaned["kind"],
                    guideline_key=cleaned["guideline"],
                    reason=cleaned["reason"],
                    mute_days=cleaned.get("mute_days"),
                )
            except ACT_ERRORS as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _done_message(form, case))
                return redirect("moderation-queue")
        return self._render(request, case, form, status=status)

    def _form(self, request: HttpRequest, case: Case, data: Any = None) -> CaseActionForm:
        return CaseActionForm(
            data,
            kinds=_kinds_for(signed_in_user(request), case),
            guidelines=services.guideline_choices(case.group),
            hidden_under=_hidden_under(case),
        )

    def _render(
        self, request: HttpRequest, case: Case, form: CaseActionForm, status: int = 200
    ) -> HttpResponse:
        titles = services.guideline_choices(case.group)
        reports = [
            (report, _title_of(titles, report.guideline_key))
            for report in selectors.case_reports(case=case)
        ]
        actions = [
            (action, _title_of(titles, action.guideline_key))
            for action in selectors.case_actions(case=case).select_related("appeal")
        ]
        context = {
            "case": case,
            "context": selectors.context_messages(case=case),
            "reports": reports,
            "actions": actions,
            "prior": selectors.prior_cases(case=case),
            "form": form,
            "can_act": not case.is_closed,
        }
        return render(request, self.template_name, context, status=status)


# --- Held posts -------------------------------------------------------------------------


class PendingPostView(ModerationPageView):
    """A new member's post held for review: approve it, or decline citing a guideline."""

    template_name = "moderation/pending_post/index.html"

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self._held(request, message_id)
        return self._render(request, message, self._decline_form(message))

    def post(self, request: HttpRequest, message_id: int) -> HttpResponse:
        user = signed_in_user(request)
        message = self._held(request, message_id)
        decision = request.POST.get("decision")
        if decision == "approve":
            services.pending_post_decide(moderator=user, message=message, approve=True)
            messages.success(request, _("Approved: the group can see the post now."))
            return redirect("moderation-queue")
        form = self._decline_form(message, data=request.POST)
        status = 400
        if decision == "decline" and form.is_valid():
            try:
                services.pending_post_decide(
                    moderator=user,
                    message=message,
                    approve=False,
                    guideline_key=form.cleaned_data["guideline"],
                    reason=form.cleaned_data["reason"],
                )
            except ACT_ERRORS as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Declined: the author is told why."))
                return redirect("moderation-queue")
        return self._render(request, message, form, status=status)

    def _held(self, request: HttpRequest, message_id: int) -> Message:
        message = selectors.pending_posts(user=request.user).filter(pk=message_id).first()
        if message is None:
            raise NotFound(
                _("There is no such post waiting for review. Someone may have decided on it."),
                code="not_pending",
            )
        return message

    def _decline_form(self, message: Message, data: Any = None) -> PendingDeclineForm:
        return PendingDeclineForm(
            data, guidelines=services.guideline_choices(message.conversation.group)
        )

    def _render(
        self, request: HttpRequest, message: Message, form: PendingDeclineForm, status: int = 200
    ) -> HttpResponse:
        context = {"message": message, "group": message.conversation.group, "form": form}
        return render(request, self.template_name, context, status=status)


# --- Appeals (moderators) ---------------------------------------------------------------


def _appeal_for(request: HttpRequest, appeal_id: int) -> Appeal:
    appeal = (
        Appeal.objects.select_related(
            "action__case__group",
            "action__case__subject",
            "action__case__message__conversation",
            "action__moderator",
            "appellant",
            "decided_by",
        )
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise NotFound(_("There is no such appeal."), code="appeal_not_found")
    # 404 for anyone who does not moderate the case; 403 for the moderator who acted.
    policies.check_decide_appeal(request.user, appeal)
    return appeal


class AppealDetailView(ModerationPageView):
    """An appeal, decided by a different moderator from the one who acted. Final."""

    template_name = "moderation/appeal_detail/index.html"

    def get(self, request: HttpRequest, appeal_id: int) -> HttpResponse:
        appeal = _appeal_for(request, appeal_id)
        return self._render(request, appeal, AppealDecideForm())

    def post(self, request: HttpRequest, appeal_id: int) -> HttpResponse:
        appeal = _appeal_for(request, appeal_id)
        form = AppealDecideForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.appeal_decide(
                    moderator=signed_in_user(request),
                    appeal=appeal,
                    overturn=form.cleaned_data["decision"] == "overturn",
                    note=form.cleaned_data["note"],
                )
            except (InvalidAction, AppealDecided) as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The appeal is decided. The member is told."))
                return redirect("moderation-queue")
        return self._render(request, appeal, form, status=status)

    def _render(
        self, request: HttpRequest, appeal: Appeal, form: AppealDecideForm, status: int = 200
    ) -> HttpResponse:
        case = appeal.action.case
        titles = services.guideline_choices(case.group)
        context = {
            "appeal": appeal,
            "action": appeal.action,
            "case": case,
            "guideline_title": _title_of(titles, appeal.action.guideline_key),
            "form": form,
            "decided": appeal.status != Appeal.Status.PENDING,
        }
        return render(request, self.template_name, context, status=status)


# --- Members: notices and their own content ---------------------------------------------


class NoticeListView(ModerationPageView):
    """What this person was told: about their content, their reports and their appeals."""

    template_name = "moderation/notice_list/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        page = Paginator(selectors.notices_for(user=user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        unread = any(notice.read_at is None for notice in page.object_list)
        return render(request, self.template_name, {"page": page, "any_unread": unread})

    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.notices_mark_read(user=signed_in_user(request))
        if count:
            messages.success(request, _("All notices are marked as read."))
        return redirect("moderation-notices")


class MyCaseListView(ModerationPageView):
    """Decisions moderators made about this person's content."""

    template_name = "moderation/my_case_list/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        cases = selectors.my_cases(user=signed_in_user(request))
        page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, self.template_name, {"page": page})


@dataclass(frozen=True)
class ActionShown:
    """One decision as its author sees it: never who reported, nor which moderator."""

    action: Action
    guideline: GuidelineShown
    appeal: Appeal | None
    form: AppealForm | None


def _appeal_form(action: Action, data: Any = None) -> AppealForm:
    # One form per decision on the page: ids carry the action so each label is unique.
    return AppealForm(data, initial={"action": action.pk}, auto_id=f"id_appeal_{action.pk}_%s")


class MyCaseDetailView(ModerationPageView):
    """What was done about one's content, under which guideline and why; how to edit a
    hidden post; and an appeal, once per decision that changed something."""

    template_name = "moderation/my_case_detail/index.html"

    def get(self, request: HttpRequest, case_id: int) -> HttpResponse:
        case = selectors.my_case_get(user=request.user, case_id=case_id)
        return self._render(request, case)

    def post(self, request: HttpRequest, case_id: int) -> HttpResponse:
        user = signed_in_user(request)
        case = selectors.my_case_get(user=user, case_id=case_id)
        raw_id = request.POST.get("action", "")
        action = case.actions.filter(pk=int(raw_id)).first() if raw_id.isdigit() else None
        if action is None:
            raise NotFound(_("There is no such decision to appeal."), code="action_not_found")
        form = _appeal_form(action, data=request.POST)
        status = 400
        if form.is_valid():
            try:
                services.appeal_create(
                    appellant=user, action=action, text=form.cleaned_data["text"]
                )
            except (InvalidAction, AlreadyAppealed) as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "Your appeal is sent. A different moderator will decide, and you will "
                        "get a notice."
                    ),
                )
                return redirect("moderation-my-case", case_id=case.pk)
        return self._render(request, case, bound=(action.pk, form), status=status)

    def _render(
        self,
        request: HttpRequest,
        case: Case,
        bound: tuple[int, AppealForm] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        guidelines = _guidelines_shown(case.group)
        shown = []
        for action in selectors.case_actions(case=case).select_related("appeal"):
            if action.kind == Action.Kind.NO_ACTION:
                continue
            appeal = getattr(action, "appeal", None)
            form = None
            if bound is not None and bound[0] == action.pk:
                form = bound[1]  # refused: shown again with its error and the text typed
            elif appeal is None and action.kind in services.APPEALABLE:
                form = _appeal_form(action)
            guideline = guidelines.get(action.guideline_key) or GuidelineShown(
                action.guideline_key, action.guideline_key, ""
            )
            shown.append(ActionShown(action, guideline, appeal, form))
        message = case.message
        context = {
            "case": case,
            "actions": shown,
            "can_edit": (
                case.status == Case.Status.AWAITING_EDIT
                and message is not None
                and message.moderation == Moderation.HIDDEN
            ),
        }
        return render(request, self.template_name, context, status=status)


class MyMessageCaseView(ModerationPageView):
    """ "See why" under one's own hidden or removed post: its case, or the notices."""

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        case = selectors.my_cases(user=request.user).filter(message_id=message_id).first()
        if case is None:
            return redirect("moderation-notices")
        return redirect("moderation-my-case", case_id=case.pk)
