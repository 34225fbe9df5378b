"""Scale benchmark: uncached reader pages at 100 and at 100,000 articles on PostgreSQL.

    make bench-scale        # or: .venv/bin/python bench/scale.py [--sizes 100,100000] [--runs 25]

Needs a PostgreSQL database it may fill: SCALE_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/geo_scale, created if missing). Each size
lives in its own schema (scale_100, scale_100000), migrated there and filled
with that many published articles with bilingual bodies of a realistic width
(bulk_create, not downloaded), every tenth one tagged "scale" (10,000 at
100,000), then VACUUM ANALYZE; a schema that already holds its articles is
reused (--regenerate to rebuild). The sizes are then measured in turns
(round-robin, so a busy machine weighs on each alike): p50 of list page 1, a
deep list page (80 % down, by its keyset URL), an article and the tag's
page, with the page cache off, through Django's test client. Prints a table,
each p50's ratio to the smallest size's, and the query plans of the list
queries at the largest size. Search is left out until the search app exists."""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/geo_scale"
database_url = os.environ.get("SCALE_DATABASE_URL", DEFAULT_URL)
os.environ.update(
    DJANGO_SETTINGS_MODULE="geo.settings",
    GEO_TESTING="true",  # accept the development secret key
    DATABASE_URL=database_url,
    MEDIA_ROOT=tempfile.mkdtemp(prefix="geo-scale-media-"),
    PAGE_CACHE_SECONDS="0",  # every request renders: the uncached cost
)
os.environ.pop("REDIS_URL", None)


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


if not database_url.startswith("postgres"):
    sys.exit("bench/scale.py measures PostgreSQL: set SCALE_DATABASE_URL=postgres://…")
ensure_database(database_url)

import django  # noqa: E402

django.setup()
# One log line per request would bury the table.
logging.getLogger("geo.requests").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import listing  # noqa: E402
from articles.models import Article, Tag, TaggedArticle  # noqa: E402

BATCH = 2000
TAG_EVERY = 10
PARAGRAPH_ZH = "答案引擎直接引用文章的摘要，编辑部因此把结论放在最前面，并为每个论断注明来源。"
PARAGRAPH_EN = (
    "Answer engines quote an article's summary directly, so the newsroom puts the "
    "conclusion first and gives every claim its source."
)
# About 2.7 KB of text per row, like the articles the issue measured.
BODY_ZH = "## 背景\n\n" + "\n\n".join([PARAGRAPH_ZH] * 12)
BODY_EN = "## Background\n\n" + "\n\n".join([PARAGRAPH_EN] * 8)


SCHEMA = {"name": "public"}


def use_schema(count: int) -> None:
    """Point the connection (and any reconnection) at ``count``'s schema."""
    SCHEMA["name"] = f"scale_{count}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA['name']}")
        cursor.execute(f"SET search_path TO {SCHEMA['name']}")


