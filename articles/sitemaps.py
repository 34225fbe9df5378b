"""The articles' sitemap sections (geo/sitemaps.py writes them and the index):
articles in each language they can be read in, plain tags and entities that
have a published article. Rows are read as values with annotations, a file
(``limit`` URLs, SQL LIMIT/OFFSET) at a time in chunks: never a query per URL."""

from django.db.models import Max
from modeltranslation.utils import build_localized_fieldname

from articles import upcoming
from articles.models import Article, Entity, Tag
from geo.i18n import LANGUAGE_CODES
from geo.sitemaps import LocalizedSitemap

READABLE = {code: build_localized_fieldname("readable", code) for code in LANGUAGE_CODES}


class PublishedSitemap(LocalizedSitemap):
    """A section that follows the published articles, so it changes by itself
    when a scheduled article goes live."""

    def next_change(self):
        return upcoming.next_publication_at()


class ArticleSitemap(PublishedSitemap):
    """Published articles readable in the sitemap's language, each with the
    languages it is readable in: a Chinese-only article is listed only in the
    Chinese sitemap, with only its Chinese URL (and x-default)."""

    url_name = "articles:detail"

    def articles(self):
        return Article.objects.published().readable_in(self.language)

    def items(self):
        return (
            self.articles()
            .with_languages()
            .order_by("pk")
            .values("slug", "updated_at", *READABLE.values())
        )

    def languages(self, article):
        return [code for code in LANGUAGE_CODES if article[READABLE[code]]]

    def lastmod(self, article):
        return article["updated_at"]

    def get_latest_lastmod(self):
        return self.articles().aggregate(latest=Max("updated_at"))["latest"]


def with_published_articles(queryset, link: str):
    """The rows of ``queryset`` (tags or entities) linked through ``link`` to a
    published article, annotated with ``newest``: the newest ``updated_at`` of
    those articles (one grouped query)."""
    return queryset.filter(**{f"{link}__content_object__in": Article.objects.published()}).annotate(
        newest=Max(f"{link}__content_object__updated_at")
    )


class TagSitemap(PublishedSitemap):
    """Plain tags with a published article; an entity's tag page redirects to
    the entity page, which the entity sitemap lists. Tag pages exist in every
    language (they list every published article)."""

    url_name = "articles:tag"

    def tags(self):
        plain = Tag.objects.filter(entity__isnull=True)
        return with_published_articles(plain, "tagged_articles")

    def items(self):
        return self.tags().order_by("pk").values("slug", "newest")

    def lastmod(self, tag):
        return tag["newest"]

    def get_latest_lastmod(self):
        return self.tags().aggregate(latest=Max("newest"))["latest"]


class EntitySitemap(PublishedSitemap):
    """Entities with a published article (through their tag), in every language."""

    url_name = "articles:entity"

    def entities(self):
        return with_published_articles(Entity.objects.all(), "tag__tagged_articles")

    def items(self):
        return self.entities().order_by("pk").values("slug", "newest")

    def lastmod(self, entity):
        return entity["newest"]

    def get_latest_lastmod(self):
        return self.entities().aggregate(latest=Max("newest"))["latest"]
