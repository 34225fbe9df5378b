"""What readers may see, defined once. Views, feeds, sitemaps, search and
llms.txt all start from ``Article.objects.published()``."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

# The fields an article needs in a language to be read in it.
READABLE_FIELDS = ("title", "summary", "body")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Published and due: a future ``published_at`` is scheduled, not live."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def withdrawn(self):
        return self.filter(status=self.model.Status.WITHDRAWN)

    def readable_in(self, language: str):
        """Articles whose title, summary and body exist in ``language``."""
        # ``> ""`` is false for both "" and NULL (translation columns are nullable).
        return self.filter(
            **{f"{build_localized_fieldname(field, language)}__gt": "" for field in READABLE_FIELDS}
        )

    def for_listing(self):
        return self.order_by("-published_at", "-pk").prefetch_related(_tags_with_entities())

    def for_detail(self):
        """Everything the article page shows, in a fixed number of queries."""
        from articles.models import EntityRow, EntityTable
        from faq.models import FaqItem

        return self.prefetch_related(
            _tags_with_entities(),
            Prefetch("faq_items", queryset=FaqItem.objects.order_by("order", "pk")),
            Prefetch("entity_tables", queryset=EntityTable.objects.order_by("order", "pk")),
            Prefetch(
                "entity_tables__rows",
                queryset=EntityRow.objects.select_related("entity").order_by("order", "pk"),
            ),
        )


def _tags_with_entities() -> Prefetch:
    """Tags and their entities in one query, through the tag links (taggit's own
    manager refuses a custom prefetch queryset). Read them as ``article.tag_list``."""
    from articles.models import TaggedArticle

    links = TaggedArticle.objects.select_related("tag__entity").order_by("tag__slug")
    return Prefetch("taggedarticle_set", queryset=links, to_attr="tag_links")