def _set_search_path(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute(f"SET search_path TO {SCHEMA['name']}")


connection_created.connect(_set_search_path)


def generate(count: int) -> dict:
    """Empty the article tables and make ``count`` published articles."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, articles_historicalarticle, articles_tag CASCADE"
        )
    tag = Tag.objects.create(slug="scale", name_zh_hans="规模", name_en="Scale")
    start = time.perf_counter()
    now = timezone.now()
    made = 0
    while made < count:
        batch = [
            Article(
                slug=f"scale-{n}",
                title_zh_hans=f"规模测试文章第{n}篇",
                title_en=f"Scale test article {n}",
                summary_zh_hans=PARAGRAPH_ZH,
                summary_en=PARAGRAPH_EN,
                body_zh_hans=BODY_ZH,
                body_en=BODY_EN,
                status=Article.Status.PUBLISHED,
                # One every 20 minutes back from now: 100,000 span almost four years.
                published_at=now - timedelta(minutes=20 * n + 1),
                updated_at=now,
            )
            for n in range(made, min(count, made + BATCH))
        ]
        Article.objects.bulk_create(batch, batch_size=BATCH)
        made += len(batch)
    ids = Article.objects.order_by("pk").values_list("pk", flat=True)[::TAG_EVERY]
    TaggedArticle.objects.bulk_create(
        [TaggedArticle(content_object_id=pk, tag=tag) for pk in ids], batch_size=BATCH * 5
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_taggedarticle")
    return {"seconds": time.perf_counter() - start, "tagged": len(ids)}


def deep_page_url(count: int) -> str:
    """The keyset page that starts 80 % of the way down the list."""
    articles = Article.objects.published().order_by(*listing.NEWEST_FIRST)
    key = articles.values_list("published_at", "pk")[int(count * 0.8) - 1]
    return f"/en/{listing.query_for(listing.Cursor(*key))}"


def pages(count: int) -> dict[str, str]:
    middle = Article.objects.order_by("pk").values_list("slug", flat=True)[count // 2]
    return {
        "list, page 1": "/zh-hans/",
        "list, deep page": deep_page_url(count),
        "article": f"/zh-hans/articles/{middle}/",
        "tag page": "/en/tags/scale/",
    }


def timed(client: Client, url: str, runs: int, samples: dict) -> None:
    """Add ``runs`` requests' wall and CPU ms and query count to ``samples``."""
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples["wall"].append((time.perf_counter() - start) * 1000)
            # This process only: less skewed than wall time by a busy machine.
            samples["cpu"].append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        samples["queries"] = len(queries)


def explain(client: Client, urls: dict[str, str]) -> None:
    """EXPLAIN ANALYZE of each list page's card query (the one reading the article table)."""
    for name, url in urls.items():
        if name == "article":
            continue
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = next(
            q["sql"]
            for q in queries.captured_queries
            if 'FROM "articles_article"' in q["sql"] and "LIMIT 21" in q["sql"]
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)
            plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
        print(f"\n{name} ({url}):\n{plan}")


def prepare(count: int, regenerate: bool) -> None:
    use_schema(count)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    ready = Article.objects.count() == count and Tag.objects.filter(slug="scale").exists()
    if ready and not regenerate:
        print(f"{count:,} articles: reusing schema {SCHEMA['name']}", flush=True)
        return
    made = generate(count)
    print(
        f"{count:,} articles ({made['tagged']:,} tagged) generated in {made['seconds']:.1f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,100000", help="article counts, comma-separated")
    parser.add_argument("--runs", type=int, default=30, help="requests per page and size")
    parser.add_argument("--rounds", type=int, default=6, help="turns the runs are split into")
    parser.add_argument("--regenerate", action="store_true", help="rebuild existing schemas")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    client = Client(HTTP_HOST="127.0.0.1")
    urls = {}
    for count in sizes:
        prepare(count, args.regenerate)
        urls[count] = pages(count)
        for url in urls[count].values():
            for _ in range(5):  # warm up: templates, memos, the content generation
                assert client.get(url).status_code == 200, url
    samples = {
        count: {name: {"wall": [], "cpu": [], "queries": 0} for name in urls[count]}
        for count in sizes
    }
    per_round = max(1, args.runs // args.rounds)
    for _round in range(args.rounds):
        for count in sizes:
            use_schema(count)
            for name, url in urls[count].items():
                timed(client, url, per_round, samples[count][name])
    explain(client, urls[sizes[-1]])

    def cell(count, name):
        found = samples[count][name]
        wall, cpu = statistics.median(found["wall"]), statistics.median(found["cpu"])
        return wall, cpu, found["queries"]

    base = sizes[0]
    print(
        f"\np50 of {per_round * args.rounds} uncached requests: wall ms / CPU ms (queries),"
        " page cache off, sizes measured in turns\n"
    )
    print(
        "| page | " + " | ".join(f"{size:,} articles" for size in sizes) + " | ratio wall / CPU |"
    )
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name in urls[base]:
        cells = ["{:.1f} / {:.1f} ({})".format(*cell(size, name)) for size in sizes]
        last, first = cell(sizes[-1], name), cell(base, name)
        ratios = f"{last[0] / first[0]:.2f} / {last[1] / first[1]:.2f}"
        print(f"| {name} | " + " | ".join(cells) + f" | {ratios} |")


if __name__ == "__main__":
    main()
