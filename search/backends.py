"""One small interface over the database's own full-text search.

PostgreSQL: a stored ``tsvector`` (configuration-free: we write the words
ourselves, weighted A–D per part) with a GIN index, ranked by ``ts_rank_cd``.
SQLite: an FTS5 table, one column per part, ranked by ``bm25`` with column
weights. Both hold the words of search/segment.py, so they match the same
documents; both check at query time that the article is live (published and
due), so a withdrawn, unpublished or not-yet-due article never shows.

Queries reach the database only as bound parameters built from words of
letters and digits: no user text is ever part of the SQL or of FTS syntax."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from articles.models import TaggedArticle
from search.documents import PARTS, Document
from search.models import SearchDocument
from search.segment import index_words

DOCS = SearchDocument._meta.db_table
TAG_LINKS = TaggedArticle._meta.db_table
FTS = "search_fts"
# bm25 column weights, in PARTS order (the A–D classes of PostgreSQL).
BM25_WEIGHTS = {"A": 10.0, "B": 4.0, "C": 2.0, "D": 1.0}
Groups = tuple[tuple[str, ...], ...]
# Ranking reads every matching document's words: for a word found in most of
# 100,000 articles that alone takes seconds. So only the newest RANKED matches
# are ranked (a news site's readers want those first), and matches are counted
# only that far: past RANKED the page says "more than 1,000", as finding and
# counting all ~100,000 matches of a very common word cost more than the rest
# of the search (README: "Search").
RANKED = 1000
# PostgreSQL reads at most NEWEST_READS of the newest documents before turning
# to the GIN index, and only when at least NEWEST_SAMPLE_MATCHES of the newest
# NEWEST_SAMPLE match: at half, NEWEST_READS hold RANKED matches, and a word
# in half the documents rarely shows in fewer than 40 of 100 (see
# PostgresBackend._query_sql).
NEWEST_READS = 2 * RANKED
NEWEST_SAMPLE = 100
NEWEST_SAMPLE_MATCHES = 40


@dataclass(frozen=True)
class Filters:
    tag_ids: tuple[int, ...] = ()
    year_range: tuple[datetime, datetime] | None = None


@dataclass(frozen=True)
class Hit:
    document_id: int
    article_id: int


@dataclass(frozen=True)
class Results:
    total: int  # at most RANKED
    hits: list[Hit]
    more: bool = False  # more than RANKED matches (not counted further)


class Backend(ABC):
    """Write documents' words and find them. Subclasses say how."""

    def store(self, documents: list[Document]) -> None:
        """Replace the search documents of these articles (only the given ones remain)."""
        ids = {document.article_id for document in documents}
        self.remove(ids)
        rows = SearchDocument.objects.bulk_create(
            SearchDocument(
                article_id=document.article_id,
                language=document.language,
                published_at=document.published_at,
            )
            for document in documents
        )
        self._write_words(
            [
                (row, {part: index_words(text) for part, text in document.parts.items()})
                for row, document in zip(rows, documents, strict=True)
            ]
        )

    def remove(self, article_ids) -> None:
        ids = list(article_ids)
        if ids:
            self._remove_words(ids)
            SearchDocument.objects.filter(article_id__in=ids).delete()

    def search(
        self,
        groups: Groups,
        *,
        language: str,
        filters: Filters,
        limit: int,
        offset: int = 0,
        unmatched_in: str | None = None,
        now: datetime,
    ) -> Results:
        """Live matches in ``language``, best first; with ``unmatched_in``, only
        articles that do not match in that other language."""
        if not groups:
            return Results(0, [])
        match_params = self._match(groups)
        # Documents exist for published articles only; the publish time says
        # whether one is due. (The page then reads the articles through
        # ``published()``, which drops one unpublished a moment ago.) The scope
        # is a range of the (language, published_at) index; the filters are
        # checked document by document.
        scope = ["d.language = %s", "d.published_at <= %s"]
        scope_params = [language, _db_datetime(now)]
        if filters.year_range:
            scope.append("d.published_at >= %s AND d.published_at < %s")
            scope_params += [_db_datetime(at) for at in filters.year_range]
        checks, check_params = ["1 = 1"], []
        for tag_id in filters.tag_ids:
            checks.append(
                f"EXISTS (SELECT 1 FROM {TAG_LINKS} t"
                f" WHERE t.content_object_id = d.article_id AND t.tag_id = %s)"
            )
            check_params.append(tag_id)
        if unmatched_in:
            clause, clause_params = self._unmatched(match_params, unmatched_in)
            checks.append(clause)
            check_params += clause_params
        sql = self._query_sql(" AND ".join(scope), " AND ".join(checks))
        params = self._query_params(match_params, scope_params, check_params, [limit, offset])
        with transaction.atomic(), connection.cursor() as cursor:
            self._before_query(cursor)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return Results(0, [])
        counted = rows[0][2]
        return Results(
            min(counted, RANKED), [Hit(row[0], row[1]) for row in rows], counted > RANKED
        )

    # ---------------------------------------------------------- per backend

    @abstractmethod
    def _write_words(self, rows) -> None:
        """Per backend."""

    def _before_query(self, cursor) -> None:  # noqa: B027 (a hook: most backends need none)
        """Settings for the query's transaction, if the backend needs any."""

    @abstractmethod
    def _remove_words(self, article_ids) -> None:
        """Per backend."""

    @abstractmethod
    def _match(self, groups: Groups) -> list:
        """The query's bound parameter(s)."""

    @abstractmethod
    def _unmatched(self, match_params, language) -> tuple[str, list]:
        """Per backend."""

    @abstractmethod
    def _query_sql(self, scope: str, checks: str) -> str:
        """Ranks the newest RANKED matches (see RANKED) and counts up to RANKED + 1;
        each row: document id, article id, that count."""

    @abstractmethod
    def _query_params(self, match_params, scope_params, check_params, page_params) -> list:
        """The parameters of ``_query_sql``, in its order."""


