"""Admin pages: tokens are shown masked and never editable; pings are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import GumroadPing, GumroadToken, mask


@admin.register(GumroadToken)
class GumroadTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who is connected, with which scopes; the secrets themselves stay out of the page."""

    list_display = ("user", "seller_id", "masked_access_token", "scope", "updated_at")
    search_fields = ("seller_id",)
    fields = ("user", "seller_id", "masked_access_token", "masked_refresh_token", "scope",
              "expires_at", "created_at", "updated_at")  # fmt: skip
    readonly_fields = fields

    @admin.display(description="access token")
    def masked_access_token(self, obj: GumroadToken) -> str:
        return mask(obj.access_token)

    @admin.display(description="refresh token")
    def masked_refresh_token(self, obj: GumroadToken) -> str:
        return mask(obj.refresh_token)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens come from the OAuth dance only


@admin.register(GumroadPing)
class GumroadPingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Handled ping events and how many redeliveries were skipped."""

    list_display = ("key", "resource_name", "seller_id", "retry_count", "duplicates", "received_at")
    list_filter = ("resource_name",)
    search_fields = ("key", "object_id", "seller_id")
    readonly_fields = (*list_display, "object_id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
