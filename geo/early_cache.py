"""Cache hits answered before the session, auth, CSRF, messages and locale
middleware run: an anonymous GET or HEAD whose page is in the shared cache
costs at most one read of it (none for a page this process served lately
under a tracked generation, geo/cache.py ``generation_and_page``).

Placed right after SecurityMiddleware and WhiteNoise. It reads the content
generation and the page under the key of geo/cache.py (representation, path
with only the page parameters), uses the page only if it
was rendered under that generation and has not expired, and, on a miss, stores what ``reader_page`` marked
as cacheable once every inner middleware has added its headers, so a hit is
the same response the whole stack gave, byte for byte.

Stored with the page, made once per page and content generation:
- validators: a weak ``ETag`` (digest of the body; the same for its gzip and
  brotli encodings, which is what weak means) and ``Last-Modified`` (when it
  was rendered), so a conditional request gets 304 Not Modified;
- its gzip and brotli encodings, chosen by ``Accept-Encoding`` on each hit, so
  a hit never compresses anything.

BREACH: only these public reader pages are compressed. They carry no CSRF
token, no cookie and nothing personal (reader_page serves editors privately,
and a response that sets a cookie or holds a CSRF token is never stored).
Forms (takedown, status lookup, admin) and every private response go out
uncompressed."""

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime

import brotli
from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from geo.cache import (
    generation_and_page,
    make_public,
    page_cacheable_request,
    page_key,
    store_page,
)
from geo.generation import keep_for_this_request, one_generation_per_request

# Below this a compressed body saves less than its headers cost.
COMPRESS_MIN_BYTES = 256
COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml")
# Measured on a 22 KB page: brotli 6 and gzip 6 take about 0.6 ms each and
# come within 1 % of their best levels, which cost 20-40 times more.
BROTLI_QUALITY = 6
GZIP_LEVEL = 6
# Set per response, never stored: the stored page is everyone's.
UNSTORED_HEADERS = {"set-cookie", "date", "content-length", "cache-control"}


@dataclass(frozen=True)
class StoredPage:
    generation: str  # the content generation it was rendered under
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    encodings: dict[str, bytes]  # {"br": ..., "gzip": ...}
    etag: str
    last_modified: int  # a Unix timestamp
    expires: datetime

    @property
    def size(self) -> int:
        return len(self.body) + sum(map(len, self.encodings.values()))

    @classmethod
    def from_response(
        cls, response, *, generation: str, expires: datetime, now: datetime
    ) -> "StoredPage":
        body = response.content
        encodings = {}
        if _compressible(response, body):
            encodings = {
                "br": brotli.compress(body, quality=BROTLI_QUALITY),
                "gzip": gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            }
            patch_vary_headers(response, ["Accept-Encoding"])
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in UNSTORED_HEADERS
        )
        digest = hashlib.sha256(body).hexdigest()[:32]
        return cls(
            generation=generation,
            status=response.status_code,
            headers=headers,
            body=body,
            encodings=encodings,
            etag=response.headers.get("ETag") or f'W/"{digest}"',
            last_modified=int(now.timestamp()),
            expires=expires,
        )

    def respond(self, request, now: datetime):
        encoding = preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""), self.encodings)
        body = self.encodings[encoding] if encoding else self.body
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.headers["Content-Length"] = str(len(body))
        response.headers["ETag"] = self.etag
        response.headers["Last-Modified"] = http_date(self.last_modified)
        make_public(response, self.expires - now)
        if self.status != 200:
            return response
        return get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified, response=response
        )


def _compressible(response, body: bytes) -> bool:
    content_type = response.headers.get("Content-Type", "")
    return (
        len(body) >= COMPRESS_MIN_BYTES
        and content_type.startswith(COMPRESSIBLE_TYPES)
        and not response.has_header("Content-Encoding")
    )


def _storable(response) -> bool:
    """Never anything personal: no cookie, no CSRF token."""
    return not response.cookies and b"csrfmiddlewaretoken" not in response.content


def preferred_encoding(accept_encoding: str, available) -> str | None:
    """``br`` before ``gzip``, among those the client accepts (q > 0) and we have."""
    accepted = set()
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        try:
            if params and float(quality) <= 0:
                continue
        except ValueError:
            continue
        accepted.add(coding.strip())
    for coding in ("br", "gzip"):
        if coding in available and (coding in accepted or "*" in accepted):
            return coding
    return None


# Never reader pages: no cache read for them (the health check must answer
# even when the cache table's database does not).
NEVER_CACHED = ("/admin/", "/healthz")


class EarlyPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_generation_per_request():
            return self._answer(request)

    def _answer(self, request):
        if not page_cacheable_request(request) or request.path.startswith(NEVER_CACHED):
            return self.get_response(request)
        # A Host we do not serve is refused here as further down (one log line, 400).
        request.get_host()
        # The request goes on as it came (a form's ?article= or a login's ?next=
        # are not page parameters): only the key ignores the other parameters.
        key = page_key(request)
        try:
            generation, stored = generation_and_page(key)
        except DatabaseError:
            # The cache table is down with its database: the view (or the 503
            # page) answers, as if the cache were empty.
            return self.get_response(request)
        keep_for_this_request(generation)
        now = timezone.now()
        if (
            isinstance(stored, StoredPage)
            and stored.generation == generation
            and stored.expires > now
        ):
            return stored.respond(request, now)
        response = self.get_response(request)
        expires = getattr(response, "page_cache_expires", None)
        if expires is None or not _storable(response):
            return response
        now = timezone.now()
        # Under the generation read before rendering: if content changed
        # meanwhile, this page is stale at once rather than kept as fresh.
        page = StoredPage.from_response(response, generation=generation, expires=expires, now=now)
        store_page(key, page, timeout=max(1, int((expires - now).total_seconds())))
        return page.respond(request, now)


MIDDLEWARE_PATH = f"{__name__}.EarlyPageCacheMiddleware"


@checks.register()
def check_installed(app_configs=None, **kwargs) -> list:
    """reader_page only marks pages; without this middleware nothing is cached."""
    if MIDDLEWARE_PATH in settings.MIDDLEWARE:
        return []
    return [
        checks.Warning(
            f"{MIDDLEWARE_PATH} is not in MIDDLEWARE: reader pages are never cached.",
            hint="Put it right after SecurityMiddleware and WhiteNoiseMiddleware.",
            id="geo.W001",
        )
    ]
