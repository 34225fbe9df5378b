"""One log line per request (logger ``geo.requests``): request id, method,
path, status and duration. The outermost middleware, so the line times cache
hits and refusals too.

``X-Request-ID`` is taken from the request when a proxy set a sane one (so a
request can be followed from the load balancer to the log), made otherwise,
and echoed on the response. Nothing a visitor typed is logged: no query
string (a status lookup or a tracking link may carry an e-mail address), no
form field, no cookie, no address."""

import logging
import re
import time
import uuid

from geo.log_format import current_request_id

logger = logging.getLogger("geo.requests")

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_for(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")  # not request.headers: it copies them all
    return given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            current_request_id.reset(token)
