"""Fixtures of the contrib tests: a fake Gumroad over HTTP with an app whose callback we own,
and (when Django is installed) Django settings on a file SQLite database."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gumroad.testing import FakeGumroadServer, OAuthApp

_DJANGO_DIR = Path(tempfile.mkdtemp(prefix="gumroad-contrib-django-"))
DJANGO_TEST_DB = _DJANGO_DIR / "test.sqlite3"

try:
    import django
    from django.conf import settings as django_settings
except ImportError:  # the Django tests skip themselves
    django = None  # type: ignore[assignment]
else:
    if not django_settings.configured:
        django_settings.configure(
            SECRET_KEY="contrib-tests-only",
            DEBUG=False,
            ALLOWED_HOSTS=["*"],
            USE_TZ=True,
            INSTALLED_APPS=[
                "django.contrib.admin",
                "django.contrib.auth",
                "django.contrib.contenttypes",
                "django.contrib.sessions",
                "django.contrib.messages",
                "gumroad.contrib.django",
            ],
            MIDDLEWARE=[
                "django.contrib.sessions.middleware.SessionMiddleware",
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware",
            ],
            ROOT_URLCONF="tests.contrib.django_urls",
            TEMPLATES=[{
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {"context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]},
            }],
            # A file, not memory: worker processes must open the same database.
            DATABASES={"default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(_DJANGO_DIR / "unused.sqlite3"),
                "TEST": {"NAME": str(DJANGO_TEST_DB)},
                "OPTIONS": {"timeout": 30},
            }},
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            LOGIN_URL="/accounts/login/",
            GUMROAD_CLIENT_ID="set-by-each-test",
        )
        django.setup()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real headless Chromium")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_DJANGO_DIR, ignore_errors=True)


CALLBACK_PATH = "/gumroad/callback"


@pytest.fixture
def fake_server() -> Iterator[FakeGumroadServer]:
    """The fake Gumroad on a free loopback port, stopped at teardown."""
    with FakeGumroadServer(seed=0) as server:
        yield server


@pytest.fixture
def oauth_app(fake_server: FakeGumroadServer) -> OAuthApp:
    """An app registered for the test clients' hosts (Flask: localhost, Django: testserver)."""
    return fake_server.fake.create_app(
        "Contrib Test App",
        [f"http://localhost{CALLBACK_PATH}", f"http://testserver{CALLBACK_PATH}/",
         f"http://127.0.0.1{CALLBACK_PATH}"],
        scopes=["view_profile", "view_sales", "edit_products"],
    )
