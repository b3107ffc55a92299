"""Settings of the demo project. ``run.py`` fills the ``GUMROAD_*`` variables for the fake Gumroad."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-secret")
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "gumroad.contrib.django",
    "demo",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "demo.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ.get("DEMO_DATABASE", str(Path(tempfile.gettempdir()) / "gumroad-demo.sqlite3")),
    # Workers wait for each other's token refresh on this lock; give them time.
    "OPTIONS": {"timeout": 20},
}}
LOGIN_URL = "/"

# -- Gumroad (see docs/django.md) --------------------------------------------------------
GUMROAD_CLIENT_ID = os.environ.get("GUMROAD_CLIENT_ID", "")
GUMROAD_CLIENT_SECRET = os.environ.get("GUMROAD_CLIENT_SECRET")
GUMROAD_SCOPES = ["view_profile", "view_sales"]
GUMROAD_API_BASE_URL = os.environ.get("GUMROAD_API_BASE_URL")
GUMROAD_OAUTH_BASE_URL = os.environ.get("GUMROAD_OAUTH_BASE_URL")
