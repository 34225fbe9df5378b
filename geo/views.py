import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from geo import robots

logger = logging.getLogger(__name__)


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
    """Liveness for load balancers: the process answers and the database too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "unhealthy"; details go to the log only
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    # Without its cache the site still serves (slower): degraded, not down, so a
    # load balancer keeps sending readers while the operator is told.
    cache_available = getattr(cache, "is_available", lambda: True)()
    if not cache_available:
        return JsonResponse({"status": "degraded", "cache": "unavailable"})
    return JsonResponse({"status": "ok"})


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
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        raise Http404 from None
