"""Reader-page caching shared by every process (Redis in production, the
database on the embedded default).

A cached page carries the content generation (geo/generation.py) it was
rendered under, and counts only while that is the current one: every content
change replaces it, so every reader page of every process is fresh at once
without knowing which URLs an edit touched. (Keyed by address alone, the
generation and the page are read in one round trip, or none on Redis, see
``generation_and_page``.)"""

import hashlib
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, QueryDict
from django.urls import get_resolver
from django.utils import timezone
from django.utils.cache import patch_cache_control

from geo import robots
from geo.generation import GENERATION_KEY, content_generation, read_tracked_generation
from geo.negotiation import prefers_markdown
from geo.recent_pages import recent_pages

# Query parameters that change a reader page. Any other (utm_source, fbclid…)
# is dropped before the view runs, so a cached page depends only on its key.
# (``p`` numbers a sitemap's pages; ``before`` is a list's keyset cursor; ``q``
# and the filters are a search's.)
PAGE_PARAMETERS = ("page", "view", "p", "before", "q", "tag", "entity", "year")
# A 404 or 410 is as cacheable as a page: unknown slugs cost no query on a hit.
CACHEABLE_STATUSES = (200, 301, 404, 410)


def page_cacheable_request(request) -> bool:
    """Anonymous GET or HEAD, page cache on: the only requests served from or stored in it."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and bool(settings.PAGE_CACHE_SECONDS)
    )


def keep_page_parameters(request) -> None:
    kept = [(name, request.GET[name]) for name in PAGE_PARAMETERS if name in request.GET]
    request.META["QUERY_STRING"] = urlencode(kept)
    request.GET = QueryDict(request.META["QUERY_STRING"])


def page_key(request) -> str:
    """Where the page a request asks for is cached; the stored page names its
    generation, which must be ``current_generation`` to count. Only the page
    parameters count (reader_page drops the others before its view runs)."""
    # An article URL is HTML or its Markdown twin, by Accept (Vary: Accept).
    representation = "md" if prefers_markdown(request) else "html"
    kept = urlencode([(name, request.GET[name]) for name in PAGE_PARAMETERS if name in request.GET])
    address = f"{request.path}?{kept}" if kept else request.path
    digest = hashlib.sha256(f"{representation} {address}".encode()).hexdigest()
    return f"geo:page:{digest}"


def generation_and_page(key: str):
    """The current content generation and what is stored at ``key``.

    Where this process tracks the generation (Redis), a page it served under
    that generation is in its memory: no round trip; otherwise the page is read
    alone. Elsewhere (the database cache) both come in one read."""
    generation = read_tracked_generation()
    if generation is None:
        found = cache.get_many([GENERATION_KEY, key])
        return found.get(GENERATION_KEY) or content_generation(), found.get(key)
    page = recent_pages.get(key, generation)
    if page is None:
        page = cache.get(key)
        if getattr(page, "generation", None) == generation:
            recent_pages.put(key, page)
    return generation, page


def store_page(key: str, page, timeout: int) -> None:
    """Shared with every process; kept in this one's memory where it tracks
    the generation (elsewhere memory would never be read)."""
    cache.set(key, page, timeout=timeout)
    if page.generation == read_tracked_generation():
        recent_pages.put(key, page)


def _render(view, request, *args, **kwargs):
    """The view's response; a 404 becomes the site's 404 page, so it can be cached."""
    try:
        return view(request, *args, **kwargs)
    except Http404 as exception:
        return get_resolver().resolve_error_handler(404)(request, exception)


def make_public(response, lifetime: timedelta) -> None:
    """Browsers and CDNs may keep the page as long as our cache does, at most
    BROWSER_CACHE_SECONDS (browsers are not told when content changes; a CDN is
    purged, geo/cdn.py). A CDN may then serve it stale while it fetches a new
    one, or while we are down (stale-while-revalidate, stale-if-error).
    (Reader views set no Cache-Control of their own, so nothing is merged:
    this runs on every cache hit.)"""
    seconds = min(max(0, int(lifetime.total_seconds())), settings.BROWSER_CACHE_SECONDS)
    response.headers["Cache-Control"] = (
        f"public, max-age={seconds}"
        f", stale-while-revalidate={settings.STALE_WHILE_REVALIDATE_SECONDS}"
        f", stale-if-error={settings.STALE_IF_ERROR_SECONDS}"
    )


def _state_usage_preferences(response) -> None:
    """The AI-use policy as an HTTP header (IETF AIPREF) on every reader page;
    cached with the page, which the change hook refreshes when it changes."""
    response.headers.setdefault("Content-Usage", robots.content_usage_header())


def reader_page(view, *, next_change=None):
    """Cache a reader page for anonymous visitors, shared by every process.

    Visitors with a session cookie (editors) always get a fresh, private page.
    A cached page lives PAGE_CACHE_SECONDS at most, and never past
    ``next_change()`` (the apps' hook, e.g. the next scheduled publication).
    The view marks its response with that expiry; the early middleware
    (geo/early_cache.py) stores it under ``page_key`` once every middleware
    has added its headers, and answers the next requests from it."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not page_cacheable_request(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            _state_usage_preferences(response)
            return response
        keep_page_parameters(request)
        now = timezone.now()
        response = _render(view, request, *args, **kwargs)
        _state_usage_preferences(response)
        if response.status_code in CACHEABLE_STATUSES and not response.streaming:
            # The entry carries its own expiry by our clock, so a scheduled article
            # goes live on time even if the cache server's clock or TTL disagrees.
            expires = now + timedelta(seconds=settings.PAGE_CACHE_SECONDS)
            upcoming = next_change() if next_change else None
            if upcoming is not None and upcoming > now:
                expires = min(expires, upcoming)
            response.page_cache_expires = expires
            make_public(response, expires - now)
        return response

    return cached_view
