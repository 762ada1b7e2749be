"""Conversation API routes, included at /api/v1/."""

from django.urls import path

from peerhaven.conversations import api

urlpatterns = [
    path(
        "groups/<slug:group_slug>/conversations/",
        api.GroupConversationsApi.as_view(),
        name="api-group-conversations",
    ),
    path(
        "groups/<slug:group_slug>/conversations/read/",
        api.GroupConversationsReadApi.as_view(),
        name="api-group-conversations-read",
    ),
    path(
        "conversations/<int:conversation_id>/",
        api.ConversationDetailApi.as_view(),
        name="api-conversation-detail",
    ),
    path(
        "conversations/<int:conversation_id>/messages/",
        api.ConversationMessagesApi.as_view(),
        name="api-conversation-messages",
    ),
    path(
        "conversations/<int:conversation_id>/read/",
        api.ConversationReadApi.as_view(),
        name="api-conversation-read",
    ),
    path("messages/<int:message_id>/", api.MessageDetailApi.as_view(), name="api-message-detail"),
    path(
        "messages/<int:message_id>/versions/",
        api.MessageVersionsApi.as_view(),
        name="api-message-versions",
    ),
    path(
        "messages/<int:message_id>/reactions/<str:kind>/",
        api.MessageReactionApi.as_view(),
        name="api-message-reaction",
    ),
    path("me/replies/", api.MyThreadsWithRepliesApi.as_view(), name="api-me-replies"),
    path("me/muted/", api.MyMutesApi.as_view(), name="api-me-muted"),
    path("me/muted/<str:display_name>/", api.MyMuteApi.as_view(), name="api-me-unmute"),
    path("me/blocked/", api.MyBlocksApi.as_view(), name="api-me-blocked"),
    path("me/blocked/<str:display_name>/", api.MyBlockApi.as_view(), name="api-me-unblock"),
]
