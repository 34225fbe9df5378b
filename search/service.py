"""A reader's search: the query as words, the filters, the page of results
and the other language's matches, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Tag
from geo.i18n import LANGUAGE_CODES
from search import segment, snippets
from search.backends import Filters, Hit, backend
from search.documents import snippet_text

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 10
OTHER_LANGUAGE_SIZE = 5
POPULAR_AMONG = 500


def clean_query(raw: str) -> str:
    """Spaces squeezed, cut at MAX_QUERY_LENGTH characters (not an error)."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


@dataclass
class Result:
    article: Article
    language: str
    title: list
    snippet: list


@dataclass
class Search:
    query: str
    language: str
    page: int = 1
    tag: Tag | None = None
    year: int | None = None
    total: int = 0
    more: bool = False  # more matches than ``total`` (counted up to RANKED)
    results: list[Result] = field(default_factory=list)
    other_language: str = ""
    other_results: list[Result] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        return bool(segment.query_groups(self.query))

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def year_range(year: int) -> tuple[datetime, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def run(search: Search) -> Search:
    groups = segment.query_groups(search.query)
    if not groups:
        return search
    filters = Filters(
        tag_ids=(search.tag.pk,) if search.tag else (),
        year_range=year_range(search.year) if search.year else None,
    )
    engine, now = backend(), timezone.now()
    found = engine.search(
        groups,
        language=search.language,
        filters=filters,
        limit=PAGE_SIZE,
        offset=(search.page - 1) * PAGE_SIZE,
        now=now,
    )
    search.total, search.more = found.total, found.more
    hits = [(hit, search.language) for hit in found.hits]
    # The other language's matches fill a short first page (a Chinese query on
    # an English page, an article not translated); a full page needs none.
    if search.page == 1 and search.total < PAGE_SIZE:
        search.other_language = next(code for code in LANGUAGE_CODES if code != search.language)
        other = engine.search(
            groups,
            language=search.other_language,
            filters=filters,
            limit=OTHER_LANGUAGE_SIZE,
            unmatched_in=search.language,
            now=now,
        )
        hits += [(hit, search.other_language) for hit in other.hits]
    # Live only: an article unpublished since its document was read is left out.
    # By primary key, then the visibility rule in Python (as ``for_reader``):
    # SQLite without table statistics would rather read published() through
    # the listing index, every live article (10 ms at 100,000).
    found_articles = Article.objects.for_listing().in_bulk([hit.article_id for hit, _ in hits])
    articles = {pk: article for pk, article in found_articles.items() if article.is_live}
    terms = segment.highlight_terms(search.query)
    results = [_result(hit, language, articles, terms) for hit, language in hits]
    search.results = [r for r in results if r and r.language == search.language]
    search.other_results = [r for r in results if r and r.language != search.language]
    return search


def _result(hit: Hit, language: str, articles: dict, terms: set[str]) -> Result | None:
    article = articles.get(hit.article_id)
    if article is None:  # removed since the search ran
        return None
    title = getattr(article, build_localized_fieldname("title", language)) or ""
    return Result(
        article=article,
        language=language,
        title=snippets.pieces(title, terms),
        snippet=snippets.pieces(
            snippet_text(article, language), terms, length=snippets.SNIPPET_LENGTH
        ),
    )


def suggested_tags(limit: int = 12):
    """Tags with the most of the newest POPULAR_AMONG live articles, for a
    search that found nothing. (Counting every article's tags took 180 ms on
    PostgreSQL and 600 ms on SQLite at 100,000 articles, these about 3 ms;
    the newest also say best what the site writes about now. Past ~700
    articles PostgreSQL's planner turns to reading every tag link.)"""
    newest = Article.objects.published().order_by("-published_at", "-pk")[:POPULAR_AMONG]
    return (
        Tag.objects.filter(tagged_articles__content_object__in=newest.values("pk"))
        .annotate(live_count=Count("tagged_articles"))
        .select_related("entity")
        .order_by("-live_count", "slug")[:limit]
    )


def years() -> list[int]:
    """The year filter's choices, newest first: every year from the oldest live
    article's to the newest's, found with two index lookups (listing the years
    that have articles read every article: 30 ms on PostgreSQL, 490 ms on
    SQLite at 100,000). A year without articles in between would be offered."""
    live = Article.objects.published().order_by("published_at").values_list("published_at")
    oldest, newest = live.first(), live.last()
    if oldest is None:
        return []
    first, last = (timezone.localtime(at).year for (at,) in (oldest, newest))
    return list(range(last, first - 1, -1))
