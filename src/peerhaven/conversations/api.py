"""The conversations API: a group's threads and chat rooms, their messages, reactions,
read marks, and the caller's own mutes and blocks.

Every rule comes from conversations/policies.py through the selectors and services, as on
the web and the chat socket: members-only content answers 404 to everyone else, exactly
like a missing conversation. People are known by their display name only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peerhaven.accounts.api import ErrorSerializer, StrictCharField
from peerhaven.accounts.models import DISPLAY_NAME_MAX, SupportPreference, User
from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.conversations import policies, screening, selectors, services
from peerhaven.conversations.models import Conversation, Message, Moderation, Reaction, ReadMark
from peerhaven.core.api import page_of
from peerhaven.groups import policies as group_policies
from peerhaven.groups import selectors as group_selectors

TAGS = ["conversations"]
ME_TAGS = ["account"]
MESSAGES_LIMIT = selectors.CATCH_UP_BATCH


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


E400 = _error(
    "Invalid data; nothing was changed. Message problems answer invalid_message, "
    "message_too_long or invalid_client_id, with the field in extra.field."
)
E403 = _error("Not signed in, or not allowed (for example, not your message).")
E404 = _error("No such conversation or message, or not visible to you (members only).")
E409_WRITE = _error(
    "agreement_needed: agree again to the guidelines in force before taking part (extra "
    "holds the versions); client_id_reused: this client id came with a different text."
)
E429 = _error("rate_limited: sending too fast; extra.retry_after says how many seconds.")


# --- Shared shapes ------------------------------------------------------------------------


class ReactionSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Reaction.Kind.choices)
    # DRF takes declared fields off the class, so this does not shadow Field.label.
    label = serializers.CharField(help_text="What to show.")  # type: ignore[assignment]
    given = serializers.BooleanField(help_text="Someone gave this reaction (there are no counts).")
    mine = serializers.BooleanField(help_text="You gave it.")
    by = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Who gave it (display names): shown to the message's author only, else null.",
    )

    class Meta:
        ref_name = "MessageReaction"


class MessageSerializer(serializers.Serializer[Any]):
    """The shape the chat socket sends too, plus what depends on the reader."""

    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    seq = serializers.IntegerField(help_text="Order within the conversation; resume after it.")
    client_id = serializers.CharField()
    author = serializers.CharField(help_text="The author's display name.")
    text = serializers.CharField(help_text="Markdown, as written.")
    html = serializers.CharField(help_text="The text rendered and sanitized.")
    support_preference = serializers.ChoiceField(choices=SupportPreference.choices)
    warning_topics = serializers.ListField(child=serializers.CharField(), help_text="Topic names.")
    warning_note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    edited = serializers.BooleanField()
    mine = serializers.BooleanField(help_text="You wrote it (you may edit or delete it).")
    warned = serializers.BooleanField(
        help_text="Fold it behind its warning: it has a note, or a topic you filter."
    )
    reactions = ReactionSerializer(many=True)
    care = serializers.BooleanField(
        help_text=(
            "Your own message, screened lately as a sign you may be struggling: show help "
            "now (crisis lines at /help/, GET /api/v1/resources/). Always false for others."
        )
    )
    moderation = serializers.ChoiceField(
        choices=Moderation.choices,
        help_text=(
            "visible: everyone in the conversation sees it. Only you, its author, ever get "
            "your message in another state, and nobody else sees it meanwhile: pending: "
            "waiting for a facilitator (a new member's first posts), show it as such; "
            "hidden: hidden by a moderator until you edit it; removed: removed by a moderator."
        ),
    )

    class Meta:
        ref_name = "ConversationMessage"


class ConversationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Conversation.Kind.choices)
    title = serializers.CharField()
    created_by = serializers.CharField(
        allow_null=True, help_text="Display name; null once that account is gone."
    )
    created_at = serializers.DateTimeField()
    last_message_at = serializers.DateTimeField(allow_null=True)
    last_seq = serializers.IntegerField(help_text="The newest message's seq (0: none yet).")
    unread = serializers.IntegerField(
        help_text=(
            "Messages after your read mark that you can see: none held or taken down by "
            "moderation (your own aside), none by people you muted or blocked (or who blocked "
            "you)."
        )
    )

    class Meta:
        ref_name = "ConversationSummary"


class ConversationDetailSerializer(ConversationSerializer):
    group = serializers.SlugField()
    seen_seq = serializers.IntegerField(help_text="Your read mark.")
    previous_seen_seq = serializers.IntegerField(
        help_text="Your read mark before your last visit: what is new since then."
    )
    can_write = serializers.BooleanField(
        help_text="False until you agree again to the guidelines in force; reading stays open."
    )

    class Meta:
        ref_name = "Conversation"


class MessageInputSerializer(serializers.Serializer[Any]):
    text = StrictCharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="Markdown. Not empty, and at most the site's limit (5000 by default).",
    )
    client_id = StrictCharField(
        required=False,
        allow_blank=True,
        help_text=(
            "1 to 64 letters, digits, dashes or underscores, chosen by your client. Sending "
            "again with the same id returns the stored message instead of a second one."
        ),
    )
    support_preference = serializers.ChoiceField(
        choices=SupportPreference.choices,
        required=False,
        allow_blank=True,
        help_text="What kind of answers you would like; your profile's choice by default.",
    )
    warning_topics = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        help_text=f"Content warning topic slugs (at most {services.WARNING_TOPICS_MAX}).",
    )
    warning_note = StrictCharField(
        required=False,
        allow_blank=True,
        help_text=f"A short content warning (at most {services.WARNING_NOTE_MAX} characters).",
    )

    class Meta:
        ref_name = "MessageInput"


def _message_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        # Left out (a thread start may omit it, for a room): the services answer as for an
        # empty text, invalid_message with extra.field "text".
        "text": data.get("text", ""),
        "client_id": data.get("client_id"),
        "support_preference": data.get("support_preference"),
        "warning_topics": data.get("warning_topics"),
        "warning_note": data.get("warning_note", ""),
    }


def _message_data(
    message: Message,
    *,
    user: User,
    filter_ids: set[int],
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Call with reactions (and their users) and warning topics prefetched, or pay per row."""
    is_author = message.author_id == user.pk
    summaries = selectors.reaction_summaries(message=message, user=user)
    return {
        **(payload or services.message_payload(message)),
        "mine": is_author,
        "care": screening.shows_care(message, user),
        "warned": selectors.warned_for(message=message, filter_topic_ids=filter_ids),
        "reactions": [
            {
                "kind": s.kind,
                "label": s.label,
                "given": s.given,
                "mine": s.mine,
                "by": s.by if is_author else None,
            }
            for s in summaries
        ],
    }


