"""Sign-up, sign-in, sign-out, password reset and two-factor routes."""

from django.urls import path
from django.views.generic import TemplateView

# Placeholder routes until the sign-in views land.
_todo = TemplateView.as_view(template_name="core/home/index.html")

urlpatterns = [
    path("sign-up/", _todo, name="sign-up"),
    path("sign-in/", _todo, name="sign-in"),
    path("sign-out/", _todo, name="sign-out"),
    path("two-factor/verify/", _todo, name="two-factor-verify"),
    path("two-factor/setup/", _todo, name="two-factor-setup"),
    path("two-factor/disable/", _todo, name="two-factor-disable"),
    path("password-reset/", _todo, name="password-reset"),
]
