"""The web pages of group conversations: thread lists, threads, the composer, reactions,
editing and deleting one's own posts, muting and blocking, and opening chat rooms.

Every page is members-only (a non-member gets 404, as for a missing conversation), never
cached and kept out of search engines. Every rule comes from conversations/policies.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import Topic, User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import policies, screening, selectors, services
from peerhaven.conversations.exceptions import ClientIdReused, InvalidMessage, SendingTooFast
from peerhaven.conversations.forms import MessageEditForm, MessageForm, RoomForm, ThreadForm
from peerhaven.conversations.models import Block, Conversation, Message, Mute
from peerhaven.conversations.selectors import ReactionSummary
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.groups.views import GroupPageView, NoIndexMixin

ROOM_RECENT = 50
WS_PATH = "/ws/chat/"
# Refusals a composer shows next to the typed text instead of on an error page.
COMPOSER_ERRORS = (InvalidMessage, SendingTooFast, ClientIdReused)


@dataclass(frozen=True)
class Post:
    """One message as this reader sees it."""

    message: Message
    reactions: list[ReactionSummary]
    # Folded behind its content warning for this reader.
    warned: bool
    mine: bool
    # The first message since the reader's last visit: the divider goes before it.
    first_new: bool = False
    # The reader's own message, screened as concern or urgent lately: show the crisis panel.
    care: bool = False

    @property
    def any_reaction(self) -> bool:
        return any(r.given for r in self.reactions)


@dataclass(frozen=True)
class ThreadRow:
    """A thread in the list, with how many posts this reader has not seen."""

    conversation: Conversation

    @property
    def unread(self) -> int:
        count: int = getattr(self.conversation, "unread_count", 0)
        return count

    @property
    def post_count(self) -> int:
        count: int = getattr(self.conversation, "message_count", 0)
        return count


def _post(message: Message, user: Any, filter_ids: set[int], first_new: bool = False) -> Post:
    return Post(
        message=message,
        reactions=selectors.reaction_summaries(message=message, user=user),
        warned=selectors.warned_for(message=message, filter_topic_ids=filter_ids),
        mine=message.author_id == user.pk,
        first_new=first_new,
        care=screening.shows_care(message, user),
    )


def _page_number_of(message: Message, user: Any) -> int:
    """The page of its thread a message is on, as this reader pages it."""
    before = (
        selectors.visible_messages(conversation=message.conversation, user=user)
        .filter(seq__lt=message.seq)
        .count()
    )
    return before // selectors.PAGE_SIZE + 1


def _conversation_url(conversation: Conversation, page: int = 1) -> str:
    slug = conversation.group.slug
    if conversation.kind == Conversation.Kind.ROOM:
        return reverse("room-detail", args=[slug, conversation.pk])
    if conversation.kind == Conversation.Kind.MEDIATION:
        # Paged like a thread, on its own private page (peerhaven.moderation.mediation_views).
        url = reverse("mediation-detail", args=[conversation.pk])
    else:
        url = reverse("conversation-detail", args=[slug, conversation.pk])
    return url if page == 1 else f"{url}?page={page}"


def _message_url(message: Message, user: Any) -> str:
    conversation = message.conversation
    if conversation.kind == Conversation.Kind.ROOM:
        return _conversation_url(conversation)
    page = _page_number_of(message, user)
    return f"{_conversation_url(conversation, page)}#post-{message.pk}"


def _topics() -> list[Any]:
    return list(account_selectors.topic_list_active())


def _must_agree(user: Any, group: Group) -> bool:
    return not group_policies.can_take_part(user, group)


@method_decorator(never_cache, name="dispatch")
class ConversationPageView(GroupPageView):
    """A members-only page of one group's conversations."""

    checks = {
        "get": group_policies.check_view_content,
        "post": group_policies.check_view_content,
    }


# --- The list of threads and rooms ------------------------------------------------------


