"""What readers may see, defined once. Views, feeds, sitemaps, search and
llms.txt all start from ``Article.objects.published()`` (lists) or
``Article.objects.for_reader(slug)`` (one article by its address)."""

from dataclasses import dataclass
from enum import Enum

from django.apps import apps
from django.db import models
from django.db.models import ExpressionWrapper, Prefetch, Q
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from geo.i18n import LANGUAGE_CODES

# The fields an article needs in a language to be read in it.
READABLE_FIELDS = ("title", "summary", "body")
# The translated fields a list's card shows.
CARD_FIELDS = ("title", "summary")


def is_live(article) -> bool:
    """The visibility rule for one loaded article; ``published()`` is the same rule in SQL."""
    return (
        article.status == article.Status.PUBLISHED
        and article.published_at is not None
        and article.published_at <= timezone.now()
    )


class Visibility(Enum):
    LIVE = "live"  # readers see it
    GONE = "gone"  # withdrawn: 410 Gone on every surface
    MOVED = "moved"  # an old slug of a live article: 301 to its address
    MISSING = "missing"  # unknown, draft, in review or scheduled: 404


@dataclass(frozen=True)
class ReaderLookup:
    """What a reader asking for an article by slug gets, for every surface."""

    visibility: Visibility
    article: object = None  # the article (live, gone or moved-to), else None


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Published and due: a future ``published_at`` is scheduled, not live."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def withdrawn(self):
        return self.filter(status=self.model.Status.WITHDRAWN)

    def next_publication_at(self):
        """When the next scheduled article goes live (None if none is scheduled)."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def for_reader(self, slug: str) -> ReaderLookup:
        """The one reader lookup: live, gone (withdrawn), moved (a renamed
        slug) or missing. Chain it after ``for_detail()`` to prefetch the page."""
        # The slug is unique: no ORDER BY (first() would add the model's ordering).
        article = next(iter(self.filter(slug=slug).order_by()[:1]), None)
        if article is not None:
            if article.status == self.model.Status.WITHDRAWN:
                return ReaderLookup(Visibility.GONE, article)
            if is_live(article):
                return ReaderLookup(Visibility.LIVE, article)
            return ReaderLookup(Visibility.MISSING)
        old = self.model.history.filter(slug=slug).order_by("-history_date").first()
        if old is not None:
            current = self.model.objects.published().filter(pk=old.id).first()
            if current is not None:
                return ReaderLookup(Visibility.MOVED, current)
        return ReaderLookup(Visibility.MISSING)

    def readable_in(self, language: str):
        """Articles whose title, summary and body exist in ``language``."""
        return self.filter(readable_condition(language))

    def with_languages(self):
        """Annotate ``readable_<code>`` (``readable_zh_hans``, ``readable_en``): whether
        the article can be read in that language, computed in SQL, so a long list of
        articles needs neither their texts nor a query each (sitemaps)."""
        return self.annotate(
            **{
                build_localized_fieldname("readable", code): ExpressionWrapper(
                    readable_condition(code), output_field=models.BooleanField()
                )
                for code in LANGUAGE_CODES
            }
        )

    def for_listing(self):
        return self.order_by("-published_at", "-pk").prefetch_related(_tags_with_entities())

    def for_cards(self):
        """``for_listing`` loading only what a card shows (title, summary, date,
        address, tags): not the bodies, which make a full row ~2.7 KB."""
        columns = [
            build_localized_fieldname(field, code)
            for field in CARD_FIELDS
            for code in LANGUAGE_CODES
        ]
        return self.for_listing().only("pk", "slug", "status", "published_at", *columns)

    def for_detail(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.prefetch_related(*detail_prefetches())


def detail_prefetches() -> list:
    """What the article page shows besides the article's own row: for
    ``for_detail()``, or ``prefetch_related_objects`` on an article already loaded."""
    EntityRow = apps.get_model("articles", "EntityRow")
    EntityTable = apps.get_model("articles", "EntityTable")
    return [
        _tags_with_entities(),
        # FAQ items (the faq app's) and change-log lines come in their own order.
        "faq_items",
        "updates",
        Prefetch("entity_tables", queryset=EntityTable.objects.order_by("order", "pk")),
        Prefetch(
            "entity_tables__rows",
            queryset=EntityRow.objects.select_related("entity").order_by("order", "pk"),
        ),
    ]


def readable_condition(language: str) -> Q:
    """``has_language(language)`` in SQL: title, summary and body are not empty."""
    # ``> ""`` is false for both "" and NULL (translation columns are nullable).
    return Q(
        **{f"{build_localized_fieldname(field, language)}__gt": "" for field in READABLE_FIELDS}
    )


def _tags_with_entities() -> Prefetch:
    """Tags and their entities in one query, through the tag links (taggit's own
    manager refuses a custom prefetch queryset). Read them as ``article.tag_list``."""
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    links = TaggedArticle.objects.select_related("tag__entity").order_by("tag__slug")
    return Prefetch("taggedarticle_set", queryset=links, to_attr="tag_links")
