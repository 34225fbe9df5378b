"""Rendered fragments kept in process under the content generation.

A fragment (the footer) is keyed by the shared content generation
(geo/generation.py), its name, the active language and what else it varies
by. Every content change replaces the generation, so a
process never serves a fragment older than the last change, whichever process
made it; entries of old generations simply age out of the bounded LRU. In
process, not in the shared cache: a hit costs no round trip and no query."""

from django.utils.translation import get_language

from geo.generation import content_generation
from geo.render_memo import LRU

FRAGMENT_ENTRIES = 4096

_fragments = LRU(FRAGMENT_ENTRIES)


def fragment(name: str, vary: tuple, render) -> str:
    """The fragment ``name`` for ``vary`` in this generation and language;
    ``render()`` makes it on a miss."""
    key = (content_generation(), name, get_language(), vary)
    html = _fragments.get(key)
    if html is None:
        html = render()
        _fragments.put(key, html)
    return html


def forget_all() -> None:
    """Tests: start from an empty memo."""
    _fragments.clear()
