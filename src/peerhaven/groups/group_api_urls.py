"""Group API routes, included at /api/v1/ after the finder's (which owns groups/).

Fixed paths come before groups/<slug:group_slug>/, and services.RESERVED_SLUGS keeps groups
from taking them ("new") as slugs.
"""

from django.urls import path

from peerhaven.groups import api, manage_api

urlpatterns = [
    path("groups/new/", manage_api.GroupCreateApi.as_view(), name="api-group-create"),
    path("groups/<slug:group_slug>/", manage_api.GroupEditApi.as_view(), name="api-group-detail"),
    path("groups/<slug:group_slug>/join/", api.GroupJoinApi.as_view(), name="api-group-join"),
    path("groups/<slug:group_slug>/leave/", api.GroupLeaveApi.as_view(), name="api-group-leave"),
    path("groups/<slug:group_slug>/agree/", api.GroupAgreeApi.as_view(), name="api-group-agree"),
    path(
        "groups/<slug:group_slug>/members/",
        api.GroupMembersApi.as_view(),
        name="api-group-members",
    ),
    path(
        "groups/<slug:group_slug>/requests/",
        manage_api.JoinRequestListApi.as_view(),
        name="api-group-requests",
    ),
    path(
        "groups/<slug:group_slug>/requests/<int:request_id>/approve/",
        manage_api.JoinRequestApproveApi.as_view(),
        name="api-group-request-approve",
    ),
    path(
        "groups/<slug:group_slug>/requests/<int:request_id>/decline/",
        manage_api.JoinRequestDeclineApi.as_view(),
        name="api-group-request-decline",
    ),
    path(
        "groups/<slug:group_slug>/request/withdraw/",
        manage_api.JoinRequestWithdrawApi.as_view(),
        name="api-group-request-withdraw",
    ),
    path(
        "groups/<slug:group_slug>/invites/",
        manage_api.GroupInvitesApi.as_view(),
        name="api-group-invites",
    ),
    path(
        "groups/<slug:group_slug>/invites/<int:invite_id>/",
        manage_api.GroupInviteRevokeApi.as_view(),
        name="api-group-invite-revoke",
    ),
    path("invites/<str:token>/", manage_api.InviteDetailApi.as_view(), name="api-invite-detail"),
    path(
        "invites/<str:token>/accept/",
        manage_api.InviteAcceptApi.as_view(),
        name="api-invite-accept",
    ),
    path("me/agreements/", api.MyAgreementsApi.as_view(), name="api-me-agreements"),
    path("me/groups/", api.MyGroupsApi.as_view(), name="api-me-groups"),
]