class PostgresBackend(Backend):
    def _before_query(self, cursor) -> None:
        # The planner does not count reading each document's vector (TOAST) to
        # test a match, and picks a sequential scan for common words: 900 ms
        # instead of 80 at 100,000 articles. The GIN index answers exactly.
        cursor.execute("SET LOCAL enable_seqscan = off")

    def _write_words(self, rows) -> None:
        vector = " || ".join(f"setweight(%s::tsvector, '{weight}')" for weight in PARTS.values())
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {DOCS} SET vector = {vector} WHERE id = %s",
                [[*(_tsvector(words[part]) for part in PARTS), row.pk] for row, words in rows],
            )

    def _remove_words(self, article_ids) -> None:
        pass  # the vector is a column of the document row

    def _match(self, groups):
        return [_tsquery(groups)]

    def _unmatched(self, match_params, language):
        return (
            f"NOT EXISTS (SELECT 1 FROM {DOCS} d2 WHERE d2.article_id = d.article_id"
            " AND d2.language = %s AND d2.vector @@ %s::tsquery)",
            [language, *match_params],
        )

    def _query_sql(self, scope, checks):
        # Two ways to the newest RANKED + 1 matches, one of which runs:
        # - ``newest``: read documents newest first (the (language, published_at)
        #   index) and test each one's words, stopping at RANKED + 1 matches. A
        #   word in most documents (市场, market) needs ~1,000 reads; reading
        #   one document's words costs ~3–5 µs, so this reads at most
        #   NEWEST_READS, and only when ``sample``, the newest NEWEST_SAMPLE
        #   documents, says it will find enough (a rare word costs 0.5 ms there
        #   instead of 7–10 here).
        # - ``indexed``: all matches from the GIN index (~0.2 µs each), sorted by
        #   date; for the rarer words, when ``newest`` found too few. OFFSET 0
        #   plans it apart from the LIMIT, which would lead the planner (blind to
        #   the cost of reading words) to walk newest first for a word in 5% of
        #   documents: 30–200 ms instead of 5.
        newest_first = f"""
            SELECT d.id, d.article_id, d.published_at, d.vector FROM {DOCS} d
            WHERE {scope} ORDER BY d.published_at DESC, d.id DESC"""
        return f"""
            WITH sample AS MATERIALIZED (
                SELECT COUNT(*) AS matches FROM ({newest_first} LIMIT {NEWEST_SAMPLE}) d
                WHERE d.vector @@ %s::tsquery AND {checks}
            ), newest AS MATERIALIZED (
                SELECT * FROM ({newest_first} LIMIT {NEWEST_READS}) d
                WHERE d.vector @@ %s::tsquery AND {checks}
                AND (SELECT matches FROM sample) >= {NEWEST_SAMPLE_MATCHES}
                LIMIT {RANKED + 1}
            ), candidates AS (
                SELECT * FROM newest WHERE (SELECT COUNT(*) FROM newest) > {RANKED}
                UNION ALL
                SELECT * FROM (
                    SELECT * FROM (
                        SELECT d.id, d.article_id, d.published_at, d.vector FROM {DOCS} d
                        WHERE d.vector @@ %s::tsquery AND {scope} AND {checks}
                        OFFSET 0
                    ) d
                    ORDER BY d.published_at DESC, d.id DESC
                    LIMIT {RANKED + 1}
                ) indexed WHERE (SELECT COUNT(*) FROM newest) <= {RANKED}
            )
            SELECT c.id, c.article_id, (SELECT COUNT(*) FROM candidates) FROM (
                SELECT * FROM candidates ORDER BY published_at DESC, id DESC LIMIT {RANKED}
            ) c
            -- 1: rank divided by 1 + log(length), as bm25 favours the shorter text.
            ORDER BY ts_rank_cd(c.vector, %s::tsquery, 1) DESC, c.published_at DESC, c.id DESC
            LIMIT %s OFFSET %s"""

    def _query_params(self, match_params, scope_params, check_params, page_params):
        newest = [*scope_params, *match_params, *check_params]  # also the sample's
        indexed = [*match_params, *scope_params, *check_params]
        return [*newest, *newest, *indexed, *match_params, *page_params]


