"""The moderation API, included at /api/v1/."""

from django.urls import path

from peerhaven.moderation import api

urlpatterns = [
    # Members
    path("reports/", api.ReportCreateApi.as_view(), name="api-reports"),
    path("reports/guidelines/", api.ReportGuidelinesApi.as_view(), name="api-report-guidelines"),
    path("notices/", api.NoticeListApi.as_view(), name="api-notices"),
    path("notices/read/", api.NoticesReadApi.as_view(), name="api-notices-read"),
    path("my-cases/", api.MyCaseListApi.as_view(), name="api-my-cases"),
    path("my-cases/<int:case_id>/", api.MyCaseDetailApi.as_view(), name="api-my-case"),
    path(
        "my-cases/<int:case_id>/actions/<int:action_id>/appeal/",
        api.AppealCreateApi.as_view(),
        name="api-my-case-appeal",
    ),
    # Moderators
    path("moderation/cases/", api.CaseQueueApi.as_view(), name="api-moderation-cases"),
    path(
        "moderation/cases/<int:case_id>/",
        api.CaseDetailApi.as_view(),
        name="api-moderation-case",
    ),
    path(
        "moderation/cases/<int:case_id>/actions/",
        api.CaseActApi.as_view(),
        name="api-moderation-case-actions",
    ),
    path(
        "moderation/pending-posts/",
        api.PendingPostListApi.as_view(),
        name="api-moderation-pending-posts",
    ),
    path(
        "moderation/pending-posts/<int:message_id>/",
        api.PendingPostDecideApi.as_view(),
        name="api-moderation-pending-post",
    ),
    path("moderation/appeals/", api.AppealListApi.as_view(), name="api-moderation-appeals"),
    path(
        "moderation/appeals/<int:appeal_id>/decide/",
        api.AppealDecideApi.as_view(),
        name="api-moderation-appeal-decide",
    ),
    # Admins
    path("moderation/audit/", api.AuditLogApi.as_view(), name="api-moderation-audit"),
    # Everyone signed in
    path(
        "moderation/transparency/",
        api.TransparencyApi.as_view(),
        name="api-moderation-transparency",
    ),
]
