"""Work done once per content, not once per request: a small in-process LRU
memo keyed by what the result is a pure function of.

The Markdown renderer's key is the sha256 of the source text, the renderer
version, the SITE_URL (which decides which links are external) and the other
arguments. A key names its content, so processes cannot disagree and nothing
needs purging: an edited text is a new key, the old entry just ages out. In
process rather than in the shared cache, because a hit must cost less than
rendering (microseconds; a Redis or database round trip per block would not)
and must add no query to a page. Each worker renders a text once; bounded by
entries, so memory stays flat however many articles there are."""

import hashlib
import secrets
import threading
from collections import OrderedDict
from functools import wraps

from django.conf import settings

# Bump when the renderer's output changes for the same text (new plugin, new
# sanitiser rule): old entries are then never read again.
RENDERER_VERSION = "1"
MEMO_ENTRIES = 2048


def new_stamp() -> str:
    """A random token naming one state of some content (``Article.page_stamp``,
    ``SiteSettings.shared_stamp``). The change hook replaces it when that content
    changes, so work remembered under it is found stale by every process; a
    random token never comes back, so neither does an entry keyed by an old one."""
    return secrets.token_hex(8)


class LRU:
    """A thread-safe least-recently-used map (gunicorn's threaded workers)."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def memoised_by_text(function):
    """``function(text, *args, **kwargs)``: remembered by the text's digest.
    Lists come back as copies, so a caller cannot change the remembered one;
    arguments that cannot be a key (unhashable) bypass the memo."""
    memo = LRU(MEMO_ENTRIES)

    @wraps(function)
    def remembered(text, *args, **kwargs):
        digest = hashlib.sha256(str(text or "").encode()).digest()
        key = (RENDERER_VERSION, settings.SITE_URL, digest, args, tuple(sorted(kwargs.items())))
        try:
            result = memo.get(key)
        except TypeError:
            return function(text, *args, **kwargs)
        if result is None:
            result = function(text, *args, **kwargs)
            memo.put(key, result)
        return list(result) if isinstance(result, list) else result

    remembered.memo = memo
    return remembered
