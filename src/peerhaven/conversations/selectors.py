"""Reads of conversations, already filtered by who may see what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import User
from peerhaven.conversations import policies
from peerhaven.conversations.models import (
    Block,
    Conversation,
    Message,
    MessageRevision,
    Moderation,
    Mute,
    Reaction,
    ReadMark,
)
from peerhaven.core.exceptions import NotFound
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group

PAGE_SIZE = 30
CATCH_UP_BATCH = 200


def conversation_get(
    *, user: Any, conversation_id: int, group: Group | None = None
) -> Conversation:
    """The conversation if this person may read it; NotFound for missing and hidden alike."""
    conversation = (
        Conversation.objects.select_related("group", "group__rules")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or (group is not None and conversation.group_id != group.pk):
        raise policies.conversation_not_found()
    policies.check_read_conversation(user, conversation)
    return conversation


def conversation_last_seq(conversation_id: int) -> int:
    """The newest seq handed out in the conversation (0: none yet, or no such conversation).
    No access check: for a chat socket that holds the room already. Every message up to it
    has committed, so nothing is newer when this is at most what a client has. Plain SQL:
    each ping asks it of every subscribed room, and the ORM would cost more than the query."""
    table = connection.ops.quote_name(Conversation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_seq FROM {table} WHERE id = %s", [conversation_id])  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def message_get(*, user: Any, message_id: int) -> Message:
    message = (
        Message.objects.select_related("author", "conversation", "conversation__group")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        raise policies.message_not_found()
    try:
        policies.check_read_message(user, message)
    except NotFound:
        # A hidden conversation answers as a missing message, not as a conversation.
        raise policies.message_not_found() from None
    return message


def readable_by(
    messages: QuerySet[Message], *, user_id: Any, hidden: set[int]
) -> QuerySet[Message]:
    """The posts among `messages` this reader sees: held, hidden or removed by moderation,
    only its author still sees one; nothing by people hidden for them (`hidden_author_ids`)."""
    return messages.filter(Q(moderation=Moderation.VISIBLE) | Q(author_id=user_id)).exclude(
        author_id__in=hidden
    )


def _threads_listed_for(
    rows: QuerySet[Conversation], *, user_id: Any, moderates: bool, hidden: set[int]
) -> QuerySet[Conversation]:
    """The threads among `rows` this reader sees listed."""
    if not moderates:
        # As policies.check_read_conversation: an erased first post leaves the thread public.
        first_post_held = Message.objects.filter(conversation=OuterRef("pk"), seq=1).exclude(
            moderation=Moderation.VISIBLE
        )
        rows = rows.filter(Q(created_by=user_id) | ~Exists(first_post_held))
    if hidden:
        # A thread's title is its starter's words: threads by people this reader muted or
        # blocked (or who blocked them) are not listed, as their posts are not shown.
        rows = rows.exclude(created_by__in=hidden)
    return rows


def conversations_of_group(*, group: Group, user: Any, kind: str) -> QuerySet[Conversation]:
    """Most recently active first (never by popularity), with how many posts this reader
    can see (`message_count`) and how many of those are new to them (`unread_count`).
    Mediated conversations appear only to those who may read them; a thread whose first
    post waits for a facilitator (or was taken down) only to its author and moderators
    (policies.check_read_conversation); a thread started by someone hidden for this reader
    (muted, blocked, or blocking them) not at all."""
    user_id = getattr(user, "pk", None)
    last_seen = ReadMark.objects.filter(user=user, conversation=OuterRef("pk")).values(
        "last_seen_seq"
    )[:1]
    rows = Conversation.objects.filter(group=group, kind=kind)
    moderates = group_policies.can_manage_group(user, group)
    if kind == Conversation.Kind.MEDIATION and not moderates:
        # Private: listed only for those who may read them (their participants).
        rows = rows.filter(participants__user=user_id)
    hidden = policies.hidden_author_ids(
        user, include_mutes=kind != Conversation.Kind.MEDIATION, group=group
    )
    if kind == Conversation.Kind.THREAD:
        rows = _threads_listed_for(rows, user_id=user_id, moderates=moderates, hidden=hidden)
    # The same posts the thread page shows this reader (visible_messages), counted per row
    # by a subquery: only the rows of the page asked for are counted, not the whole group.
    readable = (
        readable_by(
            Message.objects.filter(conversation=OuterRef("pk")), user_id=user_id, hidden=hidden
        )
        .order_by()
        .values("conversation")
    )
    counted = readable.annotate(n=Count("pk")).values("n")
    unread = readable.filter(seq__gt=OuterRef("seen_seq")).annotate(n=Count("pk")).values("n")
    return (
        rows.select_related("created_by")
        .annotate(seen_seq=Coalesce(Subquery(last_seen, output_field=IntegerField()), 0))
        .annotate(
            message_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
            unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )


def reactions_seen_by(
    user: Any, *, hidden: set[int] | None = None, include_mutes: bool = True
) -> QuerySet[Reaction]:
    """Reactions with their givers, leaving out the people this reader muted or blocked (or
    who blocked them), as their posts are. Pass `hidden` when already known."""
    if hidden is None:
        hidden = policies.hidden_author_ids(user, include_mutes=include_mutes)
    return Reaction.objects.select_related("user").exclude(user_id__in=hidden)


def visible_messages(*, conversation: Conversation, user: Any) -> QuerySet[Message]:
    hidden = policies.hidden_author_ids(
        user,
        include_mutes=conversation.kind != Conversation.Kind.MEDIATION,
        group=conversation.group,
    )
    return (
        readable_by(
            Message.objects.filter(conversation=conversation),
            user_id=getattr(user, "pk", None),
            hidden=hidden,
        )
        .select_related("author")
        .prefetch_related(
            "warning_topics",
            Prefetch("reactions", queryset=reactions_seen_by(user, hidden=hidden)),
        )
        .order_by("seq")
    )


def messages_after(
    *, conversation: Conversation, user: Any, after_seq: int, limit: int = CATCH_UP_BATCH
) -> list[Message]:
    """The next batch of messages after `after_seq`, in order: a reconnecting client's catch-up."""
    return list(
        visible_messages(conversation=conversation, user=user).filter(seq__gt=after_seq)[:limit]
    )


