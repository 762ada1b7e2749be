"""Joining open groups, asking to join, invite links, leaving and managing members."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import timezone

from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups import services
from peerhaven.groups.exceptions import (
    AlreadyMember,
    GroupFull,
    InvalidAnswers,
    JoinPolicyMismatch,
    LastFacilitator,
)
from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest, Membership
from tests.groups.helpers import join_now, make_group

REQUEST = Group.JoinPolicy.REQUEST
INVITE = Group.JoinPolicy.INVITE


@pytest.fixture
def circle(db, facilitator):
    return make_group(name="Evening Circle", facilitator=facilitator)


@pytest.fixture
def asking(db, facilitator):
    return make_group(
        name="Asking Circle",
        facilitator=facilitator,
        join_policy=REQUEST,
        join_questions=["What brings you here?", "Anything we should know?"],
    )


def _stored(user) -> tuple[int, int, int]:
    return (
        Membership.objects.filter(user=user).count(),
        JoinRequest.objects.filter(user=user).count(),
        Agreement.objects.filter(user=user).count(),
    )


# --- Open groups ----------------------------------------------------------------------


def test_joining_on_the_web_records_who_agreed_to_which_versions_and_how(circle, alice, web_as):
    client = web_as(alice)
    page = client.get("/groups/evening-circle/join/")
    assert "I agree to the community guidelines (version 1)" in page.content.decode()

    response = client.post("/groups/evening-circle/join/", {"instance_version": 1, "agree": "on"})

    assert response.status_code == 302
    assert circle.memberships.filter(user=alice, role=Membership.Role.MEMBER).exists()
    agreement = Agreement.objects.get(user=alice)
    assert (agreement.group, agreement.instance_version.number, agreement.group_version) == (
        circle,
        1,
        None,
    )
    assert agreement.via == Agreement.Via.WEB


def test_joining_without_ticking_the_box_stores_nothing(circle, alice, web_as):
    response = web_as(alice).post("/groups/evening-circle/join/", {"instance_version": 1})

    assert response.status_code == 400
    assert "Please tick the box" in response.content.decode()
    assert _stored(alice) == (0, 0, 0)


def test_joining_twice_is_refused_clearly_and_stores_nothing_more(circle, alice):
    services.group_join(user=alice, group=circle, instance_version=1, group_version=None)

    with pytest.raises(AlreadyMember) as caught:
        services.group_join(user=alice, group=circle, instance_version=1, group_version=None)

    assert "already a member" in caught.value.message
    assert _stored(alice) == (1, 0, 1)


def test_a_full_group_says_so_and_stores_nothing(db, facilitator, alice, bob):
    small = make_group(name="Small Circle", facilitator=facilitator, capacity=2)
    services.group_join(user=alice, group=small, instance_version=1, group_version=None)

    with pytest.raises(GroupFull) as caught:
        services.group_join(user=bob, group=small, instance_version=1, group_version=None)

    assert caught.value.code == "group_full"
    assert _stored(bob) == (0, 0, 0)


def test_an_unknown_version_number_is_refused(circle, alice):
    from peerhaven.groups.exceptions import VersionNotCurrent

    with pytest.raises(VersionNotCurrent) as caught:
        services.group_join(user=alice, group=circle, instance_version=7, group_version=None)

    assert caught.value.code == "unknown_version"
    assert _stored(alice) == (0, 0, 0)


def test_an_invite_only_group_cannot_be_joined_directly(db, facilitator, alice, api_as):
    make_group(name="Invited Circle", facilitator=facilitator, join_policy=INVITE)

    response = api_as(alice).post(
        "/api/v1/groups/invited-circle/join/", {"agree_instance_version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "invite_only"
    assert _stored(alice) == (0, 0, 0)


# --- Requests to join -----------------------------------------------------------------


def test_asking_to_join_keeps_the_answers_with_their_questions(asking, alice, web_as):
    client = web_as(alice)
    assert "What brings you here?" in client.get("/groups/asking-circle/join/").content.decode()

    response = client.post(
        "/groups/asking-circle/join/",
        {"instance_version": 1, "agree": "on", "answer_0": "  Recently bereaved. ", "answer_1": ""},
    )

    assert response.status_code == 302
    join_request = JoinRequest.objects.get(user=alice)
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.answers == [
        {"question": "What brings you here?", "answer": "Recently bereaved."},
        {"question": "Anything we should know?", "answer": ""},
    ]
    assert not asking.memberships.filter(user=alice).exists()
    assert "You asked to join" in client.get("/groups/asking-circle/").content.decode()


def test_over_long_answers_are_refused_on_the_web_and_nothing_is_stored(asking, alice, web_as):
    response = web_as(alice).post(
        "/groups/asking-circle/join/",
        {"instance_version": 1, "agree": "on", "answer_0": "x" * 1001},
    )

    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert _stored(alice) == (0, 0, 0)


def test_over_long_answers_are_refused_by_the_service_and_the_api(asking, alice, api_as):
    with pytest.raises(InvalidAnswers) as caught:
        services.join_request_create(
            user=alice, group=asking, answers=["y" * 1001], instance_version=1, group_version=None
        )
    assert "answer_0" in caught.value.extra["fields"]

    response = api_as(alice).post(
        "/api/v1/groups/asking-circle/join/",
        {"agree_instance_version": 1, "answers": ["fine", "z" * 1001]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_answers"
    assert "answer_1" in response.json()["extra"]["fields"]
    assert _stored(alice) == (0, 0, 0)


def test_more_answers_than_questions_are_refused(asking, alice):
    with pytest.raises(InvalidAnswers):
        services.join_request_create(
            user=alice,
            group=asking,
            answers=["a", "b", "c"],
            instance_version=1,
            group_version=None,
        )
    assert _stored(alice) == (0, 0, 0)


def test_asking_twice_while_waiting_is_refused(asking, alice):
    services.join_request_create(
        user=alice, group=asking, answers=[], instance_version=1, group_version=None
    )

    with pytest.raises(Exception) as caught:
        services.join_request_create(
            user=alice, group=asking, answers=[], instance_version=1, group_version=None
        )

    assert caught.value.code == "request_pending"
    assert _stored(alice) == (0, 1, 1)


def test_facilitator_approves_a_request_from_the_queue(asking, alice, facilitator, web_as):
    services.join_request_create(
        user=alice, group=asking, answers=["Hello"], instance_version=1, group_version=None
    )
    client = web_as(facilitator)
    queue = client.get("/groups/asking-circle/requests/")
    assert "Hello" in queue.content.decode()
    join_request = JoinRequest.objects.get(user=alice)

    response = client.post(
        "/groups/asking-circle/requests/", {"request_id": join_request.pk, "action": "approve"}
    )

    assert response.status_code == 302
    assert asking.memberships.filter(user=alice).exists()
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("approved", facilitator)


def test_a_declined_request_does_not_make_a_member(asking, alice, facilitator):
    join_request = services.join_request_create(
        user=alice, group=asking, answers=[], instance_version=1, group_version=None
    )

    services.join_request_decline(actor=facilitator, join_request=join_request)

    assert not asking.memberships.filter(user=alice).exists()
    with pytest.raises(Exception) as caught:
        services.join_request_approve(actor=facilitator, join_request=join_request)
    assert caught.value.code == "request_not_pending"


@pytest.mark.parametrize(
    ("action", "title", "link"),
    [
        ("approve", "You have joined Asking Circle", "/groups/asking-circle/"),
        ("decline", "About your request to join Asking Circle", "/groups/"),
    ],
)
def test_the_person_who_asked_hears_the_answer_in_their_notices(
    asking, alice, facilitator, web_as, api_as, action, title, link
):
    join_request = services.join_request_create(
        user=alice, group=asking, answers=[], instance_version=1, group_version=None
    )
    web_as(facilitator).post(
        "/groups/asking-circle/requests/", {"request_id": join_request.pk, "action": action}
    )

    [notice] = api_as(alice).get("/api/v1/notices/").json()["results"]
    assert (notice["kind"], notice["title"], notice["link"]) == ("group", title, link)
    assert "Asking Circle" in web_as(alice).get("/moderation/notices/").content.decode()
    assert api_as(facilitator).get("/api/v1/notices/").json()["results"] == []


def test_the_person_who_asked_can_withdraw_and_nobody_else(asking, alice, bob, web_as):
    join_request = services.join_request_create(
        user=alice, group=asking, answers=[], instance_version=1, group_version=None
    )
    with pytest.raises(NotFound):
        services.join_request_withdraw(user=bob, join_request=join_request)

    web_as(alice).post("/groups/asking-circle/request/withdraw/")

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.WITHDRAWN


def test_a_member_who_is_not_a_facilitator_cannot_approve(asking, alice, bob):
    join_now(bob, asking)
    join_request = services.join_request_create(
        user=alice, group=asking, answers=[], instance_version=1, group_version=None
    )

    with pytest.raises(NotAllowed):
        services.join_request_approve(actor=bob, join_request=join_request)
    assert not asking.memberships.filter(user=alice).exists()


# --- Invites --------------------------------------------------------------------------


@pytest.fixture
def hidden(db, facilitator):
    return make_group(
        name="Hidden Circle",
        facilitator=facilitator,
        listing=Group.Listing.UNLISTED,
        join_policy=INVITE,
    )


def test_facilitator_makes_a_link_and_an_invited_person_joins_through_it(
    hidden, facilitator, charlie, web_as
):
    page = web_as(facilitator).post(
        "/groups/hidden-circle/invites/", {"action": "create", "days": 7, "max_uses": 1}
    )
    invite = Invite.objects.get(group=hidden)
    assert f"/groups/invite/{invite.token}/" in page.content.decode()
    assert len(invite.token) >= 40
    assert timedelta(days=6) < invite.expires_at - timezone.now() <= timedelta(days=7)

    client = web_as(charlie)
    assert client.get("/groups/hidden-circle/").status_code == 404
    offer = client.get(f"/groups/invite/{invite.token}/")
    assert offer.status_code == 200
    assert "Hidden Circle" in offer.content.decode()
    response = client.post(
        f"/groups/invite/{invite.token}/", {"instance_version": 1, "agree": "on"}
    )

    assert response.status_code == 302
    assert hidden.memberships.filter(user=charlie).exists()
    assert Agreement.objects.filter(user=charlie, group=hidden).exists()
    invite.refresh_from_db()
    assert invite.uses == 1
    assert client.get("/groups/hidden-circle/").status_code == 200


def _invite(group, facilitator, **fields) -> Invite:
    return services.invite_create(actor=facilitator, group=group, **fields)


def test_someone_new_creates_an_account_from_an_invite_and_comes_back_to_it(
    hidden, facilitator, client
):
    invite = _invite(hidden, facilitator)
    invite_path = f"/groups/invite/{invite.token}/"
    offer = client.get(invite_path).content.decode()
    join_path = f"/accounts/sign-up/?next={invite_path}"
    assert join_path in offer

    form = client.get(join_path).content.decode()
    assert f'name="next" value="{invite_path}"' in form
    client.post("/accounts/sign-up/", {"email": "invited@example.org", "next": invite_path})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/sign-up/\S+)", str(message.body)).group(1)
    assert link.endswith(f"?next={quote(invite_path, safe='')}")
    strong = "quiet harbour lantern 42"
    joined = client.post(
        link,
        {"display_name": "Newcomer", "password1": strong, "password2": strong, "time_zone": "UTC"},
    )

    assert joined.status_code == 302
    assert joined["Location"] == invite_path
    assert "Hidden Circle" in client.get(invite_path).content.decode()


def test_a_next_address_off_the_site_is_left_out_of_the_sign_up_link(db, client):
    client.post(
        "/accounts/sign-up/", {"email": "invited@example.org", "next": "https://x.example/"}
    )

    [message] = mail.outbox
    assert "next=" not in str(message.body)
    assert "x.example" not in str(message.body)


@pytest.mark.parametrize(
    ("spoil", "code", "words"),
    [
        ("revoke", "invite_revoked", "withdrawn"),
        ("expire", "invite_expired", "expired"),
        ("use_up", "invite_used_up", "already been used"),
    ],
)
def test_an_unusable_invite_link_says_why_and_stores_nothing(
    hidden, facilitator, alice, charlie, web_as, spoil, code, words
):
    invite = _invite(hidden, facilitator)
    if spoil == "revoke":
        services.invite_revoke(actor=facilitator, invite=invite)
    elif spoil == "expire":
        Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    else:
        services.invite_accept(
            user=alice, token=invite.token, instance_version=1, group_version=None
        )
    client = web_as(charlie)

    page = client.get(f"/groups/invite/{invite.token}/")
    posted = client.post(f"/groups/invite/{invite.token}/", {"instance_version": 1, "agree": "on"})

    assert page.status_code == 409
    assert words in page.content.decode()
    assert posted.status_code == 409
    assert _stored(charlie) == (0, 0, 0)
    with pytest.raises(Exception) as caught:
        services.invite_accept(
            user=charlie, token=invite.token, instance_version=1, group_version=None
        )
    assert caught.value.code == code


def test_an_unknown_invite_token_is_not_found(db, charlie, web_as):
    assert web_as(charlie).get("/groups/invite/not-a-real-token/").status_code == 404


def test_a_link_for_several_people_works_until_used_up(hidden, facilitator, alice, bob, charlie):
    invite = _invite(hidden, facilitator, max_uses=2)
    for person in (alice, bob):
        services.invite_accept(
            user=person, token=invite.token, instance_version=1, group_version=None
        )

    with pytest.raises(Exception) as caught:
        services.invite_accept(
            user=charlie, token=invite.token, instance_version=1, group_version=None
        )
    assert caught.value.code == "invite_used_up"


def test_invite_values_out_of_range_are_refused(hidden, facilitator):
    with pytest.raises(Exception) as caught:
        services.invite_create(actor=facilitator, group=hidden, days=90, max_uses=0)

    assert set(caught.value.extra["fields"]) == {"days", "max_uses"}
    assert not Invite.objects.exists()


def test_a_site_admin_cannot_join_an_unlisted_group_without_an_invite(hidden, org_admin):
    Group.objects.filter(pk=hidden.pk).update(join_policy=Group.JoinPolicy.OPEN)
    hidden.refresh_from_db()

    with pytest.raises(JoinPolicyMismatch):
        services.group_join(user=org_admin, group=hidden, instance_version=1, group_version=None)


# --- Leaving and managing -------------------------------------------------------------


def test_a_member_leaves_a_group(circle, alice, web_as):
    join_now(alice, circle)

    response = web_as(alice).post("/groups/evening-circle/leave/")

    assert response.status_code == 302
    assert not circle.memberships.filter(user=alice).exists()


def test_the_last_facilitator_cannot_leave_members_without_one(circle, alice, facilitator):
    join_now(alice, circle)

    with pytest.raises(LastFacilitator):
        services.group_leave(user=facilitator, group=circle)

    services.facilitator_add(actor=facilitator, group=circle, user=alice)
    services.group_leave(user=facilitator, group=circle)
    assert list(circle.memberships.values_list("user", "role")) == [(alice.pk, "facilitator")]


def test_a_facilitator_removes_a_member_from_the_members_page(circle, alice, facilitator, web_as):
    membership = join_now(alice, circle)

    response = web_as(facilitator).post(
        "/groups/evening-circle/members/", {"membership_id": membership.pk, "action": "remove"}
    )

    assert response.status_code == 302
    assert not circle.memberships.filter(user=alice).exists()


def test_a_member_cannot_remove_another_member(circle, alice, bob, web_as):
    join_now(alice, circle)
    membership = join_now(bob, circle)

    response = web_as(alice).post(
        "/groups/evening-circle/members/", {"membership_id": membership.pk, "action": "remove"}
    )

    assert response.status_code == 403
    assert circle.memberships.filter(user=bob).exists()


def test_members_list_shows_display_names_only(circle, alice, bob, web_as):
    join_now(alice, circle)
    join_now(bob, circle)

    html = web_as(alice).get("/groups/evening-circle/members/").content.decode()

    assert "Bob" in html and "Fran" in html
    assert "@example.org" not in html
