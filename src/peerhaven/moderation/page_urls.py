"""The moderation pages under /moderation/: reporting, the queue, cases, held posts,
appeals, and each member's notices and "about my content" pages."""

from django.urls import URLPattern, URLResolver, path

from peerhaven.moderation import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.QueueView.as_view(), name="moderation-queue"),
    path(
        "report/message/<int:message_id>/",
        views.ReportMessageView.as_view(),
        name="moderation-report-message",
    ),
    path(
        "report/profile/<int:user_id>/",
        views.ReportProfileView.as_view(),
        name="moderation-report-profile",
    ),
    path("cases/<int:case_id>/", views.CaseDetailView.as_view(), name="moderation-case"),
    path("pending/<int:message_id>/", views.PendingPostView.as_view(), name="moderation-pending"),
    path("appeals/<int:appeal_id>/", views.AppealDetailView.as_view(), name="moderation-appeal"),
    path("notices/", views.NoticeListView.as_view(), name="moderation-notices"),
    path("mine/", views.MyCaseListView.as_view(), name="moderation-my-cases"),
    path("mine/<int:case_id>/", views.MyCaseDetailView.as_view(), name="moderation-my-case"),
    path(
        "mine/message/<int:message_id>/",
        views.MyMessageCaseView.as_view(),
        name="moderation-my-message",
    ),
]
