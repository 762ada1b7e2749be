"""The group's pre-moderation setting on its edit page: facilitators turn it on, and the
posting gate follows at once (its cached value is forgotten after the save)."""

from __future__ import annotations

import pytest

from peerhaven.conversations.models import Message, Moderation
from peerhaven.moderation import services
from tests.conversations.helpers import post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.page_helpers import evening_circle, page

pytestmark = pytest.mark.django_db

EDIT = "/groups/evening-circle/edit/"


def _form(**overrides) -> dict:
    data = {
        "name": "Evening Circle",
        "description": "",
        "format": "online",
        "languages": ["en"],
        "listing": "listed",
        "join_policy": "open",
        "join_questions": "",
        "what_to_expect": "",
        "capacity": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def group(facilitator, alice, bob):
    return evening_circle(facilitator, alice, bob)


def test_a_facilitator_turns_on_premoderation_and_new_posts_wait(
    web_as, django_capture_on_commit_callbacks, group, facilitator, bob
):
    conversation = thread(group, bob)
    assert services.posting_gate(bob.pk, group.pk)[1] == 0  # now cached as "off"

    client = web_as(facilitator)
    html = page(client.get(EDIT))
    assert 'name="premoderate_first_posts"' in html
    assert "A post that may come from someone at risk is never held." in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT, _form(premoderate_first_posts="2"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.premoderate_first_posts == 2
    assert services.posting_gate(bob.pk, group.pk)[1] == 2

    newcomer = UserFactory(display_name="Dana")
    join_now(newcomer, group)
    held = post(conversation, newcomer, "Hello, I am new.")
    assert Message.objects.get(pk=held.pk).moderation == Moderation.PENDING
    # The page shows the value saved.
    assert 'name="premoderate_first_posts" value="2"' in page(client.get(EDIT))


def test_an_empty_value_turns_it_off_and_a_too_high_one_is_refused(
    web_as, django_capture_on_commit_callbacks, group, facilitator
):
    group.premoderate_first_posts = 3
    group.save(update_fields=["premoderate_first_posts"])
    client = web_as(facilitator)

    response = client.post(EDIT, _form(premoderate_first_posts="50"))
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 20." in page(response)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(EDIT, _form(premoderate_first_posts="")).status_code == 302
    group.refresh_from_db()
    assert group.premoderate_first_posts == 0


def test_members_cannot_change_the_setting(web_as, group, bob, charlie):
    assert web_as(bob).post(EDIT, _form(premoderate_first_posts="5")).status_code == 403
    assert web_as(charlie).post(EDIT, _form(premoderate_first_posts="5")).status_code == 404
    group.refresh_from_db()
    assert group.premoderate_first_posts == 0
