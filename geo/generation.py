"""The content generation: a random token in the shared cache, replaced on
every content change (a subscriber of the change hook, geo/changes.py).
Everything cached for readers is keyed by it. A random token never repeats,
so nothing cached under an old generation can come back when the key is
evicted and a new one is made.

Every reader request needs it. On Redis each process keeps the value until
Redis says it changed (``ResilientRedisCache.get_tracked``), so reading it
costs no round trip; the database cache reads it once per request (the
request's scope, opened by geo/early_cache.py): the page, its fragments and
the site settings then agree on one generation."""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

GENERATION_KEY = "geo:content-generation"

# {"generation": ...} once read within a request; None outside any request.
_request_scope: ContextVar[dict | None] = ContextVar("content_generation_scope", default=None)


@contextmanager
def one_generation_per_request():
    token = _request_scope.set({})
    try:
        yield
    finally:
        _request_scope.reset(token)


def content_generation() -> str:
    scope = _request_scope.get()
    if scope and "generation" in scope:
        return scope["generation"]
    generation = read_tracked_generation() or cache.get_or_set(
        GENERATION_KEY, _new_token, timeout=None
    )
    keep_for_this_request(generation)
    return generation


def keep_for_this_request(generation: str) -> None:
    scope = _request_scope.get()
    if scope is not None:
        scope["generation"] = generation


def read_tracked_generation() -> str | None:
    """The generation as this process keeps it, where the cache can track it."""
    get_tracked = getattr(cache, "get_tracked", None)
    return get_tracked(GENERATION_KEY) if get_tracked else None


def new_content_generation(**_signal) -> None:
    """Subscriber of the change hook: every cached reader page is stale now."""
    generation = _new_token()
    set_tracked = getattr(cache, "set_tracked", None)
    if set_tracked:  # returns once every process tracking it knows
        set_tracked(GENERATION_KEY, generation)
    else:
        cache.set(GENERATION_KEY, generation, timeout=None)
    keep_for_this_request(generation)  # what the rest of this request renders


def _new_token() -> str:
    return secrets.token_hex(8)