def read_mark_of(*, user: Any, conversation: Conversation) -> ReadMark | None:
    if not user.is_authenticated:
        return None
    return ReadMark.objects.filter(user=user, conversation=conversation).first()


@dataclass(frozen=True)
class ReactionSummary:
    """What a reader sees of one reaction kind: given or not, by me or not; the author
    also sees who gave it. No counts, so nothing reads as a popularity score."""

    kind: str
    label: str
    given: bool
    mine: bool
    by: list[str]


def reaction_summaries(*, message: Message, user: Any) -> list[ReactionSummary]:
    reactions = list(message.reactions.all())
    is_author = message.author_id == getattr(user, "pk", None)
    summaries = []
    for kind, label in Reaction.Kind.choices:
        of_kind = [r for r in reactions if r.kind == kind]
        summaries.append(
            ReactionSummary(
                kind=kind,
                label=str(label),
                given=bool(of_kind),
                mine=any(r.user_id == getattr(user, "pk", None) for r in of_kind),
                by=sorted(r.user.display_name for r in of_kind) if is_author else [],
            )
        )
    return summaries


# Past this many, pages say "99+": counting stops there, so a group with years of posts
# costs a newcomer's page no more than one with a few.
UNREAD_COUNTED_MAX = 100


def unread_total(*, user: Any, group: Group) -> int:
    """Posts in the group's threads this member has not seen, counted up to
    UNREAD_COUNTED_MAX: the same posts `conversations_of_group` counts as unread."""
    return unread_totals(user=user, groups=[group])[group.pk]