def _one_message_data(message: Message, user: User) -> dict[str, Any]:
    reactions = selectors.reactions_seen_by(
        user, include_mutes=message.conversation.kind != Conversation.Kind.MEDIATION
    )
    prefetch_related_objects([message], "warning_topics", Prefetch("reactions", queryset=reactions))
    return _message_data(message, user=user, filter_ids=selectors.content_filter_ids(user))


def _conversation_data(conversation: Conversation, *, unread: int) -> dict[str, Any]:
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "title": conversation.title,
        "created_by": conversation.created_by.display_name if conversation.created_by else None,
        "created_at": conversation.created_at,
        "last_message_at": conversation.last_message_at,
        "last_seq": conversation.last_seq,
        "unread": unread,
    }


def _conversation_detail(conversation: Conversation, user: User) -> dict[str, Any]:
    mark = selectors.read_mark_of(user=user, conversation=conversation)
    seen = mark.last_seen_seq if mark else 0
    # Only the new posts this reader can see, as the group's list counts them
    # (conversations_of_group): none held for a facilitator, none by people hidden for them.
    unread = (
        selectors.visible_messages(conversation=conversation, user=user)
        .filter(seq__gt=seen)
        .count()
    )
    return {
        **_conversation_data(conversation, unread=unread),
        "group": conversation.group.slug,
        "seen_seq": seen,
        "previous_seen_seq": mark.previous_seen_seq if mark else 0,
        "can_write": policies.can_write_conversation(user, conversation),
    }


def _conversation(request: Request, conversation_id: int) -> Conversation:
    return selectors.conversation_get(user=request.user, conversation_id=conversation_id)


def _message(request: Request, message_id: int) -> Message:
    return selectors.message_get(user=request.user, message_id=message_id)


# --- A group's conversations --------------------------------------------------------------


