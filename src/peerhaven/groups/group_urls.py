"""A group's pages: detail, join, agreement, members, requests, invites.

Fixed paths come before <slug:group_slug>/, and services.RESERVED_SLUGS keeps groups from
taking them as slugs.
"""

from django.urls import include, path

from peerhaven.groups import views

urlpatterns = [
    path("new/", views.GroupCreateView.as_view(), name="group-create"),
    path("mine/", views.MyGroupsView.as_view(), name="group-mine"),
    path("invite/<str:token>/", views.InviteAcceptView.as_view(), name="group-invite-accept"),
    path("<slug:group_slug>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("<slug:group_slug>/edit/", views.GroupEditView.as_view(), name="group-edit"),
    path("<slug:group_slug>/join/", views.GroupJoinView.as_view(), name="group-join"),
    path("<slug:group_slug>/agree/", views.GroupAgreeView.as_view(), name="group-agree"),
    path("<slug:group_slug>/leave/", views.GroupLeaveView.as_view(), name="group-leave"),
    path("<slug:group_slug>/members/", views.GroupMembersView.as_view(), name="group-members"),
    path("<slug:group_slug>/requests/", views.GroupRequestsView.as_view(), name="group-requests"),
    path(
        "<slug:group_slug>/request/withdraw/",
        views.JoinRequestWithdrawView.as_view(),
        name="group-request-withdraw",
    ),
    path("<slug:group_slug>/invites/", views.GroupInvitesView.as_view(), name="group-invites"),
    path("<slug:group_slug>/", include("peerhaven.conversations.group_urls")),
]
