"""Article lists at any size: keyset pages and month archives.

A list page is "the 20 newest articles older than this one" (``?before=`` a
cursor: the last card's publish time and id), read by a range scan of the
``article_listing`` index wherever it starts, so page 2,000 costs what page 1
costs. No page counts anything: deep history is reached by month
(``/archive/``), whose month counts are one query per content generation.
Old ``?page=N`` links are redirected to the cursor page that starts there."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.models import Article
from articles.upcoming import next_publication_at
from geo.generation import content_generation

PAGE_SIZE = 20
NEWEST_FIRST = ("-published_at", "-pk")
OLDEST_FIRST = ("published_at", "pk")
CURSOR_FORMAT = "%Y%m%dT%H%M%S.%fZ"
CURSOR_PATTERN = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)~([1-9]\d{0,17})$")
# Old page numbers past this are not links anyone has (5 million articles).
LAST_PAGE_NUMBER = 250_000
ARCHIVE_KEY = "geo:archive-months"
ARCHIVE_SECONDS = 3600


@dataclass(frozen=True)
class Cursor:
    """A place in a newest-first list: an article's (publish time, id)."""

    published_at: datetime
    pk: int

    @classmethod
    def of(cls, article) -> "Cursor":
        return cls(article.published_at, article.pk)

    @classmethod
    def parse(cls, text: str) -> "Cursor | None":
        match = CURSOR_PATTERN.match(text)
        if match is None:
            return None
        try:
            moment = datetime.strptime(match[1], CURSOR_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            return None
        return cls(moment, int(match[2]))

    def __str__(self) -> str:
        return f"{self.published_at.astimezone(UTC).strftime(CURSOR_FORMAT)}~{self.pk}"

    def older(self) -> Q:
        # The redundant ``published_at <=`` bound lets the index seek to the cursor.
        return Q(published_at__lte=self.published_at) & (
            Q(published_at__lt=self.published_at) | Q(pk__lt=self.pk)
        )

    def newer(self) -> Q:
        return Q(published_at__gte=self.published_at) & (
            Q(published_at__gt=self.published_at) | Q(pk__gt=self.pk)
        )


@dataclass(frozen=True)
class KeysetPage:
    """One page of cards and where its links lead: ``newer``/``older`` are
    query strings ("" for the list's first page) or None (no such page)."""

    articles: list
    cursor: Cursor | None
    newer: str | None
    older: str | None

    @property
    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None


def query_for(cursor: Cursor | None) -> str:
    return f"?before={cursor}" if cursor else ""


def keyset_page(articles, before: Cursor | None, size: int = PAGE_SIZE) -> KeysetPage:
    """``articles``: a queryset of readable articles (any filter, no order).
    Two queries (cards, their tags), plus one small index read for the
    "newer" link past the first page."""
    rows = articles.for_cards()
    if before is not None:
        rows = rows.filter(before.older())
    cards = list(rows[: size + 1])
    cards, more = cards[:size], len(cards) > size
    older = query_for(Cursor.of(cards[-1])) if more else None
    newer = None
    if before is not None and cards:
        newer = _newer_page(articles, Cursor.of(cards[0]), size)
    return KeysetPage(cards, before, newer, older)


def _newer_page(articles, first: Cursor, size: int) -> str:
    """The page just above ``first``: the ``size`` articles newer than it,
    which start below the next newer one; the first page when there are fewer."""
    above = (
        articles.filter(first.newer())
        .order_by(*OLDEST_FIRST)
        .values_list("published_at", "pk")[size : size + 1]
    )
    boundary = next(iter(above), None)
    return query_for(Cursor(*boundary) if boundary else None)


def cursor_for_page(articles, number: int, size: int = PAGE_SIZE) -> Cursor | None:
    """Where an old ``?page=number`` link starts (page 1: None), for a redirect;
    ``LookupError`` when the list has no such page. Only old links pay this offset."""
    if not 1 <= number <= LAST_PAGE_NUMBER:
        raise LookupError(number)
    if number == 1:
        return None
    offset = (number - 1) * size - 1
    keys = articles.order_by(*NEWEST_FIRST).values_list("published_at", "pk")
    boundary_and_next = list(keys[offset : offset + 2])
    if len(boundary_and_next) < 2:  # nothing after the boundary: no such page
        raise LookupError(number)
    return Cursor(*boundary_and_next[0])


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """A month of the site's time zone as [start, end); ValueError if none."""
    zone = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, following


def archive_months() -> list[tuple[datetime, int]]:
    """(first day of month, articles published that month), newest first.
    One aggregate per content generation, shared by every process; it lives
    no longer than the next scheduled publication (which changes a count)."""
    key = f"{ARCHIVE_KEY}:{content_generation()}"
    now = timezone.now()
    cached = cache.get(key)
    # The entry carries its expiry by our clock (as the page cache's do), so a
    # scheduled article is counted on time whatever the cache server's clock.
    if cached is not None and cached[0] > now:
        return cached[1]
    months = [
        (row["month"], row["articles"])
        for row in Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(articles=Count("pk"))
        .order_by("-month")
    ]
    expires = now + timedelta(seconds=ARCHIVE_SECONDS)
    upcoming = next_publication_at()
    if upcoming is not None:
        expires = min(expires, upcoming)
    cache.set(key, (expires, months), ARCHIVE_SECONDS)
    return months
