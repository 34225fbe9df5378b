"""Deploy hardening: `check --deploy` passes with production settings from
the environment, a Permissions-Policy on every response, a bad media path is
a 404, and a forged Host header is one log line, not a traceback."""

import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "SITE_URL": "https://geo.example.com",
    "DJANGO_ALLOWED_HOSTS": "geo.example.com",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_HSTS_PRELOAD": "true",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "EMAIL_URL": "smtp+tls://geo:secret@mail.example.com:587",
}


def test_check_deploy_passes_with_production_settings_from_the_environment():
    # A production process: none of this test run's own variables (the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE would rightly fail the deploy check).
    test_only = {"GEO_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "PAGE_CACHE_SECONDS"}
    env = {name: value for name, value in os.environ.items() if name not in test_only}
    env.update(PRODUCTION, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("url", ["/en/", "/admin/login/", "/robots.txt", "/healthz"])
def test_every_response_turns_off_unused_browser_features(client, url):
    policy = client.get(url)["Permissions-Policy"]

    assert "camera=()" in policy and "geolocation=()" in policy and "browsing-topics=()" in policy


def test_a_media_path_the_file_system_refuses_is_a_404(client, settings):
    settings.SERVE_MEDIA = True

    assert client.get("/media/" + "a" * 300).status_code == 404
    assert client.get("/media/covers/" + "b" * 256 + ".png").status_code == 404


def test_a_forged_host_header_is_one_log_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.security.DisallowedHost"):
        response = client.get("/en/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "evil.example" in record.getMessage()
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_with_the_ssl_redirect_on_pages_move_to_https_but_the_health_check_answers(
    client, settings
):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/en/")["Location"] == "https://testserver/en/"
    assert client.get("/healthz").status_code == 200
