"""Every write to conversations. `message_post` is the one pipeline for every new message:
thread posts, chat messages and (later) one-on-one messages all pass through it.

The pipeline: validate → rate limit → screen for crisis risk (never holds a message back)
→ store (idempotent by client id, ordered by a
per-conversation sequence) → after commit, fan out. The sender's acknowledgement is the
stored row, so an acknowledged message is never lost.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, IntegerField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import SupportPreference, Topic, User
from peerhaven.conversations import fanout, policies, screening, storage
from peerhaven.conversations.exceptions import (
    ClientIdReused,
    InvalidMessage,
    MutedInGroup,
    SendingTooFast,
)
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
from peerhaven.conversations.rendering import render_markdown
from peerhaven.core.cache import count_and_get_each
from peerhaven.core.exceptions import Conflict
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.moderation import services as moderation_gate

TITLE_MAX = 150
WARNING_NOTE_MAX = 120
WARNING_TOPICS_MAX = 5
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Posted:
    message: Message
    # False when this client id was already stored: the same message is returned again.
    created: bool
    # message_payload(message), built where the database is at hand (a worker thread).
    payload: dict[str, Any]
    # The `message.new` event for the caller to send (see `_message_post(deliver=False)`);
    # None when delivery is not the caller's to do.
    event: dict[str, Any] | None = None

    @property
    def risk_level(self) -> str:
        return self.message.risk_level

    @property
    def care(self) -> bool:
        """Show the author the crisis panel beside this message."""
        return self.message.risk_level in screening.CARE_LEVELS


def new_client_id() -> str:
    return uuid.uuid4().hex


# --- Validation -------------------------------------------------------------------------


def clean_text(raw: Any, *, field: str = "text") -> str:
    if not isinstance(raw, str):
        raise InvalidMessage(_("The message must be text."), extra={"field": field})
    text = CONTROL_CHARS_RE.sub("", raw).strip()
    if not text:
        raise InvalidMessage(_("Write something before sending."), extra={"field": field})
    limit = settings.PEERHAVEN_MESSAGE_MAX_CHARS
    if len(text) > limit:
        raise InvalidMessage(
            _("Messages can be at most %(limit)d characters; this one has %(length)d.")
            % {"limit": limit, "length": len(text)},
            code="message_too_long",
            extra={"field": field, "limit": limit},
        )
    return text


def clean_client_id(client_id: Any) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID_RE.match(client_id):
        raise InvalidMessage(
            _("The client id must be 1 to 64 letters, digits, dashes or underscores."),
            code="invalid_client_id",
            extra={"field": "client_id"},
        )
    return client_id


def clean_support_preference(value: Any, author: User) -> str:
    if value in (None, ""):
        profile = getattr(author, "profile", None)
        return str(profile.support_preference) if profile else str(SupportPreference.JUST_LISTEN)
    if value not in SupportPreference.values:
        raise InvalidMessage(
            _("Choose just listen, share experiences or advice welcome."),
            extra={"field": "support_preference"},
        )
    return str(value)


def clean_warnings(topics: Iterable[Any] | None, note: Any) -> tuple[list[Topic], str]:
    chosen = list(topics or [])
    if len(chosen) > WARNING_TOPICS_MAX:
        raise InvalidMessage(
            _("Choose at most %(n)d content warning topics.") % {"n": WARNING_TOPICS_MAX},
            extra={"field": "warning_topics"},
        )
    resolved: list[Topic] = []
    wanted = [str(t) for t in chosen if not isinstance(t, Topic)]
    # Most messages name no topic: building even an empty query costs the ORM's time.
    by_slug = {t.slug: t for t in Topic.objects.filter(slug__in=wanted)} if wanted else {}
    for item in chosen:
        topic = item if isinstance(item, Topic) else by_slug.get(str(item))
        if topic is None:
            raise InvalidMessage(
                _("%(topic)s is not a topic on this site.") % {"topic": item},
                extra={"field": "warning_topics"},
            )
        resolved.append(topic)
    note = "" if note is None else note
    if not isinstance(note, str):
        raise InvalidMessage(
            _("The content warning must be text."), extra={"field": "warning_note"}
        )
    note = CONTROL_CHARS_RE.sub("", note).strip()
    if len(note) > WARNING_NOTE_MAX:
        raise InvalidMessage(
            _("Keep the content warning under %(n)d characters.") % {"n": WARNING_NOTE_MAX},
            extra={"field": "warning_note"},
        )
    return resolved, note


def _rate_key(author: User, window: int) -> str:
    return f"msg-rate:{author.pk}:{int(timezone.now().timestamp()) // window}"


def _refund_rate(author: User) -> None:
    """A resend does not count against the limit."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(_rate_key(author, settings.PEERHAVEN_MESSAGE_RATE[1]))


