import os
import subprocess
import sys

from django.conf import settings

from geo.settings import DEV_SECRET_KEY


def start_django(**environment):
    """Start Django in a fresh interpreter with ``environment`` (not this test run's)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("GEO_TESTING", "DJANGO_SECRET_KEY", "DJANGO_DEBUG")
    }
    # Set explicitly, so a developer's .env cannot change the outcome: it never
    # overrides variables that are already set.
    env.update({"DJANGO_SETTINGS_MODULE": "geo.settings", **environment})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_key_is_refused_when_debug_is_off():
    result = start_django(DJANGO_SECRET_KEY=DEV_SECRET_KEY, DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_a_real_secret_key_starts_with_debug_off():
    result = start_django(
        DJANGO_SECRET_KEY="a-long-random-production-secret-" * 2, DJANGO_DEBUG="false"
    )

    assert result.returncode == 0, result.stderr


def test_development_key_is_accepted_with_debug_on():
    result = start_django(DJANGO_SECRET_KEY=DEV_SECRET_KEY, DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr


def test_development_key_is_accepted_in_a_declared_test_run():
    result = start_django(
        DJANGO_SECRET_KEY=DEV_SECRET_KEY, DJANGO_DEBUG="false", GEO_TESTING="true"
    )

    assert result.returncode == 0, result.stderr


def test_the_placeholder_key_of_env_example_is_refused():
    example = (settings.BASE_DIR / ".env.example").read_text()
    placeholder = next(
        line.split("=", 1)[1]
        for line in example.splitlines()
        if line.lstrip("# ").startswith("DJANGO_SECRET_KEY=")
    )

    result = start_django(DJANGO_SECRET_KEY=placeholder, DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_short_key_is_refused_when_debug_is_off():
    result = start_django(DJANGO_SECRET_KEY="short-but-not-the-dev-key", DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "50 characters" in result.stderr
