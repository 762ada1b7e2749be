"""Storing a new message: the statements written by hand because the message pipeline runs
them for every message, and the ORM's way costs more than the statements themselves.

Two ways, same rows:
- `store_in_one_statement` (PostgreSQL, outside a transaction): bump the conversation's
  sequence, insert the message and move the author's read mark in one statement, so one
  round trip and one implicit transaction instead of five. The chat socket stores this way.
- `next_seq` and `read_mark_own` inside the caller's transaction: SQLite, and messages
  that also store warning topics or a safety alert with them.
"""

# ruff: noqa: S608 - the names put into SQL here come from the models; values are parameters.
from __future__ import annotations

import functools
from typing import Any

from django.db import connection
from django.db.models import Field

from peerhaven.conversations.models import Conversation, Message, ReadMark


def can_store_in_one_statement() -> bool:
    """PostgreSQL allows data-modifying statements in WITH; SQLite does not. Inside a
    transaction a failed insert (a resent client id) would need a savepoint of its own."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


@functools.cache
def _bump_sql() -> str:
    """Bump and read the conversation's sequence (both engines support RETURNING)."""
    return (
        f"UPDATE {connection.ops.quote_name(Conversation._meta.db_table)} "
        "SET last_seq = last_seq + 1, last_message_at = %s WHERE id = %s RETURNING last_seq"
    )


def next_seq(conversation_id: int, now: Any) -> int | None:
    """Bump and read the conversation's sequence; None when there is no such
    conversation. Call inside the message's transaction: the row stays locked until
    commit, so sequence numbers commit in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            _bump_sql(), [connection.ops.adapt_datetimefield_value(now), conversation_id]
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


@functools.cache
def _read_mark_columns() -> tuple[str, str, str, str, str]:
    quote = connection.ops.quote_name
    columns = {field.name: quote(field.column) for field in ReadMark._meta.concrete_fields}
    user, conversation, seen_seq, previous, seen_at = (
        columns[name]
        for name in ("user", "conversation", "last_seen_seq", "previous_seen_seq", "seen_at")
    )
    return user, conversation, seen_seq, previous, seen_at


def _read_mark_upsert(values: str) -> str:
    """INSERT … ON CONFLICT DO UPDATE (both engines) of the author's read mark; `values` is
    a VALUES list or a SELECT giving user, conversation, seq, 0 and the time."""
    user, conversation, seen_seq, previous, seen_at = _read_mark_columns()
    return (
        f"INSERT INTO {connection.ops.quote_name(ReadMark._meta.db_table)} "
        f"({user}, {conversation}, {seen_seq}, {previous}, {seen_at}) {values} "
        f"ON CONFLICT ({user}, {conversation}) DO UPDATE "
        f"SET {seen_seq} = EXCLUDED.{seen_seq}, {seen_at} = EXCLUDED.{seen_at}"
    )


@functools.cache
def _read_mark_own_sql() -> str:
    return _read_mark_upsert("VALUES (%s, %s, %s, 0, %s)")


def read_mark_own(user_id: int, conversation_id: int, seq: int, now: Any) -> None:
    """The author has seen their own message. Call inside the message's transaction,
    which holds the newest seq."""
    with connection.cursor() as cursor:
        cursor.execute(
            _read_mark_own_sql(),
            [user_id, conversation_id, seq, connection.ops.adapt_datetimefield_value(now)],
        )


@functools.cache
def _stored_fields() -> tuple[Field[Any, Any], ...]:
    """Every column of a message but its id (the database's) and seq (the statement's)."""
    return tuple(
        field
        for field in Message._meta.concrete_fields
        if not field.primary_key and field.name != "seq"
    )


@functools.cache
def _message_columns() -> tuple[tuple[str, ...], str, str, str, str, str]:
    """The quoted columns a new message's statements name: those stored from the message
    (in `_stored_fields` order), then id, seq, author, conversation and created_at."""
    quote = connection.ops.quote_name
    column = {field.name: quote(field.column) for field in Message._meta.concrete_fields}
    pk, seq, author, conversation, created_at = (
        column[name] for name in ("id", "seq", "author", "conversation", "created_at")
    )
    stored = tuple(quote(field.column) for field in _stored_fields())
    return stored, pk, seq, author, conversation, created_at


def _stored_values(message: Message) -> list[Any]:
    """The message's values for `_stored_fields`, ready for the database."""
    return [
        field.get_db_prep_save(field.pre_save(message, add=True), connection)
        for field in _stored_fields()
    ]


def _mark_stored(message: Message, pk: int, seq: int) -> None:
    message.pk, message.seq = pk, seq
    message._state.adding = False
    message._state.db = connection.alias