def _rate_request(author: User, group_id: int) -> tuple[str, int, list[str]]:
    """What to ask the cache for one message: count it against the author's rate limit (a
    limit per person over all conversations, shared by every worker through the cache) and
    read the group's posting gate (moderation_gate.posting_gate) in the same round trip."""
    window = settings.PEERHAVEN_MESSAGE_RATE[1]
    return (
        _rate_key(author, window),
        window + 1,
        moderation_gate.posting_gate_keys(author.pk, group_id),
    )


def _gate(
    author: User, group_id: int, counted: tuple[int, dict[str, Any]]
) -> tuple[datetime | None, int]:
    """Refuse a message over the rate limit; else the posting gate (mute, review limit)."""
    limit, window = settings.PEERHAVEN_MESSAGE_RATE
    count, gate = counted
    if count > limit:
        raise SendingTooFast(
            _("You are sending messages very fast. Please wait a few seconds and try again."),
            extra={"retry_after": window - int(timezone.now().timestamp()) % window},
        )
    return moderation_gate.posting_gate(author.pk, group_id, cached=gate)


# --- The pipeline -----------------------------------------------------------------------


def message_post(
    *,
    author: User,
    conversation: Conversation,
    text: Any,
    client_id: Any = None,
    support_preference: Any = None,
    warning_topics: Iterable[Any] | None = None,
    warning_note: Any = "",
) -> Posted:
    """Check that the author may write here, then store and deliver the message."""
    policies.check_write_conversation(author, conversation)
    return _message_post(
        author=author,
        conversation=conversation,
        text=text,
        client_id=client_id,
        support_preference=support_preference,
        warning_topics=warning_topics,
        warning_note=warning_note,
    )


def _message_post(**request: Any) -> Posted:
    """The pipeline after the access check (the chat socket checked on subscribe and is
    told at once when access ends), for one message; the fields are `_clean`'s.

    deliver=False: the caller sends `Posted.event` to the conversation's channel-layer group
    itself (the chat socket does, from its event loop, which spares the shared database
    thread a hop and a Redis round trip). Called outside a transaction, the message has
    committed when this returns; inside one, delivery still waits for the commit and there
    is no event."""
    (outcome,) = message_post_many([request])
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def message_post_many(requests: Sequence[dict[str, Any]]) -> list[Posted | Exception]:
    """`_message_post(**request)` for each request, in order, each answered on its own
    (a Posted, or the exception it raised). The chat socket's queue sends what arrived
    together this way: each message is checked, counted and screened as alone, their rate
    counts are one cache round trip, and on PostgreSQL the plain ones among them are stored
    by one statement, so one commit."""
    cleaned: list[_Cleaned | Exception] = []
    for request in requests:
        try:
            cleaned.append(_clean(**request))
        except Exception as exc:
            cleaned.append(exc)
    to_count = [c for c in cleaned if isinstance(c, _Cleaned)]
    counts: Iterator[tuple[int, dict[str, Any]]] = iter(())
    failure: Exception | None = None
    try:
        rate_requests = [_rate_request(c.author, c.conversation.group_id) for c in to_count]
        counts = iter(count_and_get_each(cache, rate_requests) if to_count else [])
    except Exception as exc:  # the cache is away: each of them hears it
        failure = exc
    prepared: list[Posted | Exception | _Draft] = []
    for item in cleaned:
        if not isinstance(item, _Cleaned):
            prepared.append(item)
        elif failure is not None:
            prepared.append(failure)
        else:
            try:
                prepared.append(_prepare(item, next(counts)))
            except Exception as exc:
                prepared.append(exc)
    together = [d for d in prepared if isinstance(d, _Draft) and not d.topics and not d.alert]
    if len(together) > 1 and storage.can_store_in_one_statement():
        try:
            stored = storage.store_many_in_one_statement([draft.message for draft in together])
        except DatabaseError:
            # Nothing was written (a resend among them raises IntegrityError): each is
            # stored alone below and answered on its own.
            pass
        else:
            for draft, was_stored in zip(together, stored, strict=True):
                draft.stored = was_stored
    answers: list[Posted | Exception] = []
    for outcome in prepared:
        if isinstance(outcome, _Draft):
            try:
                outcome = _store_draft(outcome)
            except Exception as exc:
                outcome = exc
        answers.append(outcome)
    return answers


