"""Writes with side effects: publishing workflow, corrections and derived tags.

Admin actions, the importer and takedown decisions call these, so a rule
such as "publishing without a date means now" lives in one place, and every
one of them ends in the change hook (``article_changed``)."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname

from articles import revisions
from articles.models import Article, ArticleUpdate, Tag, TaggedArticle
from geo.changes import content_changed
from geo.i18n import LANGUAGE_CODES

CORRECTION_LOG_LINE = gettext_noop("Corrected: see the correction note at the top of the article.")


def article_changed(*, article: Article) -> None:
    """The change hook for one article (geo/changes.py): its page in every
    language changed, and so did every list, feed and sitemap that shows it.
    Every write to an article ends here, after commit."""
    # FAQ items or tables changed without the article: a revision records them.
    revisions.record_related_change(article)
    urls = []
    for language in LANGUAGE_CODES:
        with translation.override(language):
            urls.append(article.get_absolute_url())
    content_changed(article_ids=[article.pk], urls=urls)


def article_publish(*, article: Article) -> Article:
    """Publish now, or keep the scheduled time if one is set."""
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    article.save()
    article_changed(article=article)
    return article


def article_unpublish(*, article: Article) -> Article:
    """Back to draft: gone from the site, nothing lost."""
    article.status = Article.Status.DRAFT
    article.save()
    article_changed(article=article)
    return article


def article_withdraw(*, article: Article) -> Article:
    """Withdrawn articles answer 410 Gone everywhere."""
    article.status = Article.Status.WITHDRAWN
    article.save()
    article_changed(article=article)
    return article


def article_sync_entity_tags(*, article: Article) -> None:
    """An article's tags are its plain tags plus the entities of its tables,
    always: putting an entity in a table tags the article with it, and taking
    the last row of an entity out removes that tag."""
    in_tables = set(
        Tag.objects.filter(entity__rows__table__article=article).values_list("pk", flat=True)
    )
    # Through the links: taggit's remove() matches tags by (translated) name.
    TaggedArticle.objects.filter(content_object=article, tag__entity__isnull=False).exclude(
        tag__in=in_tables
    ).delete()
    article.tags.add(*Tag.objects.filter(pk__in=in_tables))  # taggit skips those it has


def article_correct(*, article: Article, notes: dict) -> Article:
    """Show a dated correction note at the top of the article; its updated date changes."""
    for column, text in notes.items():
        setattr(article, column, text)
    article.corrected_at = article.updated_at = timezone.now()
    article.save()
    log = ArticleUpdate(article=article, at=article.corrected_at, kind=ArticleUpdate.Kind.CORRECTED)
    for language in LANGUAGE_CODES:
        with translation.override(language):
            setattr(log, build_localized_fieldname("note", language), _(CORRECTION_LOG_LINE))
    log.save()
    article_changed(article=article)
    return article