class GroupConversationsApi(APIView):
    class QuerySerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(
            choices=Conversation.Kind.choices, default=Conversation.Kind.THREAD
        )
        page = serializers.IntegerField(min_value=1, default=1)

        class Meta:
            ref_name = "ConversationListQuery"

    class OutputSerializer(serializers.Serializer[Any]):
        count = serializers.IntegerField()
        page = serializers.IntegerField()
        pages = serializers.IntegerField()
        per_page = serializers.IntegerField()
        results = ConversationSerializer(many=True)

        class Meta:
            ref_name = "ConversationPage"

    class InputSerializer(MessageInputSerializer):
        # Mediated conversations are opened by facilitators through moderation, not here.
        kind = serializers.ChoiceField(
            choices=[
                (Conversation.Kind.THREAD.value, Conversation.Kind.THREAD.label),
                (Conversation.Kind.ROOM.value, Conversation.Kind.ROOM.label),
            ],
            default=Conversation.Kind.THREAD,
            help_text="thread (any member who may take part) or room (facilitators).",
        )
        title = StrictCharField(
            help_text=f"At most {services.TITLE_MAX} characters.", trim_whitespace=False
        )
        text = StrictCharField(
            required=False,
            allow_blank=True,
            trim_whitespace=False,
            help_text=(
                "Required for a thread: its first post (Markdown); left out or empty answers "
                "invalid_message with extra.field text. Not used for a room."
            ),
        )

        class Meta:
            ref_name = "ConversationStartInput"

    class StartedSerializer(serializers.Serializer[Any]):
        conversation = ConversationDetailSerializer()
        message = MessageSerializer(allow_null=True, help_text="The first post; null for a room.")

        class Meta:
            ref_name = "ConversationStarted"

    @extend_schema(
        tags=TAGS,
        summary="A group's threads or chat rooms",
        operation_id="groups_conversations_list",
        description=(
            "Members only. Most recently active first (never by popularity), "
            f"{selectors.PAGE_SIZE} a page, each with how many messages you have not read."
        ),
        parameters=[QuerySerializer],
        responses={200: OutputSerializer, 400: E400, 403: E403, 404: E404},
    )
    def get(self, request: Request, group_slug: str) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group = group_selectors.group_get_visible(user=user, slug=group_slug)
        group_policies.check_view_content(user, group)
        rows = selectors.conversations_of_group(
            group=group, user=user, kind=query.validated_data["kind"]
        )
        page, meta = page_of(rows, query.validated_data["page"], selectors.PAGE_SIZE)
        data = {**meta, "results": [_conversation_data(c, unread=c.unread_count) for c in page]}
        return Response(self.OutputSerializer(data).data)

    @extend_schema(
        tags=TAGS,
        summary="Start a thread, or open a chat room",
        description=(
            "A thread: any member who agreed to the guidelines in force, with a title and a "
            "first post. Sending again with the same client_id returns the same thread and "
            "post (200). A chat room: the group's facilitators, with a title only."
        ),
        request=InputSerializer,
        responses={
            201: StartedSerializer,
            200: OpenApiResponse(
                StartedSerializer, description="This client_id was used before: the same thread."
            ),
            400: E400,
            403: E403,
            404: E404,
            409: E409_WRITE,
            429: E429,
        },
        examples=[
            OpenApiExample(
                "Start a thread",
                value={
                    "title": "How was your week?",
                    "text": "Mine was long. How was yours?",
                    "client_id": "3f9a1c",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Open a chat room",
                value={"kind": "room", "title": "Tuesday chat"},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request, group_slug: str) -> Response:
        user = signed_in_user(request)
        group = group_selectors.group_get_visible(user=user, slug=group_slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["kind"] == Conversation.Kind.ROOM:
            room = services.room_open(actor=user, group=group, title=data["title"])
            started = {"conversation": _conversation_detail(room, user), "message": None}
            return Response(self.StartedSerializer(started).data, status=status.HTTP_201_CREATED)
        posted = services.thread_start(
            author=user, group=group, title=data["title"], **_message_fields(data)
        )
        message = posted.message
        started = {
            "conversation": _conversation_detail(message.conversation, user),
            "message": _one_message_data(message, user),
        }
        return Response(
            self.StartedSerializer(started).data,
            status=status.HTTP_201_CREATED if posted.created else status.HTTP_200_OK,
        )


# --- One conversation ---------------------------------------------------------------------


class ConversationDetailApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A thread or chat room",
        description="Members only, including those who still have to agree again (reading).",
        responses={200: ConversationDetailSerializer, 403: E403, 404: E404},
    )
    def get(self, request: Request, conversation_id: int) -> Response:
        user = signed_in_user(request)
        conversation = _conversation(request, conversation_id)
        return Response(ConversationDetailSerializer(_conversation_detail(conversation, user)).data)


class ConversationMessagesApi(APIView):
    class QuerySerializer(serializers.Serializer[Any]):
        after = serializers.IntegerField(
            min_value=0,
            default=0,
            help_text="Only messages with a greater seq (0: from the start).",
        )
        limit = serializers.IntegerField(
            min_value=1,
            max_value=MESSAGES_LIMIT,
            default=MESSAGES_LIMIT,
            help_text=f"At most {MESSAGES_LIMIT}.",
        )

        class Meta:
            ref_name = "MessageListQuery"

    class OutputSerializer(serializers.Serializer[Any]):
        messages = MessageSerializer(many=True)
        next_after = serializers.IntegerField(
            allow_null=True,
            help_text="Pass as `after` for the next batch; null when this batch reached the end.",
        )
        last_seq = serializers.IntegerField(help_text="The conversation's newest seq right now.")

        class Meta:
            ref_name = "MessageBatch"

    @extend_schema(
        tags=TAGS,
        summary="Messages after a sequence number",
        operation_id="conversations_messages_list",
        description=(
            "Members only. In seq order, after `after`: a reconnecting client resumes from the "
            "last seq it has and misses nothing. Messages of people you muted or blocked (or "
            "who blocked you) are left out."
        ),
        parameters=[QuerySerializer],
        responses={200: OutputSerializer, 400: E400, 403: E403, 404: E404},
    )
    def get(self, request: Request, conversation_id: int) -> Response:
        user = signed_in_user(request)
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        conversation = _conversation(request, conversation_id)
        limit = query.validated_data["limit"]
        batch = selectors.messages_after(
            conversation=conversation,
            user=user,
            after_seq=query.validated_data["after"],
            limit=limit,
        )
        filter_ids = selectors.content_filter_ids(user)
        data = {
            "messages": [_message_data(m, user=user, filter_ids=filter_ids) for m in batch],
            "next_after": batch[-1].seq if len(batch) == limit else None,
            "last_seq": conversation.last_seq,
        }
        return Response(self.OutputSerializer(data).data)

    @extend_schema(
        tags=TAGS,
        summary="Post a message",
        description=(
            "Members who agreed to the guidelines in force. 201 for a new message; 200 with the "
            "same message when this client_id was sent before with the same text."
        ),
        request=MessageInputSerializer,
        responses={
            201: MessageSerializer,
            200: OpenApiResponse(
                MessageSerializer, description="Sent before with this client_id: the same message."
            ),
            400: E400,
            403: E403,
            404: E404,
            409: E409_WRITE,
            429: E429,
        },
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        user = signed_in_user(request)
        conversation = _conversation(request, conversation_id)
        serializer = MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posted = services.message_post(
            author=user, conversation=conversation, **_message_fields(serializer.validated_data)
        )
        return Response(
            MessageSerializer(_one_message_data(posted.message, user)).data,
            status=status.HTTP_201_CREATED if posted.created else status.HTTP_200_OK,
        )


class ConversationReadApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        seq = serializers.IntegerField(min_value=0, help_text="The last seq you have seen.")

        class Meta:
            ref_name = "ReadMarkInput"

    class OutputSerializer(serializers.Serializer[ReadMark]):
        seen_seq = serializers.IntegerField(source="last_seen_seq")
        previous_seen_seq = serializers.IntegerField()

        class Meta:
            ref_name = "ReadMark"

    @extend_schema(
        tags=TAGS,
        summary="Move your read mark",
        description="Members only. The mark only moves forward, and never past the newest seq.",
        request=InputSerializer,
        responses={200: OutputSerializer, 400: E400, 403: E403, 404: E404},
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        user = signed_in_user(request)
        conversation = _conversation(request, conversation_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mark = services.read_mark_update(
            user=user, conversation=conversation, seq=serializer.validated_data["seq"]
        )
        return Response(self.OutputSerializer(mark).data)


class GroupConversationsReadApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        threads = serializers.IntegerField(help_text="How many threads had unread posts.")

        class Meta:
            ref_name = "ReadAll"

    @extend_schema(
        tags=TAGS,
        summary="Mark all of a group's threads read",
        description=(
            "Members only. Moves your read mark in every thread of the group to its newest "
            "post; each thread's previous_seen_seq keeps where you were, as a visit does."
        ),
        request=None,
        responses={200: OutputSerializer, 403: E403, 404: E404},
    )
    def post(self, request: Request, group_slug: str) -> Response:
        user = signed_in_user(request)
        group = group_selectors.group_get_visible(user=user, slug=group_slug)
        count = services.read_marks_catch_up(user=user, group=group)
        return Response(self.OutputSerializer({"threads": count}).data)


# --- One message --------------------------------------------------------------------------


class MessageDetailApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        text = StrictCharField(allow_blank=True, trim_whitespace=False, help_text="Markdown.")

        class Meta:
            ref_name = "MessageEditInput"

    @extend_schema(
        tags=TAGS,
        summary="Edit your message",
        description=(
            "Your own messages only. Readers see that it was edited; the group's facilitators "
            "can see the earlier text."
        ),
        request=InputSerializer,
        responses={200: MessageSerializer, 400: E400, 403: E403, 404: E404, 409: E409_WRITE},
    )
    def patch(self, request: Request, message_id: int) -> Response:
        user = signed_in_user(request)
        message = _message(request, message_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_edit(
            user=user, message=message, text=serializer.validated_data["text"]
        )
        return Response(MessageSerializer(_one_message_data(message, user)).data)

    @extend_schema(
        tags=TAGS,
        summary="Delete your message",
        description="Your own messages only. It is erased with its earlier versions.",
        request=None,
        responses={
            204: OpenApiResponse(description="Erased."),
            403: E403,
            404: E404,
        },
    )
    def delete(self, request: Request, message_id: int) -> Response:
        message = _message(request, message_id)
        services.message_delete(user=signed_in_user(request), message=message)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageVersionsApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        text = serializers.CharField(source="body", help_text="The text before an edit.")
        replaced_at = serializers.DateTimeField(
            source="created_at", help_text="When it was edited."
        )

        class Meta:
            ref_name = "MessageVersion"

    @extend_schema(
        tags=TAGS,
        summary="Earlier versions of an edited message",
        description="The group's facilitators only. Oldest first; the current text is not listed.",
        responses={200: OutputSerializer(many=True), 403: E403, 404: E404},
    )
    def get(self, request: Request, message_id: int) -> Response:
        message = _message(request, message_id)
        revisions = selectors.message_revisions(user=signed_in_user(request), message=message)
        return Response(self.OutputSerializer(revisions, many=True).data)


KIND_PARAMETER = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=Reaction.Kind.values,
    description="Which reaction.",
)
E400_REACTION = _error("invalid_reaction: not one of the reactions.")
E409_REACTION = _error(
    "own_message: reactions are for other people's messages; agreement_needed: agree "
    "again to the guidelines in force first."
)


class MessageReactionApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        reactions = ReactionSerializer(many=True)

        class Meta:
            ref_name = "MessageReactions"

    def _set(self, request: Request, message_id: int, kind: str, *, given: bool) -> Response:
        user = signed_in_user(request)
        message = _message(request, message_id)
        services.reaction_set(user=user, message=message, kind=kind, given=given)
        data = _one_message_data(message, user)
        return Response(self.OutputSerializer({"reactions": data["reactions"]}).data)

    @extend_schema(
        tags=TAGS,
        summary="React to a message",
        description=(
            "Members who may take part, to other people's messages. Giving it again changes "
            "nothing. Blocked either way answers 404."
        ),
        parameters=[KIND_PARAMETER],
        request=None,
        responses={
            200: OutputSerializer,
            400: E400_REACTION,
            403: E403,
            404: E404,
            409: E409_REACTION,
        },
    )
    def post(self, request: Request, message_id: int, kind: str) -> Response:
        return self._set(request, message_id, kind, given=True)

    @extend_schema(
        tags=TAGS,
        summary="Take back a reaction",
        description="Taking back one you did not give changes nothing.",
        parameters=[KIND_PARAMETER],
        request=None,
        responses={
            200: OutputSerializer,
            400: E400_REACTION,
            403: E403,
            404: E404,
            409: E409_REACTION,
        },
    )
    def delete(self, request: Request, message_id: int, kind: str) -> Response:
        return self._set(request, message_id, kind, given=False)


# --- Your mutes and blocks ----------------------------------------------------------------


class PersonSerializer(serializers.Serializer[Any]):
    display_name = serializers.CharField()
    since = serializers.DateTimeField()

    class Meta:
        ref_name = "MutedOrBlockedPerson"


class PersonInputSerializer(serializers.Serializer[Any]):
    display_name = StrictCharField(
        max_length=DISPLAY_NAME_MAX, help_text="Their display name, in any letter case."
    )

    class Meta:
        ref_name = "PersonInput"


class PersonOutputSerializer(serializers.Serializer[User]):
    display_name = serializers.CharField()

    class Meta:
        ref_name = "Person"


E404_PERSON = _error("unknown_person: nobody has that display name.")
E409_SELF = _error("self: you cannot mute or block yourself.")


class MyMutesApi(APIView):
    @extend_schema(
        tags=ME_TAGS,
        summary="People you muted",
        description="Their messages are hidden for you. They are not told.",
        responses={200: PersonSerializer(many=True), 403: E403},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.mute_list(user=signed_in_user(request))
        data = [{"display_name": m.muted.display_name, "since": m.created_at} for m in rows]
        return Response(PersonSerializer(data, many=True).data)

    @extend_schema(
        tags=ME_TAGS,
        summary="Mute someone",
        description="Hides their messages for you only. Muting again changes nothing.",
        request=PersonInputSerializer,
        responses={
            200: PersonOutputSerializer,
            400: E400,
            403: E403,
            404: E404_PERSON,
            409: E409_SELF,
        },
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        serializer = PersonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = selectors.person_get(display_name=serializer.validated_data["display_name"])
        services.mute_set(user=user, target=target, muted=True)
        return Response(PersonOutputSerializer(target).data)


class MyMuteApi(APIView):
    @extend_schema(
        tags=ME_TAGS,
        summary="Unmute someone",
        request=None,
        responses={
            204: OpenApiResponse(description="Their messages show again (or were not muted)."),
            403: E403,
            404: E404_PERSON,
            409: E409_SELF,
        },
    )
    def delete(self, request: Request, display_name: str) -> Response:
        target = selectors.person_get(display_name=display_name)
        services.mute_set(user=signed_in_user(request), target=target, muted=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyBlocksApi(APIView):
    @extend_schema(
        tags=ME_TAGS,
        summary="People you blocked",
        responses={200: PersonSerializer(many=True), 403: E403},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.block_list(user=signed_in_user(request))
        data = [{"display_name": b.blocked.display_name, "since": b.created_at} for b in rows]
        return Response(PersonSerializer(data, many=True).data)

    @extend_schema(
        tags=ME_TAGS,
        summary="Block someone",
        description=(
            "No contact either way: neither of you sees the other's messages or can react to "
            "them. Blocking again changes nothing."
        ),
        request=PersonInputSerializer,
        responses={
            200: PersonOutputSerializer,
            400: E400,
            403: E403,
            404: E404_PERSON,
            409: E409_SELF,
        },
    )
    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        serializer = PersonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = selectors.person_get(display_name=serializer.validated_data["display_name"])
        services.block_set(user=user, target=target, blocked=True)
        return Response(PersonOutputSerializer(target).data)


class MyBlockApi(APIView):
    @extend_schema(
        tags=ME_TAGS,
        summary="Unblock someone",
        request=None,
        responses={
            204: OpenApiResponse(description="Unblocked (or was not blocked)."),
            403: E403,
            404: E404_PERSON,
            409: E409_SELF,
        },
    )
    def delete(self, request: Request, display_name: str) -> Response:
        target = selectors.person_get(display_name=display_name)
        services.block_set(user=signed_in_user(request), target=target, blocked=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyThreadsWithRepliesApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField(source="conversation.pk")
        group = serializers.SlugField(source="conversation.group.slug")
        title = serializers.CharField(source="conversation.title")
        last_message_at = serializers.DateTimeField(source="conversation.last_message_at")
        new_replies = serializers.IntegerField(
            help_text=(
                "Posts by others after your read mark that you can see, counted up to "
                f"{selectors.UNREAD_COUNTED_MAX}."
            )
        )

        class Meta:
            ref_name = "ThreadWithReplies"

    @extend_schema(
        tags=ME_TAGS,
        summary="New replies to your threads",
        description=(
            "Threads you started where others posted since you last read them, most recently "
            f"active first, at most {selectors.OWN_THREADS_WITH_REPLIES_MAX}: only in groups "
            "you still belong to, and never counting posts held by moderation or by people "
            "you muted or blocked (or who blocked you). Reading the thread (or marking it "
            "read) takes it off the list."
        ),
        responses={200: OutputSerializer(many=True), 403: E403},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.own_threads_with_replies(user=signed_in_user(request))
        return Response(self.OutputSerializer(rows, many=True).data)