@dataclass
class _Draft:
    """A message that passed its checks and screening, not yet stored."""

    message: Message
    topics: list[Topic]
    screen: screening.Screen
    held: bool
    deliver: bool
    # Set by message_post_many once the statement storing several ran: whether this one
    # was stored (False: its conversation does not exist).
    stored: bool | None = None

    @property
    def alert(self) -> bool:
        return screening.needs_alert(self.screen)


@dataclass
class _Cleaned:
    """A new message's fields, validated."""

    author: User
    conversation: Conversation
    text: str
    client_id: str
    preference: str
    topics: list[Topic]
    note: str
    deliver: bool


def _clean(
    *,
    author: User,
    conversation: Conversation,
    text: Any,
    client_id: Any = None,
    support_preference: Any = None,
    warning_topics: Iterable[Any] | None = None,
    warning_note: Any = "",
    deliver: bool = True,
) -> _Cleaned:
    text = clean_text(text)
    client_id = new_client_id() if client_id in (None, "") else clean_client_id(client_id)
    preference = clean_support_preference(support_preference, author)
    topics, note = clean_warnings(warning_topics, warning_note)
    return _Cleaned(
        author=author,
        conversation=conversation,
        text=text,
        client_id=client_id,
        preference=preference,
        topics=topics,
        note=note,
        deliver=deliver,
    )


def _prepare(cleaned: _Cleaned, counted: tuple[int, dict[str, Any]]) -> _Draft | Posted:
    """Apply the rate limit and posting gate (`counted`: the cache's answer to
    `_rate_request`), screen and render: the message to store, or the stored one when this
    is a resend answered while sending too fast."""
    author, conversation, text = cleaned.author, cleaned.conversation, cleaned.text
    try:
        muted_until, review_limit = _gate(author, conversation.group_id, counted)
    except SendingTooFast:
        # A resend of a stored message is answered even when sending new ones must wait.
        existing = _same_client_message(author, conversation, cleaned.client_id, text)
        if existing is None:
            raise
        return Posted(existing, created=False, payload=message_payload(existing))
    if muted_until is not None:
        _refund_rate(author)
        raise MutedInGroup(
            _("A moderator muted you in this group until %(until)s. You can still read.")
            % {"until": account_selectors.moment_for(author, muted_until)},
            extra={"until": muted_until.isoformat()},
        )
    screen = screening.screen_message(text, author=author)
    # A new member's first posts may wait for a facilitator; never one screened as risk,
    # nor one in a mediated conversation (a facilitator takes part and reads every post).
    held = (
        screen.level == "none"
        and conversation.kind != Conversation.Kind.MEDIATION
        and moderation_gate.holds_for_review(
            author=author, group_id=conversation.group_id, limit=review_limit
        )
    )
    message = Message(
        conversation=conversation,
        author=author,
        client_id=cleaned.client_id,
        body=text,
        body_html=render_markdown(text),
        support_preference=cleaned.preference,
        warning_note=cleaned.note,
        created_at=timezone.now(),
        risk_level=screen.level,
        risk_score=screen.score,
        risk_reasons=list(screen.reasons),
        moderation=Moderation.PENDING if held else Moderation.VISIBLE,
    )
    # Only outside a transaction does returning mean committed, so that the caller may send.
    deliver = cleaned.deliver or connection.in_atomic_block
    return _Draft(message, topics=cleaned.topics, screen=screen, held=held, deliver=deliver)