def unread_totals(*, user: Any, groups: Sequence[Group]) -> dict[int, int]:
    """unread_total for each of `groups`, by group id, with who moderates and whose posts
    are hidden read once for all of them."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return {group.pk: 0 for group in groups}
    managed = group_policies.groups_managed_by(user, groups)
    hidden = policies.hidden_authors(user)
    return {
        group.pk: _unread_in(
            group,
            user_id=user_id,
            moderates=group.pk in managed,
            hidden=hidden.as_moderator if group.pk in managed else hidden.as_member,
        )
        for group in groups
    }


def _unread_in(group: Group, *, user_id: int, moderates: bool, hidden: set[int]) -> int:
    # Only the threads with posts after the reader's mark are looked into, and in each only
    # the posts after it, so being up to date costs next to nothing however long the group
    # has run.
    seen = ReadMark.objects.filter(user=user_id, conversation=OuterRef("pk")).values(
        "last_seen_seq"
    )[:1]
    threads = (
        _threads_listed_for(
            Conversation.objects.filter(group=group, kind=Conversation.Kind.THREAD),
            user_id=user_id,
            moderates=moderates,
            hidden=hidden,
        )
        .annotate(seen_seq=Coalesce(Subquery(seen, output_field=IntegerField()), 0))
        .filter(last_seq__gt=F("seen_seq"))
    )
    seen_here = ReadMark.objects.filter(user=user_id, conversation=OuterRef("conversation")).values(
        "last_seen_seq"
    )[:1]
    posts = readable_by(
        Message.objects.filter(conversation__in=threads.values("pk")),
        user_id=user_id,
        hidden=hidden,
    ).filter(seq__gt=Coalesce(Subquery(seen_here, output_field=IntegerField()), 0))
    # Unordered, so the count stops at the limit instead of sorting every unread post first.
    return posts.order_by()[:UNREAD_COUNTED_MAX].count()


# How many of a member's own threads with new replies the home page and the API list.
OWN_THREADS_WITH_REPLIES_MAX = 5


@dataclass(frozen=True)
class ThreadWithReplies:
    conversation: Conversation
    new_replies: int


def own_threads_with_replies(
    *,
    user: Any,
    since: datetime | None = None,
    limit: int | None = OWN_THREADS_WITH_REPLIES_MAX,
) -> list[ThreadWithReplies]:
    """The threads this member started where others posted since they last looked (and,
    given `since`, after that moment), most recently active first: only in groups they
    still belong to, counting the replies the thread page shows them (nothing held,
    nothing by people hidden for them), up to UNREAD_COUNTED_MAX each. Being up to date
    costs one query. `limit` None lists them all."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return []
    seen = ReadMark.objects.filter(user=user_id, conversation=OuterRef("pk")).values(
        "last_seen_seq"
    )[:1]
    behind = (
        Conversation.objects.filter(
            kind=Conversation.Kind.THREAD,
            created_by=user_id,
            group__memberships__user=user_id,
        )
        .annotate(seen_seq=Coalesce(Subquery(seen, output_field=IntegerField()), 0))
        .filter(last_seq__gt=F("seen_seq"))
        .select_related("group")
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )
    # A few more than are shown: a thread whose only new posts are hidden drops out below.
    candidates = list(behind if limit is None else behind[: 2 * limit])
    if not candidates:
        return []
    managed = group_policies.groups_managed_by(user, {c.group for c in candidates})
    hidden = policies.hidden_authors(user)
    found: list[ThreadWithReplies] = []
    for conversation in candidates:
        after = Message.objects.filter(conversation=conversation, seq__gt=conversation.seen_seq)
        if since is not None:
            after = after.filter(created_at__gt=since)
        replies = readable_by(
            after.exclude(author_id=user_id),
            user_id=user_id,
            hidden=hidden.as_moderator if conversation.group_id in managed else hidden.as_member,
        )
        count = replies.order_by()[:UNREAD_COUNTED_MAX].count()
        if count:
            found.append(ThreadWithReplies(conversation=conversation, new_replies=count))
            if len(found) == limit:
                break
    return found


def warned_for(*, message: Message, filter_topic_ids: set[int]) -> bool:
    """Fold this message for a reader: it carries a note, or a topic the reader filters."""
    if message.warning_note:
        return True
    return any(t.pk in filter_topic_ids for t in message.warning_topics.all())


def content_filter_ids(user: Any) -> set[int]:
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    if profile is None:
        return set()
    return set(profile.content_filters.values_list("pk", flat=True))


def message_revisions(*, user: Any, message: Message) -> list[MessageRevision]:
    """Earlier texts of an edited message, oldest first: the group's facilitators only."""
    policies.check_see_revisions(user, message)
    return list(message.revisions.all())


def mute_list(*, user: Any) -> QuerySet[Mute]:
    return Mute.objects.filter(user=user).select_related("muted").order_by("muted__display_name")


def block_list(*, user: Any) -> QuerySet[Block]:
    return (
        Block.objects.filter(user=user).select_related("blocked").order_by("blocked__display_name")
    )


def person_is_muted_or_blocked_by(*, user: Any, person_id: int) -> bool:
    """Whether this reader muted or blocked the person (not whether they were blocked)."""
    user_id = getattr(user, "pk", None)
    return (
        Mute.objects.filter(user=user_id, muted=person_id).exists()
        or Block.objects.filter(user=user_id, blocked=person_id).exists()
    )


def person_get(*, display_name: str) -> User:
    """Someone known by their display name, compared as names are kept unique (letter case,
    width and spacing aside: accounts.models.display_name_key); NotFound if nobody is."""
    person = (
        account_selectors.user_list_named(display_name)
        .filter(is_active=True)
        .order_by("pk")
        .first()
    )
    if person is None:
        raise NotFound(_("There is no one with that display name."), code="unknown_person")
    return person
