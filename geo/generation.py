"""The content generation: a random token in the shared cache, replaced on
every content change (a subscriber of the change hook, geo/changes.py).
Everything cached for readers is keyed by it. A random token never repeats,
so nothing cached under an old generation can come back when the key is
evicted and a new one is made."""

import secrets

from django.core.cache import cache

GENERATION_KEY = "geo:content-generation"


def content_generation() -> str:
    return cache.get_or_set(GENERATION_KEY, _new_token, timeout=None)


def new_content_generation(**_signal) -> None:
    """Subscriber of the change hook: every cached reader page is stale now."""
    cache.set(GENERATION_KEY, _new_token(), timeout=None)


def _new_token() -> str:
    return secrets.token_hex(8)
