"""The change hook: the one way to say "what readers or machines see changed".

Every write that changes a reader page, feed, sitemap or index (publish,
edit, schedule, correct, withdraw, import, entity/FAQ/disclaimer/site
settings edits) ends in ``content_changed()``. Subscribers (the page cache and
instant indexing, geo/indexing.py, now; the search index, sitemaps and the CDN
purge later) connect to ``changed`` and are told after the transaction
commits, never for a write that rolled back. Nothing else bumps or clears caches.

``geo`` imports no app: apps call the hook (``articles.services.article_changed``
adds an article's URLs) and subscribe to it."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent after commit with ``change``: a Change.
changed = Signal()
# Sent just before ``changed``, to subscribers that keep data readers query
# (the search index): they are up to date before the page cache is refreshed,
# so no page is cached from data as it was before the change.
updating = Signal()


@dataclass(frozen=True)
class Change:
    """What changed: some articles (by id) and URLs, or, when both are empty,
    anything (site settings, disclaimers: every page may show them).

    ``tag_ids`` names tags whose names changed (a tag or entity edit): a
    site-wide change for pages, but data kept per article (search documents)
    is rebuilt only for the articles carrying them."""

    article_ids: tuple[int, ...] = ()
    urls: tuple[str, ...] = ()
    tag_ids: tuple[int, ...] = ()

    @property
    def site_wide(self) -> bool:
        return not self.article_ids and not self.urls


def content_changed(*, article_ids=(), urls=(), tag_ids=()) -> None:
    """Tell every subscriber once the current transaction commits (at once
    outside a transaction)."""
    change = Change(tuple(article_ids), tuple(urls), tuple(tag_ids))
    transaction.on_commit(lambda: _tell_subscribers(change))


def _tell_subscribers(change: Change) -> None:
    # The write is committed: one failing subscriber (a cache or queue that is
    # down) must neither stop the others nor turn the editor's save into an error.
    told = [
        *updating.send_robust(sender=Change, change=change),
        *changed.send_robust(sender=Change, change=change),
    ]
    for receiver, error in told:
        if isinstance(error, Exception):
            logger.error(
                "Change hook subscriber %r failed",
                receiver,
                exc_info=(type(error), error, error.__traceback__),
            )
