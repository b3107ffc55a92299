"""The demo page, the Gumroad app's routes, and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("gumroad/", include("gumroad.contrib.django.urls")),
    path("admin/", admin.site.urls),
]
