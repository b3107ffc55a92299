"""
gumroad.contrib.django.models
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

:class:`GumroadToken`, one per user, and :class:`GumroadPing`, one per ping
event handled (its unique ``key`` makes redeliveries no-ops).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from ...tokens import Token

__all__ = ["GumroadPing", "GumroadToken", "mask"]


def mask(value: str) -> str:
    """``"abcd…wxyz"`` → ``"abcd***"``: enough to tell tokens apart, never enough to use one."""
    return (value[:4] + "***") if value else ""


class GumroadToken(models.Model):
    """A user's Gumroad OAuth token (access and refresh token rotate together)."""

    user: models.OneToOneField[Any, Any] = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gumroad_token"
    )
    access_token: models.CharField[str, str] = models.CharField(max_length=255)
    refresh_token: models.CharField[str, str] = models.CharField(max_length=255, blank=True, default="")
    scope: models.CharField[str, str] = models.CharField(max_length=255, blank=True, default="")
    expires_at: models.FloatField[float | None, float | None] = models.FloatField(null=True, blank=True)
    seller_id: models.CharField[str, str] = models.CharField(
        max_length=64, blank=True, default="", db_index=True,
        help_text="The Gumroad user id (a ping's seller_id).",
    )  # fmt: skip
    created_at: models.DateTimeField[Any, Any] = models.DateTimeField(auto_now_add=True)
    updated_at: models.DateTimeField[Any, Any] = models.DateTimeField(auto_now=True)
    user_id: Any  # the column behind ``user``

    class Meta:
        verbose_name = "Gumroad token"

    def __str__(self) -> str:
        return f"Gumroad token of user {self.user_id} ({mask(self.access_token)})"

    def as_token(self) -> Token:
        """The token dict :class:`~gumroad.GumroadClient` takes."""
        token: Token = {"access_token": self.access_token, "token_type": "Bearer"}
        if self.refresh_token:
            token["refresh_token"] = self.refresh_token
        if self.scope:
            token["scope"] = self.scope
        if self.expires_at is not None:
            token["expires_at"] = self.expires_at
        return token

    @staticmethod
    def fields_from(token: Token) -> dict[str, Any]:
        """The model fields a token dict sets."""
        expires_at = token.get("expires_at")
        return {
            "access_token": str(token["access_token"]),
            "refresh_token": str(token.get("refresh_token") or ""),
            "scope": str(token.get("scope") or ""),
            "expires_at": float(expires_at) if isinstance(expires_at, (int, float)) else None,
        }


class GumroadPing(models.Model):
    """A ping event that was handled; later deliveries of it are counted, not handled."""

    key: models.CharField[str, str] = models.CharField(
        max_length=255, unique=True, help_text="str(ping.idempotency_key)"
    )
    resource_name: models.CharField[str, str] = models.CharField(max_length=64)
    object_id: models.CharField[str, str] = models.CharField(
        max_length=128, help_text="The sale_id or subscription_id."
    )
    seller_id: models.CharField[str, str] = models.CharField(
        max_length=64, blank=True, default=""
    )
    retry_count: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        default=0, help_text="retry_count of the delivery that was handled (0: the first)."
    )
    duplicates: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        default=0, help_text="Later deliveries answered without handling them again."
    )
    received_at: models.DateTimeField[Any, Any] = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Gumroad ping"
        ordering = ("-received_at",)

    def __str__(self) -> str:
        return str(self.key)