def _store_draft(draft: _Draft) -> Posted:
    """Store the message (unless message_post_many did) and answer for it."""
    message = draft.message
    try:
        stored = draft.stored if draft.stored is not None else _store(draft)
    except IntegrityError:
        # This client id is stored already (a resend): its transaction, sequence number
        # included, rolled back. Looking it up only now keeps new messages to one insert.
        existing = _same_client_message(
            message.author, message.conversation, message.client_id, message.body
        )
        if existing is None:
            raise
        _refund_rate(message.author)
        return Posted(existing, created=False, payload=message_payload(existing))
    if not stored:
        raise policies.conversation_not_found()
    conversation = message.conversation
    conversation.last_seq = message.seq
    conversation.last_message_at = message.created_at
    payload = message_payload(message, topics=draft.topics)
    event = None
    if not draft.held:  # a held post reaches others when a facilitator approves it
        if draft.deliver:
            transaction.on_commit(lambda: _deliver(message, "message.new", payload))
        else:
            event = _event("message.new", message, payload)
    return Posted(message, created=True, payload=payload, event=event)


def _same_client_message(
    author: User, conversation: Conversation, client_id: str, text: str
) -> Message | None:
    existing = (
        Message.objects.filter(conversation=conversation, author=author, client_id=client_id)
        .select_related("author")
        .first()
    )
    if existing is None:
        return None
    if _original_text(existing) != text:
        raise ClientIdReused(
            _("This message id was already used for a different message."),
            extra={"client_id": client_id},
        )
    return existing


def _original_text(message: Message) -> str:
    """The text as first sent, which a resend repeats even after the author edited it."""
    first_revision = message.revisions.first() if message.edited_at else None
    return first_revision.body if first_revision else message.body


def _store(draft: _Draft) -> bool:
    """Store the draft's message with its sequence number; False when the conversation does
    not exist. A stored client id raises IntegrityError, and nothing is written."""
    if not draft.topics and not draft.alert and storage.can_store_in_one_statement():
        return storage.store_in_one_statement(draft.message)
    return _store_in_transaction(
        draft.message, topics=draft.topics, screen=draft.screen if draft.alert else None
    )


@transaction.atomic
def _store_in_transaction(
    message: Message, *, topics: list[Topic], screen: screening.Screen | None
) -> bool:
    """Store the message with its topics and alert (for `screen`) in one transaction."""
    # The UPDATE takes the conversation's row lock (a write lock on SQLite) until commit,
    # so sequence numbers commit in order and a reader never sees N+1 before N.
    seq = storage.next_seq(message.conversation_id, message.created_at)
    if seq is None:
        return False
    message.seq = seq
    message.save(force_insert=True)
    if topics:
        message.warning_topics.set(topics)
    if screen is not None:
        screening.raise_alert(message, screen)
    storage.read_mark_own(message.author_id, message.conversation_id, seq, message.created_at)
    return True


def deliver_new(message: Message) -> None:
    """Send a message that just became visible (an approved post) to open chat pages."""
    transaction.on_commit(lambda: _deliver(message, "message.new"))


def message_payload(message: Message, *, topics: list[Topic] | None = None) -> dict[str, Any]:
    """What a chat client receives for a message (also the API's shape). Pass `topics`
    when known to save a query."""
    if topics is None:
        topics = list(message.warning_topics.all())
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "seq": message.seq,
        "client_id": message.client_id,
        "author": message.author.display_name,
        "text": message.body,
        "html": message.body_html,
        "support_preference": message.support_preference,
        "warning_topics": [t.name for t in topics],
        # Readers fold a message whose topics they filter (profile content filters).
        "warning_topic_slugs": [t.slug for t in topics],
        "warning_note": message.warning_note,
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        # Only an author ever receives their own message in another state than visible.
        "moderation": message.moderation,
    }


def _event(
    event_type: str, message: Message, payload: dict[str, Any] | None = None
) -> dict[str, Any]:
    payload = payload or message_payload(message)
    if event_type == "message.new":
        return fanout.message_new(payload, message.author_id)
    return {"type": event_type, "message": payload, "author_id": message.author_id}


def _deliver(message: Message, event_type: str, payload: dict[str, Any] | None = None) -> None:
    fanout.send(
        fanout.conversation_group(message.conversation_id), _event(event_type, message, payload)
    )


# --- Threads and rooms ------------------------------------------------------------------


def clean_title(raw: Any) -> str:
    title = CONTROL_CHARS_RE.sub("", raw).strip() if isinstance(raw, str) else ""
    if not title:
        raise InvalidMessage(_("Give the conversation a title."), extra={"field": "title"})
    if len(title) > TITLE_MAX:
        raise InvalidMessage(
            _("Keep the title under %(n)d characters.") % {"n": TITLE_MAX},
            extra={"field": "title"},
        )
    return title


