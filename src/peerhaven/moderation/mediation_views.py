"""The pages of mediated conversations, under /moderation/mediation/: a facilitator opens
one with two members of their group, everyone taking part reads and writes on its page
(the guideline on respectful disagreement pinned on top), and a facilitator closes it with
a note.

Who may see and do what comes from conversations.policies (through the selectors and
services), as for the API; anyone else gets 404, as for a missing conversation. Pages are
never cached and kept out of search engines.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import policies, selectors, services
from peerhaven.conversations.exceptions import ConversationClosed, InvalidMessage, MutedInGroup
from peerhaven.conversations.forms import MessageForm
from peerhaven.conversations.models import Conversation
from peerhaven.conversations.views import COMPOSER_ERRORS, thread_page_context
from peerhaven.core.exceptions import DomainError
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.groups.views import GroupPageView, NoIndexMixin
from peerhaven.moderation import mediation
from peerhaven.moderation.mediation import InvalidMediation
from peerhaven.moderation.mediation_forms import MediationCloseForm, MediationOpenForm

# Refusals the composer shows beside the typed text (a closed conversation included).
REFUSALS = (*COMPOSER_ERRORS, ConversationClosed, MutedInGroup)


def _topics() -> list[Any]:
    return list(account_selectors.topic_list_active())


def _mediation(user: User, conversation_id: int) -> Conversation:
    """The mediated conversation if this person may read it; 404 for anything else."""
    conversation = selectors.conversation_get(user=user, conversation_id=conversation_id)
    if conversation.kind != Conversation.Kind.MEDIATION:
        raise policies.conversation_not_found()
    return conversation


def _write_refusal(user: User, conversation: Conversation) -> DomainError | None:
    """Why this reader cannot write here, or None when they can."""
    try:
        policies.check_write_conversation(user, conversation)
    except DomainError as exc:
        return exc
    return None


# --- Opening ------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class MediationOpenView(GroupPageView):
    """The group's facilitators (and site admins): two members, a title, an opening note."""

    checks = {
        "get": group_policies.check_manage_group,
        "post": group_policies.check_manage_group,
    }
    template_name = "moderation/mediation_open/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        form = MediationOpenForm(group=group, facilitator=signed_in_user(request))
        return self._render(request, group, form)

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        user = signed_in_user(request)
        form = MediationOpenForm(request.POST, group=group, facilitator=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                conversation = mediation.mediation_open(
                    facilitator=user,
                    group=group,
                    members=[data["first_member"], data["second_member"]],
                    title=data["title"],
                    opening_note=data["opening_note"],
                )
            except InvalidMediation as exc:
                form.add_service_error(exc)
            except REFUSALS as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request, _("The mediated conversation is open. Both members were told.")
                )
                return redirect(mediation.mediation_url(conversation))
        return self._render(request, group, form, status=400)

    def _render(
        self, request: HttpRequest, group: Group, form: MediationOpenForm, status: int = 200
    ) -> HttpResponse:
        user = signed_in_user(request)
        context = {
            "group": group,
            "form": form,
            "guideline": mediation.pinned_guideline(),
            "earlier": list(
                selectors.conversations_of_group(
                    group=group, user=user, kind=Conversation.Kind.MEDIATION
                )
            ),
        }
        return render(request, self.template_name, context, status=status)


# --- Reading and writing ------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class MediationDetailView(LoginRequiredMixin, NoIndexMixin):
    """The conversation: pinned guideline, who takes part, the messages (paged like a
    thread), the composer while open, and the closing for facilitators."""

    template_name = "moderation/mediation_detail/index.html"

    def get(self, request: HttpRequest, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        conversation = _mediation(user, conversation_id)
        refusal = _write_refusal(user, conversation)
        form = MessageForm(topics=_topics(), user=user) if refusal is None else None
        return self._render(request, conversation, form, refusal)

    def post(self, request: HttpRequest, conversation_id: int) -> HttpResponse:
        """A message through the one pipeline; refusals are shown beside the typed text."""
        user = signed_in_user(request)
        conversation = _mediation(user, conversation_id)
        form = MessageForm(request.POST, topics=_topics(), user=user)
        if not form.is_valid():
            return self._render(request, conversation, form, None, status=400)
        try:
            posted = services.message_post(
                author=user, conversation=conversation, **form.message_fields()
            )
        except REFUSALS as exc:
            if isinstance(exc, InvalidMessage):
                form.add_service_error(exc)
            else:
                form.add_error(None, str(exc.message))
            refusal = _write_refusal(user, conversation)
            return self._render(request, conversation, form, refusal, status=exc.status)
        before = (
            selectors.visible_messages(conversation=conversation, user=user)
            .filter(seq__lt=posted.message.seq)
            .count()
        )
        url = mediation.mediation_url(conversation)
        page = before // selectors.PAGE_SIZE + 1
        if page > 1:
            url = f"{url}?page={page}"
        return redirect(f"{url}#post-{posted.message.pk}")

    def _render(
        self,
        request: HttpRequest,
        conversation: Conversation,
        form: MessageForm | None,
        refusal: DomainError | None,
        status: int = 200,
    ) -> HttpResponse:
        user = signed_in_user(request)
        group = conversation.group
        # A refused post keeps its form (and text) even though writing is closed now.
        can_write = refusal is None
        context = thread_page_context(request, group, conversation, can_write=can_write, form=form)
        context.update(
            {
                "guideline": mediation.pinned_guideline(),
                "participants": mediation.mediation_participants(conversation),
                "refusal": refusal,
                "can_close": not conversation.is_closed
                and policies.can_close_mediation(user, conversation),
            }
        )
        return render(request, self.template_name, context, status=status)


# --- Closing ------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class MediationCloseView(LoginRequiredMixin, NoIndexMixin):
    """Asks for a closing note first; closing ends writing for everyone and tells them."""

    template_name = "moderation/mediation_close/index.html"

    def get(self, request: HttpRequest, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        conversation = _mediation(user, conversation_id)
        policies.check_close_mediation(user, conversation)
        return self._render(request, conversation, MediationCloseForm())

    def post(self, request: HttpRequest, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        conversation = _mediation(user, conversation_id)
        policies.check_close_mediation(user, conversation)
        form = MediationCloseForm(request.POST)
        if form.is_valid():
            try:
                mediation.mediation_close(
                    actor=user, conversation=conversation, note=form.cleaned_data["note"]
                )
            except InvalidMediation as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request, _("The conversation is closed. Everyone taking part was told.")
                )
                return redirect(mediation.mediation_url(conversation))
        return self._render(request, conversation, form, status=400)

    def _render(
        self,
        request: HttpRequest,
        conversation: Conversation,
        form: MediationCloseForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "conversation": conversation,
            "group": conversation.group,
            "participants": mediation.mediation_participants(conversation),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)
