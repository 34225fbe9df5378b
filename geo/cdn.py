"""CDN purge: a subscriber of the change hook (geo/changes.py) that tells the
CDN which addresses changed, so it need not wait for ``max-age``.

Off unless ``CDN_PURGE_URL`` is set. Then every change queues one background
task that POSTs JSON to that URL: ``{"urls": [absolute URLs]}`` for an article
change (the exact list comes from ``articles.purge.changed_paths``), and
``{"everything": true}`` for a site-wide change (site settings, disclaimers:
every page shows them). ``CDN_PURGE_TOKEN``, when set, is sent as
``Authorization: Bearer <token>``. Point it at the CDN's purge API or at a
small adapter for it. Failures are retried like indexing pings
(geo/retries.py)."""

import json
import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from geo.indexing import post
from geo.retries import ATTEMPTS, retry_delay
from geo.seo import absolute

logger = logging.getLogger(__name__)

# The apps' answer to "which paths does this change touch" (geo imports no app).
CHANGED_PATHS = "articles.purge.changed_paths"


class PurgeFailed(Exception):
    """The CDN did not take the purge after the last try."""


def configured() -> bool:
    return bool(settings.CDN_PURGE_URL)


def queue_purge(*, change, **_signal) -> None:
    """Subscriber of the change hook."""
    if not configured():
        return
    if change.site_wide:
        purge_cdn.enqueue([], everything=True)
        return
    paths = import_string(CHANGED_PATHS)(change)
    purge_cdn.enqueue([absolute(path) for path in paths])


@task
def purge_cdn(urls: list[str], everything: bool = False, attempt: int = 1) -> str:
    if not configured():  # switched off since this was queued
        return "off"
    payload = {"everything": True} if everything else {"urls": urls}
    headers = {}
    if settings.CDN_PURGE_TOKEN:
        headers["Authorization"] = f"Bearer {settings.CDN_PURGE_TOKEN}"
    answer = post(
        settings.CDN_PURGE_URL,
        json.dumps(payload, ensure_ascii=False).encode(),
        "application/json; charset=utf-8",
        headers=headers,
    )
    if answer.ok:
        return "purged"
    if not answer.worth_retrying or attempt >= ATTEMPTS:
        logger.error("CDN purge failed for good: %s %s", answer.status, answer.error)
        raise PurgeFailed(f"{attempt} tries; answer {answer.status or answer.error}")
    retry_at = timezone.now() + retry_delay(attempt)
    purge_cdn.using(run_after=retry_at).enqueue(urls, everything, attempt + 1)
    logger.warning("CDN purge failed (%s); retrying at %s", answer.status or answer.error, retry_at)
    return f"retrying at {retry_at.isoformat()}"
