"""A group's conversations, under /groups/<group_slug>/: threads, replies and chat rooms."""

from django.urls import path

from peerhaven.conversations import views

urlpatterns = [
    path("conversations/", views.ConversationListView.as_view(), name="conversation-list"),
    path("conversations/new/", views.ThreadCreateView.as_view(), name="thread-create"),
    path(
        "conversations/read/",
        views.ConversationsReadAllView.as_view(),
        name="conversations-read-all",
    ),
    path(
        "conversations/<int:conversation_id>/",
        views.ThreadDetailView.as_view(),
        name="conversation-detail",
    ),
    path(
        "conversations/<int:conversation_id>/reply/",
        views.ThreadReplyView.as_view(),
        name="thread-reply",
    ),
    path("rooms/new/", views.RoomCreateView.as_view(), name="room-create"),
    path("rooms/<int:conversation_id>/", views.RoomDetailView.as_view(), name="room-detail"),
]
