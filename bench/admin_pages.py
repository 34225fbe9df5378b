"""Editors' admin pages: server time, SQL queries, HTML size and the assets the
article change page loads.

    .venv/bin/python bench/admin_pages.py [--articles 200] [--runs 15]

Runs against a throwaway SQLite database in a temporary folder: the demo
content (articles with entity tables and FAQ) plus N synthetic articles, so the
list has many rows. The change page measured is the demo article with the most
entity rows. Times are the Django test client's (no network, no browser)."""

import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="geo-bench-admin-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="geo.settings",
    GEO_TESTING="true",  # accept the development secret key
    DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3",
    MEDIA_ROOT=f"{scratch}/media",
)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()
# One log line per request would bury the table.
logging.getLogger("geo.requests").setLevel(logging.WARNING)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402


def seed(count: int) -> Article:
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    template = Article.objects.get(slug="open-models-enterprise")
    Article.objects.bulk_create(
        Article(
            slug=f"bench-{n}",
            title_zh_hans=f"基准文章 {n}",
            title_en=f"Benchmark article {n}",
            summary_zh_hans=template.summary_zh_hans,
            summary_en=template.summary_en,
            body_zh_hans=template.body_zh_hans,
            body_en=template.body_en,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + timezone.timedelta(hours=n - count // 2),
        )
        for n in range(count)
    )
    return (
        Article.objects.annotate(rows=Count("entity_tables__rows")).order_by("-rows", "pk").first()
    )


def measure(client: Client, url: str, runs: int) -> dict:
    timings, queries, response = [], 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return {
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "queries": queries,
        "kb": len(response.content) / 1024,
        "html": response.content.decode(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200, help="synthetic articles to add")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    article = seed(args.articles)
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x" * 20)
    client = Client(HTTP_HOST="127.0.0.1", headers={"accept-language": "en"})
    client.force_login(user)
    pages = {
        "article change page": f"/admin/articles/article/{article.pk}/change/",
        "article add page": "/admin/articles/article/add/",
        "article list": "/admin/articles/article/",
        "article list, Scheduled": "/admin/articles/article/?publication=scheduled",
        "tag suggestions": "/admin/articles/article/tag-suggest/?q=ai",
    }
    print(f"{'page':<28} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>7}")
    results = {}
    for name, url in pages.items():
        client.get(url)  # warm up templates and the site settings cache
        results[name] = result = measure(client, url, args.runs)
        print(
            f"{name:<28} {result['median_ms']:>10.1f} {result['max_ms']:>8.1f} "
            f"{result['queries']:>8} {result['kb']:>7.1f}"
        )
    html = results["article change page"]["html"]
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*href="([^"]+\.css)"', html)
    print(f"\nchange page assets: {len(scripts)} scripts, {len(styles)} stylesheets")
    for src in scripts + styles:
        print("  ", src)


if __name__ == "__main__":
    main()
