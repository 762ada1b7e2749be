"""Editing and deleting one's own posts; earlier versions for the group's facilitators."""

from __future__ import annotations

import pytest

from peerhaven.conversations.models import Message, MessageRevision
from peerhaven.guidelines.models import RuleSetVersion
from tests.conversations.helpers import group_with, post, thread
from tests.groups.helpers import publish_instance_version


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def message(circle, alice):
    return thread(circle, alice, text="I felt low today.").messages.get()


def _thread_url(message) -> str:
    conversation = message.conversation
    return f"/groups/{conversation.group.slug}/conversations/{conversation.pk}/"


def test_the_author_edits_a_post_and_readers_see_it_marked_edited(message, alice, bob, web_as):
    client = web_as(alice)
    form = client.get(f"/conversations/messages/{message.pk}/edit/")

    response = client.post(
        f"/conversations/messages/{message.pk}/edit/", {"body": "I felt *very* low today."}
    )

    assert form.status_code == 200
    assert "I felt low today." in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"{_thread_url(message)}#post-{message.pk}"
    html = web_as(bob).get(_thread_url(message)).content.decode()
    assert "I felt <em>very</em> low today." in html
    assert '<span class="edited">edited</span>' in html
    assert "earlier versions" not in html  # members do not see the earlier text


def test_facilitators_read_the_earlier_versions_and_nobody_else_does(
    message, alice, bob, charlie, facilitator, web_as
):
    web_as(alice).post(f"/conversations/messages/{message.pk}/edit/", {"body": "Second try."})
    web_as(alice).post(f"/conversations/messages/{message.pk}/edit/", {"body": "Third try."})
    url = f"/conversations/messages/{message.pk}/versions/"

    page = web_as(facilitator).get(url)
    thread_html = web_as(facilitator).get(_thread_url(message)).content.decode()

    html = page.content.decode()
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert html.index("Third try.") < html.index("Second try.") < html.index("I felt low today.")
    assert url in thread_html
    assert web_as(alice).get(url).status_code == 403
    assert web_as(bob).get(url).status_code == 403
    assert web_as(charlie).get(url).status_code == 404


def test_nobody_edits_or_deletes_someone_elses_post(message, bob, charlie, web_as):
    for client, status in ((web_as(bob), 403), (web_as(charlie), 404)):
        for action in ("edit", "delete"):
            url = f"/conversations/messages/{message.pk}/{action}/"
            assert client.get(url).status_code == status, (action, status)
            assert client.post(url, {"body": "Changed"}).status_code == status
    message.refresh_from_db()
    assert message.body == "I felt low today."
    assert message.edited_at is None


def test_an_empty_edit_is_refused_and_changes_nothing(message, alice, web_as):
    response = web_as(alice).post(f"/conversations/messages/{message.pk}/edit/", {"body": "  "})

    assert response.status_code == 400
    assert "Write something, or delete the post instead." in response.content.decode()
    message.refresh_from_db()
    assert message.body == "I felt low today."
    assert not MessageRevision.objects.exists()


def test_the_edit_link_is_only_on_my_own_posts(message, alice, bob, web_as):
    edit_url = f"/conversations/messages/{message.pk}/edit/"

    assert edit_url in web_as(alice).get(_thread_url(message)).content.decode()
    assert edit_url not in web_as(bob).get(_thread_url(message)).content.decode()


def test_deleting_asks_first_then_erases_the_post_and_its_versions(message, alice, bob, web_as):
    reply = post(message.conversation, alice, "A second thought.")
    web_as(alice).post(f"/conversations/messages/{reply.pk}/edit/", {"body": "Changed thought."})
    client = web_as(alice)

    confirm = client.get(f"/conversations/messages/{reply.pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete your post?" in confirm.content.decode()
    assert "Changed thought." in confirm.content.decode()
    assert Message.objects.filter(pk=reply.pk).exists()

    response = client.post(f"/conversations/messages/{reply.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == _thread_url(message)
    assert not Message.objects.filter(pk=reply.pk).exists()
    assert not MessageRevision.objects.filter(message_id=reply.pk).exists()
    assert "Changed thought." not in web_as(bob).get(_thread_url(message)).content.decode()


def test_a_member_who_must_agree_again_can_delete_but_not_edit(message, alice, web_as):
    publish_instance_version(
        change=RuleSetVersion.Change.MATERIAL, changed_text="Listen first, always."
    )
    client = web_as(alice)

    assert client.get(f"/conversations/messages/{message.pk}/edit/").status_code == 409
    edit_url = f"/conversations/messages/{message.pk}/edit/"
    assert edit_url not in client.get(_thread_url(message)).content.decode()
    assert client.post(f"/conversations/messages/{message.pk}/delete/").status_code == 302
    assert not Message.objects.filter(pk=message.pk).exists()


def test_a_visitor_is_sent_to_sign_in(message, web_as):
    response = web_as(None).get(f"/conversations/messages/{message.pk}/edit/")

    assert response.status_code == 302
    assert "next=" in response["Location"]
