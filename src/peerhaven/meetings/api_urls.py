"""Meetings API routes, included at /api/v1/meetings/."""

from django.urls import path

from peerhaven.meetings import api

urlpatterns = [
    path(
        "groups/<slug:group_slug>/series/",
        api.GroupSeriesApi.as_view(),
        name="api-meetings-group-series",
    ),
    path(
        "groups/<slug:group_slug>/occurrences/",
        api.GroupOccurrencesApi.as_view(),
        name="api-meetings-group-occurrences",
    ),
    path("series/<int:series_id>/", api.SeriesDetailApi.as_view(), name="api-meetings-series"),
    path(
        "series/<int:series_id>/confirm/",
        api.SeriesConfirmApi.as_view(),
        name="api-meetings-series-confirm",
    ),
    path("series/<int:series_id>/end/", api.SeriesEndApi.as_view(), name="api-meetings-series-end"),
    path(
        "occurrences/<int:occurrence_id>/",
        api.OccurrenceDetailApi.as_view(),
        name="api-meetings-occurrence",
    ),
    path(
        "occurrences/<int:occurrence_id>/cancel/",
        api.OccurrenceCancelApi.as_view(),
        name="api-meetings-occurrence-cancel",
    ),
    path(
        "occurrences/<int:occurrence_id>/move/",
        api.OccurrenceMoveApi.as_view(),
        name="api-meetings-occurrence-move",
    ),
    path(
        "occurrences/<int:occurrence_id>/rsvp/",
        api.OccurrenceRsvpApi.as_view(),
        name="api-meetings-rsvp",
    ),
    path("feeds/", api.FeedTokensApi.as_view(), name="api-meetings-feeds"),
    path("feeds/<int:token_id>/", api.FeedTokenDetailApi.as_view(), name="api-meetings-feed"),
]
