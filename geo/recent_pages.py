"""The reader pages this process served lately, kept in its memory beside the
shared cache. Where the content generation is tracked in process (Redis,
geo/generation.py), a hit on one of them costs no round trip at all.

An entry counts only under the current generation, exactly like the shared
cache's copy it was read from or written to, so memory never serves what the
shared cache would not. Bounded by ``RECENT_PAGES_BYTES`` of bodies; the least
recently used page goes first."""

import threading
from collections import OrderedDict

from django.conf import settings


class RecentPages:
    def __init__(self, budget_bytes: int):
        self.budget = budget_bytes
        self._pages: OrderedDict[str, object] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: str, generation: str):
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if page.generation != generation:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page) -> None:
        size = page.size
        if size > self.budget:
            return
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._sizes[key] = size
            self._used += size
            while self._used > self.budget:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        del self._pages[key]
        self._used -= self._sizes.pop(key)


recent_pages = RecentPages(settings.RECENT_PAGES_BYTES)
