"""The app's configuration: label ``gumroad``, tables ``gumroad_*``."""

from __future__ import annotations

from django.apps import AppConfig


class GumroadConfig(AppConfig):
    """``INSTALLED_APPS = [..., "gumroad.contrib.django"]``."""

    name = "gumroad.contrib.django"
    label = "gumroad"
    verbose_name = "Gumroad"
    default_auto_field = "django.db.models.BigAutoField"
