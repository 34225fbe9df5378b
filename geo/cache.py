"""Reader-page caching shared by every process (Redis in production).

Cached pages are keyed by a *content generation*; any publish, edit or
withdrawal bumps it, so every reader page of every process is fresh at once
without knowing which URLs an edit touched."""

import hashlib
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control

GENERATION_KEY = "geo:content-generation"


def content_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def reader_content_changed() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set
        cache.set(GENERATION_KEY, 2, timeout=None)


# Query parameters that change a reader page; any other is ignored for the key.
PAGE_PARAMETERS = ("page", "view")


def _page_key(request) -> str:
    params = "&".join(
        f"{name}={request.GET[name]}" for name in PAGE_PARAMETERS if name in request.GET
    )
    digest = hashlib.sha256(f"{request.path}?{params}".encode()).hexdigest()
    return f"geo:page:{content_generation()}:{digest}"


def _seconds_until_next_scheduled() -> int | None:
    from articles.models import Article

    upcoming = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return max(1, int((upcoming - timezone.now()).total_seconds()))


def reader_page(view):
    """Cache a reader page for anonymous visitors, shared by every process.

    Visitors with a session cookie (editors) always get a fresh, private page.
    A cached page lives PAGE_CACHE_SECONDS at most, and never past the moment
    the next scheduled article goes live."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not settings.PAGE_CACHE_SECONDS
        ):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _page_key(request)
        cached = cache.get(key)
        # The entry carries its own expiry by our clock, so a scheduled article
        # goes live on time even if the cache server's clock or TTL disagrees.
        if cached is not None and cached[0] > timezone.now():
            return cached[1]
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 404, 410):
            timeout = min(
                filter(None, [settings.PAGE_CACHE_SECONDS, _seconds_until_next_scheduled()])
            )
            expires = timezone.now() + timedelta(seconds=timeout)

            def store(response):
                cache.set(key, (expires, response), timeout=timeout)

            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
            patch_cache_control(
                response, public=True, max_age=min(timeout, settings.BROWSER_CACHE_SECONDS)
            )
        return response

    return cached_view
