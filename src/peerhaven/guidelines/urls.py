"""Guideline pages. The community guidelines at the top; any set under sets/<id>/."""

from django.urls import path

from peerhaven.guidelines import views

urlpatterns = [
    path("", views.RuleSetCurrentView.as_view(), name="guidelines"),
    path("versions/", views.RuleSetVersionListView.as_view(), name="guidelines-versions"),
    path(
        "versions/<int:number>/",
        views.RuleSetVersionDetailView.as_view(),
        name="guidelines-version",
    ),
    path("sets/<int:rule_set_id>/", views.RuleSetCurrentView.as_view(), name="rule-set"),
    path(
        "sets/<int:rule_set_id>/versions/",
        views.RuleSetVersionListView.as_view(),
        name="rule-set-versions",
    ),
    path(
        "sets/<int:rule_set_id>/versions/<int:number>/",
        views.RuleSetVersionDetailView.as_view(),
        name="rule-set-version",
    ),
    path("sets/<int:rule_set_id>/draft/", views.DraftEditView.as_view(), name="rule-set-draft"),
    path(
        "sets/<int:rule_set_id>/draft/guidelines/",
        views.DraftGuidelineAddView.as_view(),
        name="rule-set-draft-guideline-add",
    ),
    path(
        "sets/<int:rule_set_id>/draft/guidelines/<int:guideline_id>/",
        views.DraftGuidelineUpdateView.as_view(),
        name="rule-set-draft-guideline",
    ),
    path(
        "sets/<int:rule_set_id>/draft/guidelines/<int:guideline_id>/remove/",
        views.DraftGuidelineRemoveView.as_view(),
        name="rule-set-draft-guideline-remove",
    ),
    path(
        "sets/<int:rule_set_id>/draft/guidelines/<int:guideline_id>/move/",
        views.DraftGuidelineMoveView.as_view(),
        name="rule-set-draft-guideline-move",
    ),
    path(
        "sets/<int:rule_set_id>/draft/discard/",
        views.DraftDiscardView.as_view(),
        name="rule-set-draft-discard",
    ),
    path(
        "sets/<int:rule_set_id>/draft/preview/",
        views.DraftPreviewView.as_view(),
        name="rule-set-draft-preview",
    ),
    path(
        "sets/<int:rule_set_id>/draft/publish/",
        views.DraftPublishView.as_view(),
        name="rule-set-draft-publish",
    ),
]
