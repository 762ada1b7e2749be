"""Which kinds of hints were shown and taken is counted per day and kind, with no text and
no names: a draft counts as shown once per kind however often its writer pauses, and as
accepted once per kind when they take a rewrite or removal of a kind it was shown."""

from __future__ import annotations

import pytest
from django.utils import timezone

from peerhaven.conversations import services as conversation_services
from peerhaven.nudges.models import NudgeCount
from tests.conversations.helpers import group_with

ANALYZE = "/nudges/analyze/"
ACCEPT = "/nudges/accepted/"
ACCEPTANCE = "you should just get over it, at least you have a job"


@pytest.fixture
def listen_thread(facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    return conversation_services.thread_start(
        author=bob,
        group=circle,
        title="A rough week",
        text="Work has been a lot lately.",
        support_preference="just_listen",
    ).message.conversation


def _counts() -> dict[str, tuple[int, int]]:
    return {c.kind: (c.shown, c.accepted) for c in NudgeCount.objects.all()}


def _draft(client, thread, text: str, draft: str | None = "draft-aaaa-0001"):
    data = {"text": text, "mode": "reply", "conversation": thread.pk}
    if draft is not None:
        data["draft"] = draft
    response = client.post(ANALYZE, data)
    assert response.status_code == 200
    return response


def test_a_draft_counts_each_kind_it_shows_once_however_often_its_writer_pauses(
    listen_thread, alice, bob, charlie, web_as
):
    client = web_as(alice)
    _draft(client, listen_thread, "you should try walking")
    _draft(client, listen_thread, "you should just get over it")
    _draft(client, listen_thread, ACCEPTANCE)
    _draft(client, listen_thread, ACCEPTANCE)

    counts = _counts()
    assert set(counts) == {"unsolicited_advice", "judgment"}
    assert counts["unsolicited_advice"] == (1, 0)
    assert counts["judgment"] == (1, 0)
    assert set(NudgeCount.objects.values_list("day", flat=True)) == {timezone.localdate()}

    # Another draft, or someone else's draft with the same id, counts again.
    _draft(client, listen_thread, ACCEPTANCE, draft="draft-aaaa-0002")
    _draft(web_as(bob), listen_thread, ACCEPTANCE)
    assert _counts()["unsolicited_advice"] == (3, 0)
    # A stranger's attempt is refused before anything is analyzed or counted.
    refused = web_as(charlie).post(
        ANALYZE, {"text": ACCEPTANCE, "conversation": listen_thread.pk, "draft": "draft-cccc-0001"}
    )
    assert refused.status_code == 404
    assert _counts()["unsolicited_advice"] == (3, 0)


def test_a_request_without_a_valid_draft_id_counts_nothing(listen_thread, alice, web_as):
    _draft(web_as(alice), listen_thread, ACCEPTANCE, draft=None)
    _draft(web_as(alice), listen_thread, ACCEPTANCE, draft="short")
    _draft(web_as(alice), listen_thread, ACCEPTANCE, draft="spaces are not ok here")

    assert not NudgeCount.objects.exists()


def test_taking_a_hint_counts_once_per_draft_and_kind(listen_thread, alice, web_as):
    client = web_as(alice)
    _draft(client, listen_thread, ACCEPTANCE)

    taken = [
        client.post(ACCEPT, {"kind": "unsolicited_advice", "draft": "draft-aaaa-0001"}),
        client.post(ACCEPT, {"kind": "unsolicited_advice", "draft": "draft-aaaa-0001"}),
        client.post(ACCEPT, {"kind": "judgment", "draft": "draft-aaaa-0001"}),
    ]

    assert [r.status_code for r in taken] == [204, 204, 204]
    assert _counts() == {"unsolicited_advice": (1, 1), "judgment": (1, 1)}


def test_only_a_kind_the_draft_was_shown_can_be_taken(listen_thread, alice, bob, web_as):
    _draft(web_as(alice), listen_thread, ACCEPTANCE)

    # Not shown in this draft, another draft, or another person's draft: not counted.
    web_as(alice).post(ACCEPT, {"kind": "diagnosis", "draft": "draft-aaaa-0001"})
    web_as(alice).post(ACCEPT, {"kind": "judgment", "draft": "draft-aaaa-9999"})
    web_as(bob).post(ACCEPT, {"kind": "judgment", "draft": "draft-aaaa-0001"})

    assert _counts()["judgment"] == (1, 0)
    assert "diagnosis" not in _counts()


@pytest.mark.parametrize(
    "data", [{"kind": "shouting", "draft": "draft-aaaa-0001"}, {"kind": "judgment", "draft": "x"}]
)
def test_an_unknown_kind_or_draft_is_refused(alice, web_as, data):
    response = web_as(alice).post(ACCEPT, data)

    assert response.status_code == 400
    assert not NudgeCount.objects.exists()


def test_a_visitor_cannot_send_events(db, web_as):
    response = web_as(None).post(ACCEPT, {"kind": "judgment", "draft": "draft-aaaa-0001"})

    assert response.status_code == 302
    assert not NudgeCount.objects.exists()


def test_counts_hold_no_text_and_no_people(listen_thread, alice, web_as):
    _draft(web_as(alice), listen_thread, "you should call me on 0151 496 0123 tonight")

    fields = {field.name for field in NudgeCount._meta.get_fields()}
    assert fields == {"id", "day", "kind", "shown", "accepted"}
    for row in NudgeCount.objects.values():
        assert "0151" not in str(row)
        assert "you should" not in str(row)


@pytest.fixture
def admin_console(web_as, org_admin):
    org_admin.is_superuser = True
    org_admin.save(update_fields=["is_superuser"])
    return web_as(org_admin)


def test_the_organization_reads_the_counts_in_the_admin(
    listen_thread, alice, admin_console, web_as
):
    _draft(web_as(alice), listen_thread, ACCEPTANCE)
    web_as(alice).post(ACCEPT, {"kind": "judgment", "draft": "draft-aaaa-0001"})

    page = admin_console.get("/admin/nudges/nudgecount/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "unsolicited_advice" in body
    assert "100%" in body
    assert admin_console.get("/admin/nudges/nudgecount/add/").status_code == 403
    assert web_as(alice).get("/admin/nudges/nudgecount/").status_code == 302
