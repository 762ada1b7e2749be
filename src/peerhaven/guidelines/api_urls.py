"""Guideline API routes, included at /api/v1/."""

from django.urls import path

from peerhaven.guidelines import api

urlpatterns = [
    path("guidelines/", api.RuleSetDetailApi.as_view(), name="api-guidelines"),
    path(
        "guidelines/versions/",
        api.RuleSetVersionListApi.as_view(),
        name="api-guidelines-versions",
    ),
    path(
        "guidelines/versions/<int:number>/",
        api.RuleSetVersionDetailApi.as_view(),
        name="api-guidelines-version",
    ),
    path("rule-sets/<int:rule_set_id>/", api.RuleSetDetailApi.as_view(), name="api-rule-set"),
    path(
        "rule-sets/<int:rule_set_id>/versions/",
        api.RuleSetVersionListApi.as_view(),
        name="api-rule-set-versions",
    ),
    path(
        "rule-sets/<int:rule_set_id>/versions/<int:number>/",
        api.RuleSetVersionDetailApi.as_view(),
        name="api-rule-set-version",
    ),
    path(
        "rule-sets/<int:rule_set_id>/versions/<int:number>/guidelines/<slug:key>/",
        api.VersionGuidelineDetailApi.as_view(),
        name="api-rule-set-version-guideline",
    ),
    path(
        "rule-sets/<int:rule_set_id>/draft/",
        api.RuleSetDraftApi.as_view(),
        name="api-rule-set-draft",
    ),
    path(
        "rule-sets/<int:rule_set_id>/draft/diff/",
        api.RuleSetDraftDiffApi.as_view(),
        name="api-rule-set-draft-diff",
    ),
    path(
        "rule-sets/<int:rule_set_id>/draft/guidelines/",
        api.DraftGuidelineCreateApi.as_view(),
        name="api-rule-set-draft-guidelines",
    ),
    path(
        "rule-sets/<int:rule_set_id>/draft/guidelines/<slug:key>/",
        api.VersionGuidelineDetailApi.as_view(),
        name="api-rule-set-draft-guideline",
    ),
    path(
        "rule-sets/<int:rule_set_id>/draft/order/",
        api.DraftGuidelineOrderApi.as_view(),
        name="api-rule-set-draft-order",
    ),
    path(
        "rule-sets/<int:rule_set_id>/publish/",
        api.RuleSetPublishApi.as_view(),
        name="api-rule-set-publish",
    ),
]