class SqliteBackend(Backend):
    def _write_words(self, rows) -> None:
        columns = ", ".join(PARTS)
        marks = ", ".join(["%s"] * (len(PARTS) + 1))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, {columns}) VALUES ({marks})",
                [[row.pk, *(" ".join(words[part]) for part in PARTS)] for row, words in rows],
            )

    def _remove_words(self, article_ids) -> None:
        marks = ", ".join(["%s"] * len(article_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS} WHERE rowid IN"
                f" (SELECT id FROM {DOCS} WHERE article_id IN ({marks}))",
                article_ids,
            )

    def _match(self, groups):
        return [_fts_query(groups)]

    def _unmatched(self, match_params, language):
        return (
            f"d.article_id NOT IN (SELECT d2.article_id FROM {FTS} f2"
            f" CROSS JOIN {DOCS} d2 ON d2.id = f2.rowid"
            f" WHERE f2.{FTS} MATCH %s AND d2.language = %s)",
            [*match_params, language],
        )

    def _query_sql(self, scope, checks):
        weights = ", ".join(str(BM25_WEIGHTS[weight]) for weight in PARTS.values())
        # bm25() cannot share a SELECT with a window function: it is computed
        # in ``m`` (in the one pass over the matches, cheap in FTS5) for the
        # newest RANKED + 1, which ``c`` counts, then the newest RANKED are ranked.
        # CROSS JOIN keeps FTS5 in the outer loop (here and in ``_unmatched``):
        # SQLite would rather walk the (language, published_at) index and run
        # the full-text query once per document, minutes for a rare word.
        return f"""
            SELECT d.id, d.article_id, h.total FROM (
                SELECT id, rank, published_at, total FROM (
                    SELECT id, rank, published_at, COUNT(*) OVER () AS total FROM (
                        SELECT d.id, d.published_at, bm25({FTS}, {weights}) AS rank
                        FROM {FTS}
                        CROSS JOIN {DOCS} d ON d.id = {FTS}.rowid
                        WHERE {FTS} MATCH %s AND {scope} AND {checks}
                        ORDER BY d.published_at DESC, d.id DESC
                        LIMIT {RANKED + 1}
                    ) m
                    ORDER BY published_at DESC, id DESC
                    LIMIT {RANKED}
                ) c
                ORDER BY rank ASC, published_at DESC, id DESC
                LIMIT %s OFFSET %s
            ) h JOIN {DOCS} d ON d.id = h.id
            ORDER BY h.rank ASC, h.published_at DESC, d.id DESC"""

    def _query_params(self, match_params, scope_params, check_params, page_params):
        return [*match_params, *scope_params, *check_params, *page_params]


def _db_datetime(at: datetime):
    return connection.ops.adapt_datetimefield_value(at)


def _tsvector(words: list[str]) -> str:
    """A tsvector literal: each word at its position (words are letters and
    digits only, so quoting them is enough)."""
    return " ".join(f"'{word}':{min(i, 16383)}" for i, word in enumerate(words, 1))


def _tsquery(groups: Groups) -> str:
    def alternatives(group):
        whole, *inner = group
        if not inner:
            return f"'{whole}'"
        return "('{}' | ({}))".format(whole, " & ".join(f"'{word}'" for word in inner))

    return " & ".join(alternatives(group) for group in groups)


def _fts_query(groups: Groups) -> str:
    def alternatives(group):
        whole, *inner = group
        if not inner:
            return f'"{whole}"'
        return '("{}" OR ({}))'.format(whole, " AND ".join(f'"{word}"' for word in inner))

    return " AND ".join(alternatives(group) for group in groups)


def backend() -> Backend:
    """The backend of the database in use."""
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