class ConversationListView(ConversationPageView):
    template_name = "conversations/conversation_list/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        user = signed_in_user(request)
        threads = selectors.conversations_of_group(
            group=group, user=user, kind=Conversation.Kind.THREAD
        )
        page = Paginator(threads, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        can_open_room = policies.can_open_room(user, group)
        context = {
            "group": group,
            "page": page,
            "threads": [ThreadRow(t) for t in page.object_list],
            "rooms": list(
                selectors.conversations_of_group(
                    group=group, user=user, kind=Conversation.Kind.ROOM
                )
            ),
            "can_write": group_policies.can_take_part(user, group),
            "any_unread": selectors.unread_total(user=user, group=group) > 0,
            "can_open_room": can_open_room,
            "room_form": RoomForm() if can_open_room else None,
        }
        return render(request, self.template_name, context)


class ConversationsReadAllView(ConversationPageView):
    """POST marks every thread of the group read; GET goes back to the list."""

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        return redirect("conversation-list", group.slug)

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        caught_up = services.read_marks_catch_up(user=signed_in_user(request), group=group)
        if caught_up:
            messages.success(request, _("Every thread here is marked as read."))
        else:
            messages.info(request, _("You had already read everything here."))
        return redirect("conversation-list", group.slug)


# --- Starting a thread, reading it, replying --------------------------------------------


class ThreadCreateView(ConversationPageView):
    template_name = "conversations/thread_create/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        user = signed_in_user(request)
        return self._render(request, group, ThreadForm(topics=_topics(), user=user))

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        user = signed_in_user(request)
        form = ThreadForm(request.POST, topics=_topics(), user=user)
        if form.is_valid():
            try:
                posted = services.thread_start(author=user, group=group, **form.message_fields())
            except COMPOSER_ERRORS as exc:
                return self._refused(request, group, form, exc)
            if posted.created:
                messages.success(request, _("Your thread is started."))
            return redirect(_message_url(posted.message, user))
        return self._render(request, group, form, status=400)

    def _refused(
        self, request: HttpRequest, group: Group, form: ThreadForm, exc: Any
    ) -> HttpResponse:
        form.add_composer_error(exc)
        return self._render(request, group, form, status=exc.status)

    def _render(
        self, request: HttpRequest, group: Group, form: ThreadForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "group": group,
            "form": form,
            "can_write": group_policies.can_take_part(request.user, group),
        }
        return render(request, self.template_name, context, status=status)


class ThreadDetailView(ConversationPageView):
    """A page of a thread, oldest first. Viewing it moves the reader's mark forward."""

    template_name = "conversations/thread_detail/index.html"

    def get(self, request: HttpRequest, group: Group, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        conversation = selectors.conversation_get(
            user=user, conversation_id=conversation_id, group=group
        )
        if conversation.kind != Conversation.Kind.THREAD:
            return redirect(_conversation_url(conversation))
        can_write = policies.can_write_conversation(user, conversation)
        form = MessageForm(topics=_topics(), user=user) if can_write else None
        return render(
            request,
            self.template_name,
            thread_page_context(request, group, conversation, can_write=can_write, form=form),
        )


def thread_page_context(
    request: HttpRequest,
    group: Group,
    conversation: Conversation,
    *,
    can_write: bool,
    form: MessageForm | None,
) -> dict[str, Any]:
    user = signed_in_user(request)
    visible = selectors.visible_messages(conversation=conversation, user=user)
    paginator = Paginator(visible, selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    shown: list[Message] = list(page.object_list)
    mark = selectors.read_mark_of(user=user, conversation=conversation)
    seen_before = mark.last_seen_seq if mark else 0
    if page.number == paginator.num_pages:
        # The last page: what follows its last shown post is nothing this reader can see
        # (muted, held, deleted), so all of it counts as read, or "1 new" would never clear.
        services.read_mark_update(user=user, conversation=conversation, seq=conversation.last_seq)
    elif shown:
        services.read_mark_update(user=user, conversation=conversation, seq=shown[-1].seq)
    # No divider on a first visit: everything is new then.
    first_new = next((m for m in shown if m.seq > seen_before), None) if seen_before else None
    filter_ids = selectors.content_filter_ids(user)
    posts = [_post(m, user, filter_ids, first_new=m is first_new) for m in shown]
    return {
        "group": group,
        "conversation": conversation,
        "page": page,
        "posts": posts,
        "can_write": can_write,
        "can_see_revisions": group_policies.is_group_facilitator(user, group),
        "form": form,
        "first_unread_url": _first_unread_url(
            conversation, visible, page, seen_before, first_new is not None
        ),
    }


def _first_unread_url(
    conversation: Conversation,
    visible: QuerySet[Message],
    page: Page[Message],
    seen_before: int,
    on_this_page: bool,
) -> str | None:
    """Where the first post since the reader's last visit is, unless it is here already."""
    if not seen_before or conversation.last_seq <= seen_before:
        return None
    if on_this_page:
        return "#new"
    seen = visible.filter(seq__lte=seen_before).count()
    if seen >= page.paginator.count:
        return None  # the new posts are all by people this reader does not see
    number = seen // selectors.PAGE_SIZE + 1
    if number == page.number:
        return None
    return f"{_conversation_url(conversation, number)}#new"


class ThreadReplyView(ConversationPageView):
    """The reply composer on a page of its own: shown again with the typed text when a
    reply is refused, and reachable without the thread page."""

    template_name = "conversations/thread_reply/index.html"

    def get(self, request: HttpRequest, group: Group, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        conversation = self._thread(user, group, conversation_id)
        return self._render(request, group, conversation, MessageForm(topics=_topics(), user=user))

    def post(self, request: HttpRequest, group: Group, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        conversation = self._thread(user, group, conversation_id)
        form = MessageForm(request.POST, topics=_topics(), user=user)
        if not form.is_valid():
            return self._render(request, group, conversation, form, status=400)
        try:
            posted = services.message_post(
                author=user, conversation=conversation, **form.message_fields()
            )
        except COMPOSER_ERRORS as exc:
            form.add_composer_error(exc)
            return self._render(request, group, conversation, form, status=exc.status)
        return redirect(_message_url(posted.message, user))

    def _thread(self, user: User, group: Group, conversation_id: int) -> Conversation:
        conversation = selectors.conversation_get(
            user=user, conversation_id=conversation_id, group=group
        )
        if conversation.kind != Conversation.Kind.THREAD:
            raise policies.conversation_not_found()
        return conversation

    def _render(
        self,
        request: HttpRequest,
        group: Group,
        conversation: Conversation,
        form: MessageForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "group": group,
            "conversation": conversation,
            "form": form,
            "can_write": policies.can_write_conversation(request.user, conversation),
        }
        return render(request, self.template_name, context, status=status)


# --- Chat rooms -------------------------------------------------------------------------


class RoomCreateView(ConversationPageView):
    checks = {"get": policies.check_open_room, "post": policies.check_open_room}

    template_name = "conversations/room_create/index.html"

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        return self._render(request, group, RoomForm())

    def post(self, request: HttpRequest, group: Group) -> HttpResponse:
        form = RoomForm(request.POST)
        if form.is_valid():
            try:
                room = services.room_open(
                    actor=signed_in_user(request), group=group, title=form.cleaned_data["title"]
                )
            except InvalidMessage as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The chat room is open."))
                return redirect(_conversation_url(room))
        return self._render(request, group, form, status=400)

    def _render(
        self, request: HttpRequest, group: Group, form: RoomForm, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, {"group": group, "form": form}, status=status)


class RoomDetailView(ConversationPageView):
    """The live room. Its recent history is in the page, for readers without JavaScript
    and for members who must agree again (they read, and do not join the live chat)."""

    template_name = "conversations/room_detail/index.html"

    def get(self, request: HttpRequest, group: Group, conversation_id: int) -> HttpResponse:
        user = signed_in_user(request)
        room = selectors.conversation_get(user=user, conversation_id=conversation_id, group=group)
        if room.kind != Conversation.Kind.ROOM:
            return redirect(_conversation_url(room))
        visible = selectors.visible_messages(conversation=room, user=user)
        recent = list(visible.order_by("-seq")[:ROOM_RECENT])[::-1]
        last_seq = recent[-1].seq if recent else 0
        if last_seq:
            services.read_mark_update(user=user, conversation=room, seq=last_seq)
        filter_ids = selectors.content_filter_ids(user)
        recent_posts = [_post(m, user, filter_ids) for m in recent]
        context = {
            "group": group,
            "room": room,
            "can_write": policies.can_write_conversation(user, room),
            "recent": recent,
            # The same messages as `recent`, with reactions and folding worked out.
            "recent_posts": recent_posts,
            "room_care": any(post.care for post in recent_posts),
            "last_seq": last_seq,
            "ws_path": WS_PATH,
            "filter_topic_ids": sorted(filter_ids),
            "filter_topic_slugs": " ".join(
                Topic.objects.filter(pk__in=filter_ids).values_list("slug", flat=True)
            ),
        }
        return render(request, self.template_name, context)


# --- Acting on one message --------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class MessagePageView(LoginRequiredMixin, NoIndexMixin):
    """A page about one message. Missing and not-visible messages alike answer 404."""

    template_name = ""

    def message(self, request: HttpRequest, message_id: int) -> Message:
        return selectors.message_get(user=request.user, message_id=message_id)

    def render_page(
        self, request: HttpRequest, message: Message, status: int = 200, **context: Any
    ) -> HttpResponse:
        context.update(
            {
                "message": message,
                "group": message.conversation.group,
                "conversation": message.conversation,
                "back_url": _message_url(message, request.user),
            }
        )
        return render(request, self.template_name, context, status=status)


class MessageInContextView(MessagePageView):
    """A stable link to one message (alerts and reports use it): its thread page and anchor,
    or its room."""

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self.message(request, message_id)
        user = signed_in_user(request)
        if selectors.person_is_muted_or_blocked_by(user=user, person_id=message.author_id):
            # Else the link seems to lead nowhere. (A block the other way is not revealed.)
            messages.info(
                request,
                _(
                    "That post is by %(name)s, whom you muted or blocked, so it is hidden "
                    "for you. You can undo that on the page of people you muted or blocked."
                )
                % {"name": message.author.display_name},
            )
        return redirect(_message_url(message, user))


class MessageEditView(MessagePageView):
    template_name = "conversations/message_edit/index.html"

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self._own(request, message_id)
        return self.render_page(
            request, message, form=MessageEditForm(initial={"body": message.body})
        )

    def post(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self._own(request, message_id)
        form = MessageEditForm(request.POST)
        if form.is_valid():
            try:
                services.message_edit(
                    user=signed_in_user(request), message=message, text=form.cleaned_data["body"]
                )
            except InvalidMessage as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Your post is updated."))
                return redirect(_message_url(message, request.user))
        return self.render_page(request, message, form=form, status=400)

    def _own(self, request: HttpRequest, message_id: int) -> Message:
        message = self.message(request, message_id)
        policies.check_edit_message(request.user, message)
        return message


class MessageDeleteView(MessagePageView):
    """Asks first; deleting erases the post and its earlier versions for good."""

    template_name = "conversations/message_delete/index.html"

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self.message(request, message_id)
        policies.check_change_own_message(request.user, message)
        return self.render_page(request, message)

    def post(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self.message(request, message_id)
        user = signed_in_user(request)
        conversation = message.conversation
        page = 1 if conversation.kind == Conversation.Kind.ROOM else _page_number_of(message, user)
        services.message_delete(user=user, message=message)
        messages.success(request, _("Your post is deleted."))
        if not Conversation.objects.filter(pk=conversation.pk).exists():
            # It was a thread of one post, which went with it.
            return redirect("conversation-list", conversation.group.slug)
        return redirect(_conversation_url(conversation, page))


class MessageReactView(MessagePageView):
    """Toggles one reaction. htmx gets the post's reaction bar back; others a redirect."""

    template_name = "conversations/message_react/partial.html"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, message_id: int) -> HttpResponse:
        user = signed_in_user(request)
        message = self.message(request, message_id)
        services.reaction_toggle(user=user, message=message, kind=request.POST.get("kind", ""))
        if not getattr(request, "htmx", False):
            return redirect(_message_url(message, user))
        reactions = selectors.reactions_seen_by(
            user, include_mutes=message.conversation.kind != Conversation.Kind.MEDIATION
        )
        prefetch_related_objects([message], Prefetch("reactions", queryset=reactions))
        post = _post(message, user, set())
        return render(request, self.template_name, {"post": post, "can_react": True})


class MessageVersionsView(MessagePageView):
    """Facilitators only: the earlier texts of an edited post."""

    template_name = "conversations/message_versions/index.html"

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self.message(request, message_id)
        policies.check_see_revisions(request.user, message)
        return self.render_page(request, message, revisions=list(message.revisions.all()))


class _PersonActionView(MessagePageView):
    """Asks first, then mutes or blocks the post's author (never oneself)."""

    def act(self, user: User, target: User) -> None:
        raise NotImplementedError

    def done_message(self, name: str) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self.message(request, message_id)
        if message.author_id == request.user.pk:
            return redirect(_message_url(message, request.user))
        return self.render_page(request, message, person=message.author)

    def post(self, request: HttpRequest, message_id: int) -> HttpResponse:
        message = self.message(request, message_id)
        user = signed_in_user(request)
        # Back to the page the post was on (worked out while it is still shown there).
        back = _message_url(message, user).split("#", 1)[0]
        self.act(user, message.author)
        messages.success(request, self.done_message(message.author.display_name))
        return redirect(back)


class MessageMuteView(_PersonActionView):
    """Hides the post's author from this person. They are not told."""

    template_name = "conversations/message_mute/index.html"

    def done_message(self, name: str) -> str:
        return _("%(name)s is muted. You can undo this on the page of people you muted.") % {
            "name": name
        }

    def act(self, user: User, target: User) -> None:
        services.mute_set(user=user, target=target, muted=True)


class MessageBlockView(_PersonActionView):
    """Blocks the post's author: no contact either way."""

    template_name = "conversations/message_block/index.html"

    def done_message(self, name: str) -> str:
        return _(
            "%(name)s is blocked. You can undo this on the page of people you muted or blocked."
        ) % {"name": name}

    def act(self, user: User, target: User) -> None:
        services.block_set(user=user, target=target, blocked=True)


# --- Whom I muted or blocked ------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class PeopleListView(LoginRequiredMixin, NoIndexMixin):
    """The people this person muted or blocked, each with an undo button."""

    template_name = "conversations/people_list/index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        context = {
            "mutes": selectors.mute_list(user=user),
            "blocks": selectors.block_list(user=user),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        raw_id = request.POST.get("user_id") or ""
        person_id = int(raw_id) if raw_id.isdigit() else 0
        action = request.POST.get("action")
        if person_id and action == "unmute":
            mute = (
                Mute.objects.filter(user=user, muted_id=person_id).select_related("muted").first()
            )
            if mute is not None:
                services.mute_set(user=user, target=mute.muted, muted=False)
                messages.success(
                    request,
                    _("%(name)s is no longer muted.") % {"name": mute.muted.display_name},
                )
        elif person_id and action == "unblock":
            block = (
                Block.objects.filter(user=user, blocked_id=person_id)
                .select_related("blocked")
                .first()
            )
            if block is not None:
                services.block_set(user=user, target=block.blocked, blocked=False)
                messages.success(
                    request,
                    _("%(name)s is no longer blocked.") % {"name": block.blocked.display_name},
                )
        return redirect("conversation-people")
