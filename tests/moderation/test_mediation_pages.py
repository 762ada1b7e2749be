"""The mediated conversation pages through HTTP: who may see and do what (everyone else
gets 404, as for a missing conversation), opening from the form, writing, and closing."""

from __future__ import annotations

import pytest

from peerhaven.conversations.models import Conversation
from peerhaven.moderation import mediation
from peerhaven.moderation.models import Notice
from tests.conversations.helpers import post
from tests.moderation.mediation_helpers import OPENING_NOTE, PEOPLE, mediation_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(facilitator, alice, bob):
    return mediation_scene(facilitator=facilitator, alice=alice, bob=bob)


def _url(scene, suffix: str = "") -> str:
    return f"/moderation/mediation/{scene.conversation.pk}/{suffix}"


def _message_data(text: str) -> dict[str, str]:
    return {"body": text, "support_preference": "just_listen", "client_id": ""}


# --- The access matrix --------------------------------------------------------------------


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_page_is_for_participants_facilitators_and_admins_only(
    scene, charlie, org_admin, web_as, who
):
    find, may_read, may_write = PEOPLE[who]
    response = web_as(find(scene, charlie, org_admin)).get(_url(scene))

    if not may_read:
        assert response.status_code == 404
        assert "Talking it through" not in response.content.decode()
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "Talking it through" in page
    assert OPENING_NOTE in page
    guideline = mediation.pinned_guideline()
    assert guideline.title in page and guideline.text in page
    for name in ("Fran", "Alice", "Bob"):
        assert name in page
    assert ('name="body"' in page) is may_write


@pytest.mark.parametrize("who", list(PEOPLE))
def test_posting_from_the_page_follows_the_same_rules(scene, charlie, org_admin, web_as, who):
    find, may_read, may_write = PEOPLE[who]
    response = web_as(find(scene, charlie, org_admin)).post(
        _url(scene), _message_data("Can I say something?")
    )

    created = scene.conversation.messages.filter(body="Can I say something?").exists()
    assert created is may_write
    if may_write:
        assert response.status_code == 302
        assert response["Location"].startswith(_url(scene))
    else:
        assert response.status_code == (403 if may_read else 404)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("participant alice", 403),
        ("participant bob", 403),
        ("the facilitator", 200),
        ("another member", 404),
        ("outsider charlie", 404),
        ("facilitator of another group", 404),
        ("site admin", 200),
    ],
)
def test_only_facilitators_and_admins_reach_the_close_page(
    scene, charlie, org_admin, web_as, who, status
):
    find = PEOPLE[who][0]
    client = web_as(find(scene, charlie, org_admin))
    assert client.get(_url(scene, "close/")).status_code == status
    response = client.post(_url(scene, "close/"), {"note": "Done"})
    assert response.status_code == (302 if status == 200 else status)
    closed = Conversation.objects.filter(pk=scene.conversation.pk, closed_at__isnull=False)
    assert closed.exists() is (status == 200)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("participant alice", 403),
        ("another member", 403),
        ("outsider charlie", 404),
        ("facilitator of another group", 404),
        ("the facilitator", 200),
        ("site admin", 200),
    ],
)
def test_only_the_groups_facilitators_and_admins_reach_the_open_form(
    scene, charlie, org_admin, web_as, who, status
):
    find = PEOPLE[who][0]
    response = web_as(find(scene, charlie, org_admin)).get(
        f"/moderation/mediation/new/{scene.group.slug}/"
    )
    assert response.status_code == status


def test_a_visitor_is_asked_to_sign_in(scene, web_as):
    response = web_as(None).get(_url(scene))
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_group_thread_address_of_a_mediation_is_404_for_other_members(scene, web_as):
    path = f"/groups/{scene.group.slug}/conversations/{scene.conversation.pk}/"
    assert web_as(scene.dana).get(path).status_code == 404
    response = web_as(scene.alice).get(path)
    assert response.status_code == 302 and response["Location"] == _url(scene)


