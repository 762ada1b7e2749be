"""Meeting pages, included at /meetings/."""

from django.urls import path

from peerhaven.meetings import views

urlpatterns = [
    path("groups/<slug:group_slug>/", views.GroupMeetingsView.as_view(), name="meetings-group"),
    path(
        "groups/<slug:group_slug>/new/",
        views.SeriesCreateView.as_view(),
        name="meetings-series-create",
    ),
    path(
        "series/<int:series_id>/edit/", views.SeriesEditView.as_view(), name="meetings-series-edit"
    ),
    path(
        "series/<int:series_id>/confirm/",
        views.SeriesConfirmView.as_view(),
        name="meetings-series-confirm",
    ),
    path("series/<int:series_id>/end/", views.SeriesEndView.as_view(), name="meetings-series-end"),
    path(
        "occurrences/<int:occurrence_id>/",
        views.OccurrenceDetailView.as_view(),
        name="meetings-occurrence",
    ),
    path(
        "occurrences/<int:occurrence_id>.ics",
        views.OccurrenceIcsView.as_view(),
        name="meetings-occurrence-ics",
    ),
    path(
        "occurrences/<int:occurrence_id>/rsvp/",
        views.OccurrenceRsvpView.as_view(),
        name="meetings-rsvp",
    ),
    path(
        "occurrences/<int:occurrence_id>/cancel/",
        views.OccurrenceCancelView.as_view(),
        name="meetings-occurrence-cancel",
    ),
    path(
        "occurrences/<int:occurrence_id>/move/",
        views.OccurrenceMoveView.as_view(),
        name="meetings-occurrence-move",
    ),
    path(
        "occurrences/<int:occurrence_id>/check-in/",
        views.OccurrenceCheckInView.as_view(),
        name="meetings-check-in",
    ),
    path("feed/", views.FeedListView.as_view(), name="meetings-feed"),
    path("feed/<int:token_id>/stop/", views.FeedRevokeView.as_view(), name="meetings-feed-revoke"),
    path("feed/<str:secret>.ics", views.FeedCalendarView.as_view(), name="meetings-feed-calendar"),
]
