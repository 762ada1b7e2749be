"""Pages about one message, and the people a member muted or blocked, under /conversations/."""

from django.urls import path

from peerhaven.conversations import views

urlpatterns = [
    path(
        "messages/<int:message_id>/",
        views.MessageInContextView.as_view(),
        name="message-in-context",
    ),
    path("messages/<int:message_id>/edit/", views.MessageEditView.as_view(), name="message-edit"),
    path(
        "messages/<int:message_id>/delete/",
        views.MessageDeleteView.as_view(),
        name="message-delete",
    ),
    path(
        "messages/<int:message_id>/react/", views.MessageReactView.as_view(), name="message-react"
    ),
    path(
        "messages/<int:message_id>/versions/",
        views.MessageVersionsView.as_view(),
        name="message-versions",
    ),
    path("messages/<int:message_id>/mute/", views.MessageMuteView.as_view(), name="message-mute"),
    path(
        "messages/<int:message_id>/block/", views.MessageBlockView.as_view(), name="message-block"
    ),
    path("people/", views.PeopleListView.as_view(), name="conversation-people"),
]
