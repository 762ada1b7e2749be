"""A group's facilitators choose how long its conversation messages are kept."""

from __future__ import annotations

import pytest

from peerhaven.groups.models import Group
from tests.conversations.helpers import group_with


@pytest.fixture
def circle(db, facilitator, alice):
    return group_with(facilitator=facilitator, members=[alice])


def _form(group: Group, **overrides) -> dict:
    data = {
        "name": group.name,
        "description": group.description,
        "format": group.format,
        "listing": group.listing,
        "join_policy": group.join_policy,
        "join_questions": "",
        "what_to_expect": "",
        "capacity": "",
        "message_retention_days": "",
    }
    data.update(overrides)
    return data


def test_a_facilitator_sets_how_long_messages_are_kept_and_the_group_page_says_so(
    circle, facilitator, charlie, web_as
):
    client = web_as(facilitator)
    assert (
        'name="message_retention_days"'
        in client.get(f"/groups/{circle.slug}/edit/").content.decode()
    )

    response = client.post(
        f"/groups/{circle.slug}/edit/", _form(circle, message_retention_days="30")
    )

    assert response.status_code == 302
    circle.refresh_from_db()
    assert circle.message_retention_days == 30
    assert (
        "For 30 days, then erased"
        in web_as(charlie).get(f"/groups/{circle.slug}/").content.decode()
    )
    edit_html = client.get(f"/groups/{circle.slug}/edit/").content.decode()
    assert 'value="30"' in edit_html


def test_leaving_it_empty_keeps_messages_until_their_authors_delete_them(
    circle, facilitator, alice, web_as
):
    Group.objects.filter(pk=circle.pk).update(message_retention_days=90)

    web_as(facilitator).post(f"/groups/{circle.slug}/edit/", _form(circle))

    circle.refresh_from_db()
    assert circle.message_retention_days is None
    html = web_as(alice).get(f"/groups/{circle.slug}/").content.decode()
    assert "Until their authors delete them" in html


def test_a_period_out_of_range_is_refused(circle, facilitator, web_as):
    for days in ("0", "5000", "soon"):
        response = web_as(facilitator).post(
            f"/groups/{circle.slug}/edit/", _form(circle, message_retention_days=days)
        )
        assert response.status_code == 400, days
    circle.refresh_from_db()
    assert circle.message_retention_days is None


def test_members_and_strangers_cannot_change_it(circle, alice, charlie, web_as):
    for person in (alice, charlie):
        response = web_as(person).post(
            f"/groups/{circle.slug}/edit/", _form(circle, message_retention_days="7")
        )
        assert response.status_code in (403, 404)
    circle.refresh_from_db()
    assert circle.message_retention_days is None


def test_a_new_group_can_start_with_a_retention_period(db, facilitator, web_as):
    response = web_as(facilitator).post(
        "/groups/new/",
        {
            "name": "Quiet Hours",
            "format": "online",
            "listing": "listed",
            "join_policy": "open",
            "message_retention_days": "14",
        },
    )

    assert response.status_code == 302
    assert Group.objects.get(name="Quiet Hours").message_retention_days == 14
