"""Instant indexing: tell IndexNow and Baidu which addresses changed.

A subscriber of the change hook (geo/changes.py) queues one background task
per change with the changed URLs made absolute; the task worker sends them
to every configured service, in the batches each allows, and logs every
request and answer (``IndexingPing``, read-only in the admin). A service
without its key or token is off: nothing is queued or sent for it.

Answers 5xx and 429, refused connections and timeouts are tried again with
growing pauses (1, 2, 4, 8 minutes; 5 tries in all); any other 4xx is final.
Baidu grants a daily quota: once an answer says none remains, nothing more
is pushed to Baidu until the next day in China, whichever process or worker
asks (the log in the database says so), and the URLs not pushed are logged."""

import http.client
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, time
from itertools import batched
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from geo.models import IndexingPing
from geo.retries import ATTEMPTS, retry_delay
from geo.seo import absolute

logger = logging.getLogger(__name__)

# Seconds to wait for an answer: a slow engine must not hold up the worker.
TIMEOUT = 10
INDEXNOW_BATCH = 10_000  # URLs per request (IndexNow's limit)
BAIDU_BATCH = 2_000  # URLs per push (Baidu's limit)
# Baidu's quota is per day in China, whatever the site's time zone.
BAIDU_QUOTA_ZONE = ZoneInfo("Asia/Shanghai")

Service = IndexingPing.Service
Outcome = IndexingPing.Outcome


class IndexingFailed(Exception):
    """Some URLs could not be delivered after the last try."""


@dataclass(frozen=True)
class Answer:
    """An HTTP answer, or the error that kept us from getting one."""

    status: int | None = None
    body: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def worth_retrying(self) -> bool:
        """The engine is down or busy (or unreachable); anything else 4xx will not change."""
        return self.status is None or self.status >= 500 or self.status == 429


def batches(urls: list[str], size: int) -> list[list[str]]:
    return [list(batch) for batch in batched(urls, size)]


def post(url: str, body: bytes, content_type: str, headers: dict | None = None) -> Answer:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "User-Agent": f"GEO (+{settings.SITE_URL})",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return Answer(response.status, _text(response.read()))
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, _text(error.read()))
    # Refused, unreachable, timed out, cut off mid-answer.
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        return Answer(error=str(getattr(error, "reason", error)) or type(error).__name__)


def _text(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")[: IndexingPing.BODY_LIMIT]


def _log(service, urls, attempt, answer: Answer, outcome, remain=None) -> IndexingPing:
    return IndexingPing.objects.create(
        service=service,
        outcome=outcome,
        urls=urls,
        attempt=attempt,
        status_code=answer.status,
        response_body=answer.body,
        error=answer.error,
        remain=remain,
    )


def _outcome(answer: Answer, attempt: int) -> str:
    if answer.ok:
        return Outcome.SENT
    if answer.worth_retrying and attempt < ATTEMPTS:
        return Outcome.RETRYING
    return Outcome.FAILED


# ------------------------------------------------------------------ IndexNow


def indexnow_configured() -> bool:
    return bool(settings.INDEXNOW_KEY)


def indexnow_payload(urls: list[str]) -> dict:
    key = settings.INDEXNOW_KEY
    return {
        "host": urlsplit(settings.SITE_URL).netloc,
        "key": key,
        "keyLocation": f"{settings.SITE_URL}/{key}.txt",
        "urlList": urls,
    }


def indexnow_send(urls: list[str], attempt: int) -> list[str]:
    """Send ``urls``; those the engine may take on another try."""
    again = []
    for batch in batches(urls, INDEXNOW_BATCH):
        body = json.dumps(indexnow_payload(batch), ensure_ascii=False).encode()
        answer = post(settings.INDEXNOW_ENDPOINT, body, "application/json; charset=utf-8")
        outcome = _outcome(answer, attempt)
        _log(Service.INDEXNOW, batch, attempt, answer, outcome)
        if not answer.ok and answer.worth_retrying:
            again += batch
    return again


# --------------------------------------------------------------------- Baidu


def baidu_configured() -> bool:
    return bool(settings.BAIDU_PUSH_TOKEN)


def baidu_push_url() -> str:
    endpoint = settings.BAIDU_PUSH_ENDPOINT
    query = urlencode({"site": settings.SITE_URL, "token": settings.BAIDU_PUSH_TOKEN}, safe=":/")
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def baidu_day_start() -> datetime:
    """Midnight today in China: Baidu's quota starts again then."""
    today = timezone.now().astimezone(BAIDU_QUOTA_ZONE).date()
    return datetime.combine(today, time.min, tzinfo=BAIDU_QUOTA_ZONE)


def baidu_quota_used_up() -> bool:
    """An answer today said no quota remains (read from the log every process writes)."""
    return IndexingPing.objects.filter(
        service=Service.BAIDU, remain=0, created_at__gte=baidu_day_start()
    ).exists()


def baidu_remain(answer: Answer) -> int | None:
    """What Baidu says remains of today's quota: ``{"remain": 4999998, "success": 2}``,
    or ``{"error": 400, "message": "over quota"}`` once there is none."""
    try:
        data = json.loads(answer.body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("message") == "over quota":
        return 0
    remain = data.get("remain")
    return remain if isinstance(remain, int) else None


def baidu_send(urls: list[str], attempt: int) -> list[str]:
    """Push ``urls``; those Baidu may take on another try (none once today's
    quota is used up)."""
    again = []
    for batch in batches(urls, BAIDU_BATCH):
        if baidu_quota_used_up():
            _log(Service.BAIDU, batch, attempt, Answer(), Outcome.SKIPPED)
            continue
        answer = post(baidu_push_url(), "\n".join(batch).encode(), "text/plain")
        outcome = _outcome(answer, attempt)
        _log(Service.BAIDU, batch, attempt, answer, outcome, remain=baidu_remain(answer))
        if not answer.ok and answer.worth_retrying:
            again += batch
    return again


# ----------------------------------------------------------- queue and task

SERVICES = {
    Service.INDEXNOW: (indexnow_configured, indexnow_send),
    Service.BAIDU: (baidu_configured, baidu_send),
}


@task
def ping_search_engines(pending: dict[str, list[str]], attempt: int = 1) -> str:
    """Send each service its URLs (``{"indexnow": [...], "baidu": [...]}``); what
    failed and may succeed later is queued again, for its service only."""
    again = {}
    for service, urls in pending.items():
        configured, send = SERVICES[service]
        if configured():  # its key or token may have gone since this was queued
            failed = send(urls, attempt)
            if failed:
                again[service] = failed
    if not again:
        return "sent"
    if attempt >= ATTEMPTS:
        logger.error("Indexing pings failed for good after %s tries: %s", attempt, sorted(again))
        raise IndexingFailed(f"{attempt} tries; not delivered: {', '.join(sorted(again))}")
    retry_at = timezone.now() + retry_delay(attempt)
    ping_search_engines.using(run_after=retry_at).enqueue(again, attempt + 1)
    logger.warning("Indexing pings to %s failed; retrying at %s", sorted(again), retry_at)
    return f"retrying at {timezone.localtime(retry_at).isoformat()}"


def queue_pings(*, change, **_signal) -> None:
    """Subscriber of the change hook: one task for the change's URLs, for the
    configured services; nothing for a site-wide change (no URLs to name)."""
    urls = list(dict.fromkeys(absolute(url) for url in change.urls))
    pending = {
        service.value: urls for service, (configured, _send) in SERVICES.items() if configured()
    }
    if urls and pending:
        ping_search_engines.enqueue(pending)
