"""URLs of the Django test project: the app under /gumroad/, the admin, and a view using client_for."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from gumroad.contrib.django import client_for


def me(request: HttpRequest) -> JsonResponse:
    with client_for(request.user) as client:
        return JsonResponse({"name": client.user.get()["name"]})


urlpatterns = [
    path("gumroad/", include("gumroad.contrib.django.urls")),
    path("admin/", admin.site.urls),
    path("me/", me),
]
