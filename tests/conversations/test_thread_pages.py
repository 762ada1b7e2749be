"""The thread pages: the list with unread markers, starting a thread, reading it page by
page, replying, content warnings, and who may see and write what."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.accounts.models import Topic
from peerhaven.conversations import services
from peerhaven.conversations.models import Conversation, Message, ReadMark
from peerhaven.guidelines.models import RuleSetVersion
from tests.conversations.helpers import group_with, post, room, thread
from tests.groups.helpers import publish_instance_version

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


def _url(group, conversation=None, suffix="") -> str:
    base = f"/groups/{group.slug}/conversations/"
    return f"{base}{conversation.pk}/{suffix}" if conversation else f"{base}{suffix}"


def _composer(form_html: str) -> str:
    match = re.search(r'name="client_id" value="([^"]+)"', form_html)
    assert match, "the composer carries a client id"
    return match.group(1)


# --- Who may see what --------------------------------------------------------------------


def test_a_stranger_gets_404_for_every_thread_page_as_if_nothing_were_there(
    circle, alice, charlie, web_as
):
    conversation = thread(circle, alice)
    stranger = web_as(charlie)

    for url in (
        _url(circle),
        _url(circle, suffix="new/"),
        _url(circle, conversation),
        _url(circle, conversation, "reply/"),
        _url(circle, conversation, "?page=2"),
    ):
        assert stranger.get(url).status_code == 404, url
    missing = stranger.get(f"/groups/{circle.slug}/conversations/999999/")
    assert missing.status_code == 404
    refused = stranger.post(_url(circle, conversation, "reply/"), {"body": "Hi"})
    assert refused.status_code == 404
    assert Message.objects.count() == 1


def test_a_visitor_is_asked_to_sign_in_without_learning_anything(circle, alice, web_as):
    conversation = thread(circle, alice)

    response = web_as(None).get(_url(circle, conversation))

    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"] or "sign" in response["Location"]
    assert "How was your week" not in response.content.decode()


def test_a_thread_of_another_group_is_404_under_this_groups_address(
    circle, facilitator, alice, web_as
):
    other = group_with(name="Morning Circle", facilitator=facilitator, members=[alice])
    elsewhere = thread(other, alice, title="Elsewhere")

    response = web_as(alice).get(_url(circle, elsewhere))

    assert response.status_code == 404


def test_thread_pages_are_kept_out_of_search_engines_and_caches(circle, alice, web_as):
    conversation = thread(circle, alice)

    for url in (_url(circle), _url(circle, conversation), _url(circle, suffix="new/")):
        response = web_as(alice).get(url)
        assert response.status_code == 200, url
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_threads_newest_activity_first_with_what_is_new_for_me(
    circle, alice, bob, web_as
):
    older = thread(circle, alice, title="Sleep tips")
    newer = thread(circle, bob, title="Good news this week")
    post(older, bob, "Me too, some nights")
    post(older, bob, "And another thing")
    ReadMark.objects.filter(user=alice, conversation=newer).delete()

    html = web_as(alice).get(_url(circle)).content.decode()

    assert html.index("Sleep tips") < html.index("Good news this week")
    assert "2 new" in html  # bob's two replies in alice's thread
    assert "1 new" in html  # bob's new thread, never opened
    assert "Started by Bob" in html
    assert "3 posts" in html


def test_the_group_page_links_members_to_conversations_with_the_unread_total(
    circle, alice, bob, charlie, web_as
):
    conversation = thread(circle, bob)
    post(conversation, bob, "Anyone around?")

    member_html = web_as(alice).get(f"/groups/{circle.slug}/").content.decode()
    stranger_html = web_as(charlie).get(f"/groups/{circle.slug}/").content.decode()

    assert f'href="/groups/{circle.slug}/conversations/"' in member_html
    assert "2 new" in member_html
    assert "/conversations/" not in stranger_html


# --- Starting a thread and replying ------------------------------------------------------


def test_a_member_starts_a_thread_and_a_double_submit_makes_one_post(circle, alice, web_as):
    client = web_as(alice)
    form = client.get(_url(circle, suffix="new/")).content.decode()
    data = {
        "title": "Evenings are hard",
        "body": "Does anyone else *struggle* after dark?",
        "support_preference": "share_experiences",
        "client_id": _composer(form),
    }

    first = client.post(_url(circle, suffix="new/"), data)
    second = client.post(_url(circle, suffix="new/"), data)

    assert first.status_code == 302
    assert second["Location"] == first["Location"]
    message = Message.objects.get()
    assert message.conversation.title == "Evenings are hard"
    assert message.support_preference == "share_experiences"
    page = client.get(first["Location"]).content.decode()
    assert "<em>struggle</em>" in page
    assert "Support wanted: Share experiences" in page


def test_a_reply_is_posted_once_even_when_sent_twice(circle, alice, bob, web_as):
    conversation = thread(circle, alice)
    client = web_as(bob)
    client_id = _composer(client.get(_url(circle, conversation)).content.decode())
    data = {"body": "I hear that.", "support_preference": "just_listen", "client_id": client_id}

    first = client.post(_url(circle, conversation, "reply/"), data)
    second = client.post(_url(circle, conversation, "reply/"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    reply = conversation.messages.get(seq=2)
    assert first["Location"].endswith(f"#post-{reply.pk}")
    assert conversation.messages.count() == 2


def test_the_composer_starts_from_my_profiles_support_preference(circle, alice, web_as):
    alice.profile.support_preference = "advice_welcome"
    alice.profile.save()
    conversation = thread(circle, alice)

    html = web_as(alice).get(_url(circle, conversation)).content.decode()

    checked = re.search(r'<input[^>]*value="advice_welcome"[^>]*>', html)
    assert checked and "checked" in checked.group(0)
    assert alice.profile.support_preference == conversation.messages.get().support_preference


def test_an_empty_reply_is_refused_with_a_clear_message_and_keeps_the_rest(
    circle, alice, bob, web_as
):
    conversation = thread(circle, alice)

    response = web_as(bob).post(
        _url(circle, conversation, "reply/"),
        {"body": "   ", "support_preference": "just_listen", "warning_note": "loss"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Write something before sending." in html
    assert 'value="loss"' in html
    assert conversation.messages.count() == 1


def test_a_too_long_reply_keeps_the_typed_text(circle, alice, bob, web_as, settings):
    conversation = thread(circle, alice)
    text = "word " * 1100  # over the 5,000 character limit

    response = web_as(bob).post(
        _url(circle, conversation, "reply/"),
        {"body": text, "support_preference": "just_listen"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 5000 characters" in html or "5000" in html
    assert "word word word" in html
    assert conversation.messages.count() == 1


def test_more_than_five_warning_topics_are_refused(circle, alice, bob, web_as):
    conversation = thread(circle, alice)
    slugs = list(Topic.objects.filter(is_active=True).values_list("slug", flat=True)[:6])
    assert len(slugs) == 6

    response = web_as(bob).post(
        _url(circle, conversation, "reply/"),
        {"body": "Hello", "support_preference": "just_listen", "warning_topics": slugs},
    )

    assert response.status_code == 400
    assert "at most 5 content warning topics" in response.content.decode()


def test_posted_markdown_is_sanitized(circle, alice, bob, web_as):
    conversation = thread(circle, alice)
    post(conversation, bob, "<script>alert(1)</script> **bold** [x](javascript:alert(1))")

    html = web_as(alice).get(_url(circle, conversation)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<strong>bold</strong>" in html
    assert 'href="javascript' not in html


# --- Agreeing again ----------------------------------------------------------------------


def test_a_member_who_must_agree_again_reads_but_gets_an_agree_link_instead_of_a_composer(
    circle, alice, bob, web_as
):
    conversation = thread(circle, alice)
    publish_instance_version(
        change=RuleSetVersion.Change.MATERIAL, changed_text="Listen first, always."
    )
    client = web_as(bob)

    html = client.get(_url(circle, conversation)).content.decode()
    new_thread_html = client.get(_url(circle, suffix="new/")).content.decode()
    refused = client.post(
        _url(circle, conversation, "reply/"), {"body": "Hi", "support_preference": "just_listen"}
    )

    assert "Hello all" in html
    assert f'href="/groups/{circle.slug}/agree/"' in html
    assert 'name="body"' not in html
    assert 'name="body"' not in new_thread_html
    assert refused.status_code == 409
    assert conversation.messages.count() == 1


# --- Content warnings --------------------------------------------------------------------


def test_a_topic_warning_folds_the_post_for_readers_who_filter_that_topic(
    circle, alice, bob, facilitator, web_as
):
    grief = Topic.objects.get(slug="grief")
    bob.profile.content_filters.set([grief])
    conversation = thread(circle, facilitator)
    post(conversation, alice, "My father died last spring.", warning_topics=["grief"])

    filtering = web_as(bob).get(_url(circle, conversation)).content.decode()
    others = web_as(facilitator).get(_url(circle, conversation)).content.decode()

    folded = re.search(r'<details class="content-warning">(.*?)</details>', filtering, re.S)
    assert folded and "My father died" in folded.group(1)
    assert grief.name in folded.group(1)
    assert '<details class="content-warning">' not in others
    assert "My father died" in others
    assert f"Content warning: {grief.name}" in others


def test_a_warning_note_folds_the_post_for_everyone(circle, alice, bob, web_as):
    conversation = thread(circle, bob)
    post(conversation, alice, "The details of that night.", warning_note="self-harm mention")

    for reader in (bob, alice):
        html = web_as(reader).get(_url(circle, conversation)).content.decode()
        folded = re.search(r'<details class="content-warning">(.*?)</details>', html, re.S)
        assert folded and "self-harm mention" in folded.group(1)
        assert "The details of that night." in folded.group(1)


# --- Pages and unread markers ------------------------------------------------------------


def test_a_thread_pages_thirty_posts_oldest_first(circle, alice, bob, web_as):
    conversation = thread(circle, alice, text="Post number 1.")
    for n in range(2, 36):
        post(conversation, bob if n % 2 else alice, f"Post number {n}.")
    client = web_as(bob)

    first = client.get(_url(circle, conversation)).content.decode()
    second = client.get(_url(circle, conversation, "?page=2")).content.decode()

    assert first.index("Post number 1.") < first.index("Post number 30.")
    assert "Post number 31." not in first
    assert "Post number 31." in second and "Post number 35." in second
    assert "Page 1 of 2" in first


def test_viewing_a_page_marks_it_read_and_the_next_visit_shows_what_is_new(
    circle, alice, bob, web_as
):
    conversation = thread(circle, alice, text="First post.")
    post(conversation, alice, "Second post.")
    client = web_as(bob)
    client.get(_url(circle, conversation))
    assert ReadMark.objects.get(user=bob, conversation=conversation).last_seen_seq == 2

    post(conversation, alice, "Third post, new for bob.")
    html = client.get(_url(circle, conversation)).content.decode()

    assert html.index("Second post.") < html.index("New since your last visit")
    assert html.index("New since your last visit") < html.index("Third post, new for bob.")
    assert 'href="#new"' in html
    mark = ReadMark.objects.get(user=bob, conversation=conversation)
    assert (mark.previous_seen_seq, mark.last_seen_seq) == (2, 3)
    again = client.get(_url(circle, conversation)).content.decode()
    assert "New since your last visit" not in again


def test_the_first_unread_link_goes_to_the_page_it_is_on(circle, alice, bob, web_as):
    conversation = thread(circle, alice, text="Post number 1.")
    for n in range(2, 41):
        post(conversation, alice, f"Post number {n}.")
    ReadMark.objects.update_or_create(
        user=bob, conversation=conversation, defaults={"last_seen_seq": 33}
    )

    html = web_as(bob).get(_url(circle, conversation)).content.decode()

    assert f'href="/groups/{circle.slug}/conversations/{conversation.pk}/?page=2#new"' in html


def test_a_thread_page_costs_the_same_queries_however_many_posts_it_shows(
    circle, alice, bob, facilitator, web_as, django_assert_max_num_queries
):
    grief = Topic.objects.get(slug="grief")
    conversation = thread(circle, alice)
    post(conversation, bob, "One reply", warning_topics=[grief])
    client = web_as(bob)
    client.get(_url(circle, conversation))  # warm up the session and the read mark
    with CaptureQueriesContext(connection) as few:
        client.get(_url(circle, conversation))
    queries_for_two_posts = len(few)

    for n in range(25):
        author = (alice, bob, facilitator)[n % 3]
        message = post(conversation, author, f"Reply {n}", warning_topics=[grief])
        if author != bob:
            services.reaction_toggle(user=bob, message=message, kind="hear_you")
    client.get(_url(circle, conversation))

    with django_assert_max_num_queries(queries_for_two_posts):
        response = client.get(_url(circle, conversation))
    assert response.content.decode().count('class="post') >= 27


# --- Rooms on the list -------------------------------------------------------------------


def test_facilitators_open_chat_rooms_from_the_list_and_members_see_them(
    circle, facilitator, alice, charlie, web_as
):
    room(circle, facilitator, title="Tuesday chat")

    member_html = web_as(alice).get(_url(circle)).content.decode()
    response = web_as(facilitator).post(
        f"/groups/{circle.slug}/rooms/new/", {"title": "Late night"}
    )
    refused_member = web_as(alice).post(f"/groups/{circle.slug}/rooms/new/", {"title": "Mine"})
    refused_stranger = web_as(charlie).post(f"/groups/{circle.slug}/rooms/new/", {"title": "X"})

    assert "Tuesday chat" in member_html
    assert "Open a chat room" not in member_html
    new_room = Conversation.objects.get(title="Late night")
    assert new_room.kind == Conversation.Kind.ROOM
    assert response["Location"] == f"/groups/{circle.slug}/rooms/{new_room.pk}/"
    assert refused_member.status_code == 403
    assert refused_stranger.status_code == 404
    assert not Conversation.objects.filter(title__in=["Mine", "X"]).exists()
    assert "Open a chat room" in web_as(facilitator).get(_url(circle)).content.decode()


def test_a_room_without_a_name_is_not_opened(circle, facilitator, web_as):
    response = web_as(facilitator).post(f"/groups/{circle.slug}/rooms/new/", {"title": " "})

    assert response.status_code == 400
    assert not Conversation.objects.filter(kind=Conversation.Kind.ROOM).exists()


def test_a_stranger_gets_404_for_a_room_page(circle, facilitator, charlie, web_as):
    chat = room(circle, facilitator)

    assert web_as(charlie).get(f"/groups/{circle.slug}/rooms/{chat.pk}/").status_code == 404
    assert web_as(charlie).get(f"/groups/{circle.slug}/rooms/new/").status_code == 404


def test_a_room_page_carries_its_recent_history_oldest_first(circle, facilitator, alice, web_as):
    chat = room(circle, facilitator)
    for n in range(1, 56):
        post(chat, alice, f"Chat line {n}.")

    response = web_as(alice).get(f"/groups/{circle.slug}/rooms/{chat.pk}/")

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    context = response.context
    assert [m.seq for m in context["recent"]] == list(range(6, 56))
    assert context["last_seq"] == 55
    assert context["can_write"] is True
    assert context["ws_path"] == "/ws/chat/"
    assert context["room"] == chat


def test_a_member_who_must_agree_again_reads_a_room_without_writing(
    circle, facilitator, alice, bob, web_as
):
    chat = room(circle, facilitator)
    post(chat, alice, "Evening everyone.")
    publish_instance_version(
        change=RuleSetVersion.Change.MATERIAL, changed_text="Listen first, always."
    )

    response = web_as(bob).get(f"/groups/{circle.slug}/rooms/{chat.pk}/")

    assert response.status_code == 200
    assert response.context["can_write"] is False
    assert "Evening everyone." in response.content.decode()


def test_a_room_and_a_thread_each_open_at_their_own_address(circle, facilitator, alice, web_as):
    chat = room(circle, facilitator)
    conversation = thread(circle, alice)
    client = web_as(alice)

    assert client.get(_url(circle, chat))["Location"] == f"/groups/{circle.slug}/rooms/{chat.pk}/"
    to_thread = client.get(f"/groups/{circle.slug}/rooms/{conversation.pk}/")
    assert to_thread["Location"] == _url(circle, conversation)
