"""The GumroadToken and GumroadPing tables (written with makemigrations, then wrapped)."""

from __future__ import annotations

from typing import Any, ClassVar

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: ClassVar[Any] = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: ClassVar[Any] = [
        migrations.CreateModel(
            name="GumroadPing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("key", models.CharField(help_text="str(ping.idempotency_key)", max_length=255,
                                         unique=True)),
                ("resource_name", models.CharField(max_length=64)),
                ("object_id", models.CharField(help_text="The sale_id or subscription_id.",
                                               max_length=128)),
                ("seller_id", models.CharField(blank=True, default="", max_length=64)),
                ("retry_count", models.PositiveSmallIntegerField(
                    default=0,
                    help_text="retry_count of the delivery that was handled (0: the first).")),
                ("duplicates", models.PositiveIntegerField(
                    default=0, help_text="Later deliveries answered without handling them again.")),
                ("received_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "Gumroad ping",
                "ordering": ("-received_at",),
            },
        ),
        migrations.CreateModel(
            name="GumroadToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("access_token", models.CharField(max_length=255)),
                ("refresh_token", models.CharField(blank=True, default="", max_length=255)),
                ("scope", models.CharField(blank=True, default="", max_length=255)),
                ("expires_at", models.FloatField(blank=True, null=True)),
                ("seller_id", models.CharField(
                    blank=True, db_index=True, default="",
                    help_text="The Gumroad user id (a ping's seller_id).", max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("user", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, related_name="gumroad_token",
                    to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "Gumroad token",
            },
        ),
    ]
