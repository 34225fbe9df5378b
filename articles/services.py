"""Writes with side effects: publishing workflow and derived tags.

Admin actions, the importer and (later) takedown decisions call these, so a
rule such as "publishing without a date means now" lives in one place."""

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Tag
from geo.cache import reader_content_changed


def article_publish(*, article: Article) -> Article:
    """Publish now, or keep the scheduled time if one is set."""
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    article.save()
    transaction.on_commit(reader_content_changed)
    return article


def article_unpublish(*, article: Article) -> Article:
    """Back to draft: gone from the site, nothing lost."""
    article.status = Article.Status.DRAFT
    article.save()
    transaction.on_commit(reader_content_changed)
    return article


def article_withdraw(*, article: Article) -> Article:
    """Withdrawn articles answer 410 Gone everywhere."""
    article.status = Article.Status.WITHDRAWN
    article.save()
    transaction.on_commit(reader_content_changed)
    return article


def article_sync_entity_tags(*, article: Article) -> None:
    """Putting an entity in one of the article's tables tags the article with it."""
    entity_tags = Tag.objects.filter(entity__rows__table__article=article).distinct()
    article.tags.add(*entity_tags)
