import logging
import re

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from geo import health, robots

logger = logging.getLogger(__name__)

# Same rule as articles.images.HASHED_NAME (geo imports no app).
HASHED_MEDIA = re.compile(r"^covers/r/[0-9a-f]{16}-(?:\d+\.webp|og\.jpg)$")
# Other uploads (original covers) keep their name but may be replaced.
MEDIA_MAX_AGE = 24 * 3600


@require_safe
def language_redirect(request):
    """``/`` sends readers to their language's home, by Accept-Language."""
    language = get_language_from_request(request, check_path=False)
    response = HttpResponseRedirect(f"/{language}/")
    response["Vary"] = "Accept-Language"
    return response


@never_cache
@require_safe
def healthz(request):
    """Database, cache and task queue, as JSON: 503 when the database does not
    answer, 200 otherwise (``degraded`` without cache or worker)."""
    body, status = health.report()
    return JsonResponse(body, status=status)


@require_safe
def robots_txt(request):
    return HttpResponse(robots.robots_txt(), content_type="text/plain; charset=utf-8")


@require_safe
def indexnow_key(request, key):
    """``/<key>.txt``: IndexNow reads it to check that the pings come from us."""
    if not settings.INDEXNOW_KEY or key != settings.INDEXNOW_KEY:
        raise Http404
    return HttpResponse(key, content_type="text/plain; charset=utf-8")


def media(request, path):
    """Uploaded files (when SERVE_MEDIA): a name the file system refuses
    (too long, say) is a 404 like any missing file, not a 500. Uploads kept
    across a form error (articles/pending_uploads.py) are never served."""
    if path.startswith("uploads-pending/"):
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        raise Http404 from None
    # A name made from its content (cover renditions) never changes meaning.
    if HASHED_MEDIA.match(path):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response
