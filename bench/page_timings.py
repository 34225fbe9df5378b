"""Reader-page benchmark: render time, SQL queries and HTML size per page type:
with the whole cache cleared before each request (content generation, site
settings and fragments made anew), as a page-cache miss (page cache off, the
rest warm: what a miss costs between two content changes), and served from
the page cache. Article pages also as the first request after an edit of the
article (or of an entity, tag, disclaimer or the settings): the whole cache
cleared and the article's remembered page parts (articles/page_parts.py)
forgotten too.

    make bench            # or: .venv/bin/python bench/page_timings.py [--articles 200]

Runs against a throwaway SQLite database in a temporary folder: the demo
content plus N synthetic articles (so the list has many pages)."""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="geo-bench-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="geo.settings",
    GEO_TESTING="true",  # accept the development secret key
    DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3",
    MEDIA_ROOT=f"{scratch}/media",
    PAGE_CACHE_SECONDS="600",
)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()
# One log line per request would bury the table.
logging.getLogger("geo.requests").setLevel(logging.WARNING)

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402

try:
    from articles import listing
except ImportError:  # an older tree (bench/ is also run against one for comparison)
    listing = None
try:
    from articles import page_parts
except ImportError:  # a tree from before remembered article pages
    page_parts = None


def seed(count: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    template = Article.objects.get(slug="open-models-enterprise")
    for n in range(count):
        Article.objects.create(
            slug=f"bench-{n}",
            title_zh_hans=f"基准文章 {n}",
            title_en=f"Benchmark article {n}",
            summary_zh_hans=template.summary_zh_hans,
            summary_en=template.summary_en,
            body_zh_hans=template.body_zh_hans,
            body_en=template.body_en,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(days=n + 30),
        )


def measure(
    client: Client, url: str, runs: int, cached: bool, clear: bool = True, edited: bool = False
) -> dict:
    timings, cpu_times = [], []
    queries = size = 0
    for _ in range(runs):
        if not cached and clear:
            cache.clear()
        if edited and page_parts:
            page_parts.forget_all()
        # Django keeps the last 9,000 queries: past that, a capture counts none.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return {
        "median_ms": statistics.median(timings),
        "cpu_ms": statistics.median(cpu_times),  # less skewed by other processes
        "queries": queries,
        "kb": size / 1024,
    }


def deep_query() -> str:
    if listing is None:
        return "?page=5"
    return listing.query_for(listing.cursor_for_page(Article.objects.published(), 5))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200, help="synthetic articles to add")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args()
    seed(args.articles)
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {
        "article list (zh-hans)": "/zh-hans/",
        "article list, page 5 (en)": "/en/" + deep_query(),
        "article (zh-hans)": "/zh-hans/articles/open-models-enterprise/",
        "article (en)": "/en/articles/open-models-enterprise/",
        "article, 双语对照": "/zh-hans/articles/open-models-enterprise/?view=bilingual",
        "entity page": "/en/entities/deepseek/",
        "site FAQ": "/zh-hans/faq/",
    }
    if listing:
        pages["archive (months)"] = "/zh-hans/archive/"
    print(f"{args.articles + 4} published articles, median of {args.runs} runs\n")
    print(
        "| page | uncached ms (CPU) | queries | page-cache miss ms (CPU) | queries"
        " | after an edit ms (CPU) | queries | cached ms | HTML KB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, url in pages.items():
        if args.only and args.only not in name:
            continue
        cold = measure(client, url, args.runs, cached=False)
        with override_settings(PAGE_CACHE_SECONDS=0):
            miss = measure(client, url, args.runs, cached=False, clear=False)
        edited = "— | —"
        if "/articles/" in url:
            first = measure(client, url, args.runs, cached=False, edited=True)
            edited = f"{first['median_ms']:.1f} ({first['cpu_ms']:.1f}) | {first['queries']}"
        warm = measure(client, url, args.runs, cached=True)
        print(
            f"| {name} | {cold['median_ms']:.1f} ({cold['cpu_ms']:.1f}) | {cold['queries']}"
            f" | {miss['median_ms']:.1f} ({miss['cpu_ms']:.1f}) | {miss['queries']}"
            f" | {edited} | {warm['median_ms']:.2f} | {cold['kb']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
