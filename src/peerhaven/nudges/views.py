"""The composer's side of the coach: as a person writes, the page posts the draft here
(debounced, by static/js/nudges.js) and shows the hints this answers under the box.

A draft is analyzed in memory and forgotten; only counts of the kinds shown and taken are
kept (services.py). The conversation or group it goes to must be readable by the writer:
anything else answers 404, as a missing one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from peerhaven import coach
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.conversations.models import Conversation
from peerhaven.groups import policies as group_policies
from peerhaven.groups import selectors as group_selectors
from peerhaven.groups.models import Group
from peerhaven.nudges import policies, selectors, services
from peerhaven.nudges.exceptions import InvalidDraft

# A pause every 400 ms of steady typing is 150 a minute; more than this is not a person.
RATE_ANALYZE = "300/m"
RATE_ACCEPT = "120/m"


@dataclass(frozen=True)
class Hint:
    """One finding as the writer sees it."""

    kind: str
    guideline: str
    guideline_title: str
    start: int
    end: int
    span: str
    message: str
    suggestion: str | None

    @property
    def removal(self) -> bool:
        return self.kind == "personal_info"


@dataclass(frozen=True)
class Where:
    """Where the draft goes, once the writer's access to it is checked."""

    group: Group | None = None
    conversation: Conversation | None = None


def _id(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise InvalidDraft(_("The conversation id is not valid."), extra={"field": "conversation"})
    return int(value)


def where_of(user: Any, *, conversation_id: int | None, group_slug: str | None) -> Where:
    """The conversation or group a draft goes to; NotFound unless this person may read it."""
    if conversation_id is not None:
        conversation = conversation_selectors.conversation_get(
            user=user, conversation_id=conversation_id
        )
        return Where(group=conversation.group, conversation=conversation)
    if group_slug:
        group = group_selectors.group_get_visible(user=user, slug=group_slug)
        group_policies.check_view_content(user, group)
        return Where(group=group)
    return Where()


def hints_of(text: str, analysis: coach.Analysis) -> list[Hint]:
    titles = selectors.guideline_titles() if analysis.findings else {}
    return [
        Hint(
            kind=f.kind,
            guideline=f.guideline,
            guideline_title=titles.get(f.guideline) or _("Community guidelines"),
            start=f.start,
            end=f.end,
            span=text[f.start : f.end],
            message=f.message,
            suggestion=f.suggestion,
        )
        for f in analysis.findings
    ]


@method_decorator(never_cache, name="dispatch")
class NudgeAnalyzeView(LoginRequiredMixin, View):
    """POST text, mode (post/reply), conversation (id) or group (slug), draft (random id):
    the hints for this draft, as an HTML fragment (empty when there are none, or when the
    writer turned hints off and the group does not require them)."""

    template_name = "nudges/analyze/partial.html"
    http_method_names = ["post"]

    @method_decorator(ratelimit(key="user", rate=RATE_ANALYZE, method="POST", block=True))
    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        data = request.POST
        where = where_of(
            user,
            conversation_id=_id(data.get("conversation")),
            group_slug=data.get("group") or None,
        )
        mode = data.get("mode") or ("reply" if where.conversation else "post")
        if mode not in ("post", "reply"):
            raise InvalidDraft(_("The mode must be post or reply."), extra={"field": "mode"})
        text = data.get("text", "")
        hints: list[Hint] = []
        shown = policies.can_see_nudges(user, where.group)
        # Over the coach's limit the composer refuses the text anyway; no hints then.
        if shown and text.strip() and len(text) <= coach.MAX_CHARS:
            analysis = services.draft_analyze(
                user_id=user.pk,
                text=text,
                mode=mode,
                support_preference=selectors.support_preference_answered(where.conversation),
                locale=get_language(),
                draft_id=data.get("draft"),
            )
            hints = hints_of(text, analysis)
        return render(request, self.template_name, {"hints": hints, "shown": shown})


@method_decorator(never_cache, name="dispatch")
class NudgeAcceptView(LoginRequiredMixin, View):
    """POST kind and draft: the writer took a hint's rewrite or removal (counted, no text)."""

    http_method_names = ["post"]

    @method_decorator(ratelimit(key="user", rate=RATE_ACCEPT, method="POST", block=True))
    def post(self, request: HttpRequest) -> HttpResponse:
        services.nudge_accept(
            user_id=signed_in_user(request).pk,
            draft_id=request.POST.get("draft", ""),
            kind=request.POST.get("kind", ""),
        )
        return HttpResponse(status=204)
