"""Keeping the index in step with content, through the change hook.

The hook (geo/changes.py) tells us after commit which articles changed; we
re-read them and replace their documents, before the page cache is told
(``changes.updating``). Whether an article is live is never read from the
index but from the article at query time, so a withdrawal, an unpublish or
a schedule takes effect for searchers in the same commit as the save; only
a text edit waits the few milliseconds until this runs (README: "Search").

A tag or entity renamed in the admin names its tag (``change.tag_ids``): the
articles carrying it are re-indexed by the task worker (a tag may carry
thousands), so its new name finds them a moment later. A tag deleted or a
site-wide change (site settings, disclaimers) touches no document."""

import logging
from itertools import batched

from django.db import transaction
from django.tasks import task

from articles.models import Article
from search import segment
from search.backends import backend
from search.documents import articles_for_indexing, documents, searchable, tag_names
from search.models import SearchDocument

logger = logging.getLogger(__name__)

BATCH = 500


def index_articles(article_ids) -> None:
    """Bring these articles' documents up to date (removing those no longer published)."""
    ids = list(article_ids)
    if not ids:
        return
    engine = backend()
    with transaction.atomic():
        articles = list(articles_for_indexing(ids))
        indexed = [article for article in articles if searchable(article)]
        segment.add_names(name for article in indexed for name in tag_names(article))
        engine.remove(set(ids) - {article.pk for article in indexed})
        engine.store([document for article in indexed for document in documents(article)])


def on_content_changed(sender, change, **kwargs) -> None:
    if change.article_ids:
        index_articles(change.article_ids)
    if change.tag_ids:
        reindex_tagged.enqueue(list(change.tag_ids))


@task
def reindex_tagged(tag_ids: list[int]) -> int:
    """Re-index the published articles carrying these tags (renamed)."""
    ids = (
        Article.objects.filter(status=Article.Status.PUBLISHED, taggedarticle__tag_id__in=tag_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = list(ids)
    for batch in batched(ids, BATCH):
        index_articles(batch)
    return len(ids)


def rebuild(progress=None) -> int:
    """Every published article, in batches; ``progress(n)`` after each batch."""
    ids = list(
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    engine = backend()
    with transaction.atomic():
        # Documents of articles no longer published (a rebuild also repairs).
        stale = SearchDocument.objects.exclude(article__status=Article.Status.PUBLISHED)
        engine.remove(set(stale.values_list("article_id", flat=True)))
    for batch in batched(ids, BATCH):
        index_articles(batch)
        if progress:
            progress(len(batch))
    return len(ids)