@transaction.atomic
def thread_start(
    *,
    author: User,
    group: Group,
    title: Any,
    text: Any,
    client_id: Any = None,
    support_preference: Any = None,
    warning_topics: Iterable[Any] | None = None,
    warning_note: Any = "",
) -> Posted:
    """A new thread with its first post. Resending the same client id returns that post."""
    policies.check_start_thread(author, group)
    title = clean_title(title)
    text = clean_text(text)
    if client_id not in (None, ""):
        earlier = Message.objects.filter(
            conversation__group=group,
            conversation__kind=Conversation.Kind.THREAD,
            conversation__created_by=author,
            author=author,
            client_id=clean_client_id(client_id),
            seq=1,
        ).first()
        if earlier is not None:
            if _original_text(earlier) != text:
                raise ClientIdReused(
                    _("This message id was already used for a different message."),
                    extra={"client_id": client_id},
                )
            return Posted(earlier, created=False, payload=message_payload(earlier))
    conversation = Conversation.objects.create(
        group=group, kind=Conversation.Kind.THREAD, title=title, created_by=author
    )
    return _message_post(
        author=author,
        conversation=conversation,
        text=text,
        client_id=client_id,
        support_preference=support_preference,
        warning_topics=warning_topics,
        warning_note=warning_note,
    )


def room_open(*, actor: User, group: Group, title: Any) -> Conversation:
    policies.check_open_room(actor, group)
    return Conversation.objects.create(
        group=group, kind=Conversation.Kind.ROOM, title=clean_title(title), created_by=actor
    )


# --- Changing and removing messages -----------------------------------------------------


@transaction.atomic
def message_edit(*, user: User, message: Message, text: Any) -> Message:
    """Keeps the earlier text for the group's facilitators; readers see "edited"."""
    policies.check_edit_message(user, message)
    text = clean_text(text)
    if text == message.body:
        return message
    MessageRevision.objects.create(message=message, body=message.body)
    message.body = text
    message.body_html = render_markdown(text)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "body_html", "edited_at"])
    if message.moderation == Moderation.HIDDEN:
        # Hidden until edited: the edit goes back to the moderators, still hidden.
        from peerhaven.moderation.services import message_resubmitted

        message_resubmitted(message)
    if message.moderation == Moderation.VISIBLE:
        transaction.on_commit(lambda: _deliver(message, "message.changed"))
    return message


@transaction.atomic
def message_delete(*, user: User, message: Message) -> None:
    """Erases the message and its earlier versions (not hidden: gone). The opening post of
    a thread its author started takes the title and the author's name with it (the title is
    their words too): the thread goes if nobody else wrote in it, else the replies stay
    under a neutral title, as when an account is erased."""
    policies.check_change_own_message(user, message)
    conversation_id, seq = message.conversation_id, message.seq
    message.delete()
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if (
        conversation is not None
        and seq == 1
        and conversation.kind == Conversation.Kind.THREAD
        and conversation.created_by_id == user.pk
    ):
        if not conversation.messages.exclude(author=user).exists():
            conversation.delete()
            return
        conversation.title = _("A conversation (its opening post was deleted)")
        conversation.created_by = None
        conversation.save(update_fields=["title", "created_by"])
    transaction.on_commit(
        lambda: fanout.send(
            fanout.conversation_group(conversation_id),
            {"type": "message.deleted", "conversation": conversation_id, "seq": seq},
        )
    )


# --- Reactions, reading, muting, blocking -----------------------------------------------


def _check_reaction(user: User, message: Message, kind: str) -> None:
    if kind not in Reaction.Kind.values:
        raise InvalidMessage(_("That is not one of the reactions."), code="invalid_reaction")
    policies.check_react(user, message)
    if message.author_id == user.pk:
        raise Conflict(_("Reactions are for other people's messages."), code="own_message")


def reaction_toggle(*, user: User, message: Message, kind: str) -> bool:
    """Adds the reaction, or takes it back if given already. Returns whether it is on now."""
    _check_reaction(user, message, kind)
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(message=message, user=user, kind=kind).delete()
        if deleted:
            return False
        Reaction.objects.get_or_create(message=message, user=user, kind=kind)
    return True


