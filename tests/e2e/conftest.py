"""Real-browser fixtures: Debian's Chromium driven by Playwright's sync API
against pytest-django's live server. The browser never reaches the outside
world: every request to another host is aborted and recorded."""

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import isolated_context

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

# Playwright's sync API keeps an event loop running in this thread; Django
# would otherwise refuse ORM calls made from test code "in an async context".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed; real-browser tests need Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def site_url(live_server, settings):
    """The live server is the canonical origin, so canonical and copy links point at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def outside_requests():
    """URLs the page tried to load from other hosts (all of them aborted)."""
    return []


@pytest.fixture
def browser_context(chromium, site_url, outside_requests):
    context = isolated_context(chromium, site_url, outside_requests)
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context):
    return browser_context.new_page()