def test_a_link_to_one_of_its_messages_opens_the_mediation_page(scene, web_as):
    message = post(scene.conversation, scene.bob, "I hear you.")
    response = web_as(scene.alice).get(f"/conversations/messages/{message.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{_url(scene)}#post-{message.pk}"
    assert web_as(scene.dana).get(f"/conversations/messages/{message.pk}/").status_code == 404


def test_it_is_not_in_the_groups_conversation_list(scene, web_as):
    for person in (scene.alice, scene.dana, scene.facilitator):
        page = web_as(person).get(f"/groups/{scene.group.slug}/conversations/").content.decode()
        assert "Talking it through" not in page


# --- Opening from the form ----------------------------------------------------------------


def _open_form(scene, **overrides):
    data = {
        "first_member": scene.alice.pk,
        "second_member": scene.dana.pk,
        "title": "About last Tuesday",
        "opening_note": "I'd like to help you two talk.",
    }
    return data | overrides


def test_the_group_page_links_facilitators_to_the_form(scene, web_as):
    link = f'href="/moderation/mediation/new/{scene.group.slug}/"'
    assert link in web_as(scene.facilitator).get(f"/groups/{scene.group.slug}/").content.decode()
    assert link not in web_as(scene.alice).get(f"/groups/{scene.group.slug}/").content.decode()


def test_the_form_offers_only_the_groups_other_members(scene, charlie, web_as):
    page = web_as(scene.facilitator).get(f"/moderation/mediation/new/{scene.group.slug}/")
    text = page.content.decode()
    for name in ("Alice", "Bob", "Dana"):
        assert f">{name}</option>" in text
    assert ">Charlie</option>" not in text
    assert ">Fran</option>" not in text


def test_a_facilitator_opens_one_from_the_form(scene, web_as):
    response = web_as(scene.facilitator).post(
        f"/moderation/mediation/new/{scene.group.slug}/", _open_form(scene)
    )
    opened = Conversation.objects.get(title="About last Tuesday")
    assert response.status_code == 302
    assert response["Location"] == f"/moderation/mediation/{opened.pk}/"
    assert opened.kind == Conversation.Kind.MEDIATION
    assert sorted(
        Notice.objects.filter(link=f"/moderation/mediation/{opened.pk}/").values_list(
            "user__display_name", flat=True
        )
    ) == ["Alice", "Dana"]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"second_member": "alice"}, "Choose two different members"),
        ({"second_member": "charlie"}, "Choose a member of this group."),
        ({"second_member": "fran"}, "Choose a member of this group."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_choices_on_the_form_are_shown_and_nothing_is_opened(
    scene, charlie, web_as, overrides, error
):
    people = {"alice": scene.alice.pk, "charlie": charlie.pk, "fran": scene.facilitator.pk}
    data = _open_form(scene, **{k: people.get(v, v) for k, v in overrides.items()})
    before = Conversation.objects.count()

    response = web_as(scene.facilitator).post(
        f"/moderation/mediation/new/{scene.group.slug}/", data
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert Conversation.objects.count() == before


# --- Writing and closing ------------------------------------------------------------------


def test_a_participant_writes_and_everyone_taking_part_reads_it(scene, web_as):
    response = web_as(scene.alice).post(_url(scene), _message_data("I felt unheard."))
    assert response.status_code == 302
    for person in (scene.bob, scene.facilitator):
        assert "I felt unheard." in web_as(person).get(_url(scene)).content.decode()


def test_closing_asks_for_a_note_then_stops_writing_and_tells_both(scene, web_as):
    facilitator = web_as(scene.facilitator)
    page = facilitator.get(_url(scene)).content.decode()
    assert f'href="{_url(scene, "close/")}"' in page

    refused = facilitator.post(_url(scene, "close/"), {"note": "  "})
    assert refused.status_code == 400
    assert "Write a closing note before closing." in refused.content.decode()
    assert Conversation.objects.get(pk=scene.conversation.pk).closed_at is None

    done = facilitator.post(_url(scene, "close/"), {"note": "You agreed to take a break."})
    assert done.status_code == 302 and done["Location"] == _url(scene)
    assert (
        Notice.objects.filter(title__contains="closed", body__contains="take a break").count() == 2
    )

    alice = web_as(scene.alice)
    after = alice.post(_url(scene), _message_data("But wait"))
    assert after.status_code == 409
    assert "This mediated conversation is closed" in after.content.decode()
    assert not scene.conversation.messages.filter(body="But wait").exists()

    page = alice.get(_url(scene)).content.decode()
    assert "You agreed to take a break." in page
    assert 'name="body"' not in page
    assert facilitator.get(_url(scene, "close/")).status_code == 409
