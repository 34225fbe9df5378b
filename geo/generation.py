"""The content generation: a random token in the shared cache, replaced on
every content change (a subscriber of the change hook, geo/changes.py).
Everything cached for readers is keyed by it. A random token never repeats,
so nothing cached under an old generation can come back when the key is
evicted and a new one is made.

Every reader request needs it. On Redis each process keeps the value until
Redis says it changed (``ResilientRedisCache.get_tracked``), so reading it
costs no round trip; the database cache reads it each time."""

import secrets

from django.core.cache import cache

GENERATION_KEY = "geo:content-generation"


def content_generation() -> str:
    return read_tracked_generation() or cache.get_or_set(GENERATION_KEY, _new_token, timeout=None)


def read_tracked_generation() -> str | None:
    """The generation as this process keeps it, where the cache can track it."""
    get_tracked = getattr(cache, "get_tracked", None)
    return get_tracked(GENERATION_KEY) if get_tracked else None


def new_content_generation(**_signal) -> None:
    """Subscriber of the change hook: every cached reader page is stale now."""
    set_tracked = getattr(cache, "set_tracked", None)
    if set_tracked:  # returns once every process tracking it knows
        set_tracked(GENERATION_KEY, _new_token())
    else:
        cache.set(GENERATION_KEY, _new_token(), timeout=None)


def _new_token() -> str:
    return secrets.token_hex(8)
