"""How long counting a member's new posts in a group takes, by the group's size.

    .venv/bin/python -m pytest bench/unread_count.py -q -s          # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python -m pytest bench/unread_count.py -q -s      # PostgreSQL

A group with 5,000 or 20,000 posts (100 or 200 threads), read by a member who has seen
nothing and by one who is up to date but for 15 posts. Prints the mean time of
`conversations.selectors.unread_total` (all its queries, Python included) over 20 calls.
Not part of the test suite (testpaths is tests/): figures, not checks.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection
from tests.conversations.helpers import group_with, thread
from tests.factories import UserFactory

from peerhaven.conversations import selectors
from peerhaven.conversations.models import Conversation, Message, ReadMark

CALLS = 20


def _group(threads: int, posts_per_thread: int):
    facilitator = UserFactory(display_name="Fran", email="fran@example.org")
    reader = UserFactory(display_name="Reader", email="reader@example.org")
    writer = UserFactory(display_name="Writer", email="writer@example.org")
    circle = group_with(facilitator=facilitator, members=[reader, writer])
    talks = [thread(circle, writer, title=f"Thread {i}", text="Hello") for i in range(threads)]
    # The rest of each thread in bulk: the pipeline's cost is not what is measured here.
    Message.objects.bulk_create(
        [
            Message(
                conversation=talk,
                seq=seq,
                author=writer,
                client_id=f"{talk.pk}-{seq}",
                body="A reply",
                body_html="<p>A reply</p>",
                support_preference="just_listen",
            )
            for talk in talks
            for seq in range(2, posts_per_thread + 1)
        ],
        batch_size=5000,
    )
    Conversation.objects.filter(group=circle).update(last_seq=posts_per_thread)
    return circle, reader, talks


def _mean_ms(reader, circle) -> tuple[int, float]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    selectors.unread_total(user=reader, group=circle)
    started = time.perf_counter()
    for _ in range(CALLS):
        count = selectors.unread_total(user=reader, group=circle)
    return count, (time.perf_counter() - started) / CALLS * 1000


@pytest.mark.parametrize("threads,posts_per_thread", [(100, 50), (200, 100)])
def test_unread_count_cost(settings, db, threads, posts_per_thread):
    settings.PEERHAVEN_MESSAGE_RATE = (100_000, 60)
    circle, reader, talks = _group(threads, posts_per_thread)
    total = threads * posts_per_thread

    count, ms = _mean_ms(reader, circle)
    print(f"\n{connection.vendor}: {total:,} posts, nothing seen: counted {count}, {ms:.1f} ms")

    ReadMark.objects.bulk_create(
        [
            ReadMark(user=reader, conversation=talk, last_seen_seq=posts_per_thread - 3 * (i < 5))
            for i, talk in enumerate(talks)
        ]
    )
    count, ms = _mean_ms(reader, circle)
    print(f"{connection.vendor}: {total:,} posts, 15 not seen: counted {count}, {ms:.1f} ms")


def _list_page_ms(reader, circle) -> float:
    def page() -> None:
        rows = selectors.conversations_of_group(
            group=circle, user=reader, kind=Conversation.Kind.THREAD
        )
        rows.count()
        list(rows[:20])

    page()
    started = time.perf_counter()
    for _ in range(CALLS):
        page()
    return (time.perf_counter() - started) / CALLS * 1000


@pytest.mark.parametrize("threads,posts_per_thread", [(100, 50), (200, 100)])
def test_thread_list_page_cost(settings, db, threads, posts_per_thread):
    """The thread list's first page of 20, with its count, as the page and the API ask."""
    settings.PEERHAVEN_MESSAGE_RATE = (100_000, 60)
    circle, reader, _talks = _group(threads, posts_per_thread)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ms = _list_page_ms(reader, circle)
    total = threads * posts_per_thread
    print(f"\n{connection.vendor}: {total:,} posts, thread list page of 20: {ms:.1f} ms")