def reaction_set(*, user: User, message: Message, kind: str, given: bool) -> None:
    """Gives (or takes back) a reaction; doing it twice is harmless, so a retry is safe."""
    _check_reaction(user, message, kind)
    if given:
        Reaction.objects.get_or_create(message=message, user=user, kind=kind)
    else:
        Reaction.objects.filter(message=message, user=user, kind=kind).delete()


def read_mark_update(*, user: User, conversation: Conversation, seq: int) -> ReadMark:
    """Moves the reader's mark forward (never back); remembers the previous visit's mark."""
    mark, _created = ReadMark.objects.get_or_create(user=user, conversation=conversation)
    # Past the newest is the newest: else a repeated call would lose the previous visit.
    seq = min(seq, conversation.last_seq)
    if seq > mark.last_seen_seq:
        mark.previous_seen_seq = mark.last_seen_seq
        mark.last_seen_seq = seq
        mark.seen_at = timezone.now()
        mark.save(update_fields=["previous_seen_seq", "last_seen_seq", "seen_at"])
    return mark


@transaction.atomic
def read_marks_catch_up(*, user: User, group: Group) -> int:
    """Mark every thread of the group read up to its newest post, for a member back after a
    while; each thread remembers the mark before, so "new since your last visit" still works
    once. Returns how many threads moved. Checks that the person may read the group."""
    group_policies.check_view_content(user, group)
    threads = Conversation.objects.filter(group=group, kind=Conversation.Kind.THREAD)
    newest = Conversation.objects.filter(pk=OuterRef("conversation_id")).values("last_seq")[:1]
    # Marks only move forward: the newest seq is read in the same statement, so a mark a
    # page moved meanwhile is never set back.
    moved = ReadMark.objects.filter(
        user=user, conversation__in=threads, last_seen_seq__lt=F("conversation__last_seq")
    ).update(
        previous_seen_seq=F("last_seen_seq"),
        last_seen_seq=Subquery(newest, output_field=IntegerField()),
        seen_at=timezone.now(),
    )
    unmarked = threads.filter(last_seq__gt=0).exclude(read_marks__user=user)
    created = ReadMark.objects.bulk_create(
        [
            ReadMark(user=user, conversation_id=pk, last_seen_seq=last_seq, previous_seen_seq=0)
            for pk, last_seq in unmarked.values_list("pk", "last_seq")
        ],
        batch_size=500,
        ignore_conflicts=True,  # a page made one meanwhile: it stands
    )
    return moved + len(created)


def _check_other_person(user: User, target: User) -> None:
    if user.pk == target.pk:
        raise Conflict(_("You cannot do that to yourself."), code="self")


def _relations_changed(*user_ids: int) -> None:
    def notify() -> None:
        for user_id in user_ids:
            fanout.send(fanout.user_group(user_id), {"type": "relations.changed"})

    transaction.on_commit(notify)


@transaction.atomic
def mute_set(*, user: User, target: User, muted: bool) -> None:
    _check_other_person(user, target)
    if muted:
        Mute.objects.get_or_create(user=user, muted=target)
    else:
        Mute.objects.filter(user=user, muted=target).delete()
    _relations_changed(user.pk)


@transaction.atomic
def block_set(*, user: User, target: User, blocked: bool) -> None:
    _check_other_person(user, target)
    if blocked:
        Block.objects.get_or_create(user=user, blocked=target)
    else:
        Block.objects.filter(user=user, blocked=target).delete()
    _relations_changed(user.pk, target.pk)


# --- Retention --------------------------------------------------------------------------


def messages_erase_expired(*, now: Any = None) -> int:
    """Erases messages older than their group's retention period. Returns how many."""
    now = now or timezone.now()
    erased = 0
    groups = Group.objects.filter(message_retention_days__isnull=False)
    for group_id, days in groups.values_list("pk", "message_retention_days"):
        cutoff = now - timedelta(days=days or 0)
        while True:
            # Batches keep each transaction short on a busy group.
            batch = list(
                Message.objects.filter(
                    conversation__group_id=group_id, created_at__lt=cutoff
                ).values_list("pk", flat=True)[:500]
            )
            if not batch:
                break
            Message.objects.filter(pk__in=batch).delete()
            erased += len(batch)
    return erased