@functools.cache
def _one_statement_sql() -> str:
    quote = connection.ops.quote_name
    columns, pk, seq, author, conversation, created_at = _message_columns()
    placeholders = ", ".join(["%s"] * len(columns))
    # INSERT … SELECT FROM bumped: no row at all when the conversation does not exist.
    insert = (
        f"INSERT INTO {quote(Message._meta.db_table)} ({', '.join(columns)}, {seq}) "
        f"SELECT {placeholders}, last_seq FROM bumped "
        f"RETURNING {pk}, {seq}, {author}, {conversation}, {created_at}"
    )
    mark = _read_mark_upsert(f"SELECT {author}, {conversation}, {seq}, 0, {created_at} FROM stored")
    return (
        f"WITH bumped AS ({_bump_sql()}), stored AS ({insert}), marked AS ({mark}) "
        f"SELECT {pk}, {seq} FROM stored"
    )


def store_in_one_statement(message: Message) -> bool:
    """Insert this unsaved message with the conversation's next seq and move its author's
    read mark, in one statement (see `can_store_in_one_statement`). Sets the message's id
    and seq; False when the conversation does not exist. A stored client id raises
    IntegrityError, and nothing is written."""
    when = connection.ops.adapt_datetimefield_value(message.created_at)
    with connection.cursor() as cursor:
        cursor.execute(
            _one_statement_sql(), [when, message.conversation_id, *_stored_values(message)]
        )
        row = cursor.fetchone()
    if row is None:
        return False
    _mark_stored(message, *row)
    return True


@functools.cache
def _many_statement_head() -> tuple[str, str]:
    """The statement storing several messages, cut where its VALUES rows go."""
    quote = connection.ops.quote_name
    columns, pk, seq, author, conversation, created_at = _message_columns()
    rooms = quote(Conversation._meta.db_table)
    listed = ", ".join(columns)
    head = f"WITH input (ord, {listed}) AS (VALUES "
    # Rooms are locked in id order before any is changed, so two workers storing in the
    # same rooms at once wait for each other instead of deadlocking.
    tail = (
        f"), counts AS (SELECT {conversation} AS room, count(*) AS n FROM input "
        f"GROUP BY {conversation}), "
        f"locked AS MATERIALIZED (SELECT id FROM {rooms} "
        "WHERE id IN (SELECT room FROM counts) ORDER BY id FOR UPDATE), "
        f"bumped AS (UPDATE {rooms} AS c SET last_seq = c.last_seq + counts.n, "
        "last_message_at = %s FROM counts JOIN locked ON locked.id = counts.room "
        "WHERE c.id = counts.room RETURNING c.id, c.last_seq - counts.n AS before), "
        "numbered AS (SELECT input.*, bumped.before + row_number() OVER "
        f"(PARTITION BY input.{conversation} ORDER BY input.ord) AS new_seq "
        f"FROM input JOIN bumped ON bumped.id = input.{conversation}), "
        f"stored AS (INSERT INTO {quote(Message._meta.db_table)} ({listed}, {seq}) "
        f"SELECT {listed}, new_seq FROM numbered ORDER BY ord "
        f"RETURNING {pk}, {seq}, {author}, {conversation}, {created_at}), "
        "marked AS ("
        + _read_mark_upsert(
            f"SELECT DISTINCT ON ({author}, {conversation}) "
            f"{author}, {conversation}, {seq}, 0, {created_at} FROM stored "
            f"ORDER BY {author}, {conversation}, {seq} DESC"
        )
        + f") SELECT numbered.ord, stored.{pk}, stored.{seq} FROM stored JOIN numbered "
        f"ON numbered.{conversation} = stored.{conversation} AND numbered.new_seq = stored.{seq}"
    )
    return head, tail


@functools.cache
def _many_statement_row() -> str:
    # VALUES rows carry no column types: each value is cast to its column's.
    casts = [f"%s::{field.db_type(connection)}" for field in _stored_fields()]
    return f"(%s::integer, {', '.join(casts)})"


def store_many_in_one_statement(messages: list[Message]) -> list[bool]:
    """`store_in_one_statement` for several unsaved messages at once: one statement, one
    commit. Each room's messages take its next numbers in list order. Returns, per message,
    whether it was stored (False: its conversation does not exist). Any error (a stored
    client id among them raises IntegrityError) writes nothing at all."""
    head, tail = _many_statement_head()
    params: list[Any] = []
    for ord_, message in enumerate(messages):
        params += [ord_, *_stored_values(message)]
    latest = max(message.created_at for message in messages)
    params.append(connection.ops.adapt_datetimefield_value(latest))
    rows = ", ".join([_many_statement_row()] * len(messages))
    with connection.cursor() as cursor:
        cursor.execute(head + rows + tail, params)
        found = {ord_: (pk, seq) for ord_, pk, seq in cursor.fetchall()}
    stored = []
    for ord_, message in enumerate(messages):
        if ord_ in found:
            _mark_stored(message, *found[ord_])
        stored.append(ord_ in found)
    return stored
