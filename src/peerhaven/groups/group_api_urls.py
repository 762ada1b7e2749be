"""Group API routes, included at /api/v1/ after the finder's (which owns groups/)."""

from django.urls import path

from peerhaven.groups import api

urlpatterns = [
    path("groups/<slug:group_slug>/", api.GroupDetailApi.as_view(), name="api-group-detail"),
    path("groups/<slug:group_slug>/join/", api.GroupJoinApi.as_view(), name="api-group-join"),
    path("groups/<slug:group_slug>/leave/", api.GroupLeaveApi.as_view(), name="api-group-leave"),
    path("groups/<slug:group_slug>/agree/", api.GroupAgreeApi.as_view(), name="api-group-agree"),
    path(
        "groups/<slug:group_slug>/members/",
        api.GroupMembersApi.as_view(),
        name="api-group-members",
    ),
    path("me/agreements/", api.MyAgreementsApi.as_view(), name="api-me-agreements"),
    path("me/groups/", api.MyGroupsApi.as_view(), name="api-me-groups"),
]
