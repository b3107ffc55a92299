"""``path("gumroad/", include("gumroad.contrib.django.urls"))``: names ``gumroad:login`` etc."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "gumroad"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("callback/", views.callback, name="callback"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("ping/", views.ping, name="ping"),
]
