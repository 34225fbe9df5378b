"""Machine-surface benchmark: time and peak memory of /llms-full.txt (streamed)
and of the sitemap (index + every child page) at growing article counts.

    .venv/bin/python bench/machine_surfaces.py [--counts 1000 10000 100000]

One SQLite database in a temporary folder grows to each count with
bulk-inserted bilingual articles (about 1.5 KB of Markdown per language).
Each surface is then read, chunk by chunk as a client would, by a fresh
process whose peak resident memory (ru_maxrss) is reported beside the
time, so a surface that held every article in memory would show it."""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = os.environ.get("GEO_BENCH_DIR") or tempfile.mkdtemp(prefix="geo-bench-machine-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="geo.settings",
    GEO_TESTING="true",
    DATABASE_URL=f"sqlite:///{scratch}/bench.sqlite3",
    MEDIA_ROOT=f"{scratch}/media",
    PAGE_CACHE_SECONDS="0",  # measure the work, not the cache
)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402

BODY_ZH = (
    "## 背景\n\n"
    + "答案引擎改变了读者找到分析文章的方式，编辑部因此调整写法。" * 12
    + "\n\n## 做法\n\n"
    + "结论先行，实体清楚，来源可查。" * 20
)
BODY_EN = (
    "## Background\n\n"
    + "Answer engines change how readers find analysis, so the desk writes differently. " * 8
    + "\n\n## Practice\n\n"
    + "Conclusions first, entities named, sources linked. " * 10
)


def fill(target: int) -> None:
    """Bulk-insert articles until ``target`` are published."""
    have = Article.objects.count()
    now = timezone.now()
    batch = []
    for n in range(have, target):
        batch.append(
            Article(
                slug=f"bench-{n}",
                title_zh_hans=f"基准文章第 {n} 篇：答案引擎与出版",
                title_en=f"Benchmark article {n}: answer engines and publishing",
                summary_zh_hans="答案引擎直接引用摘要。编辑部因此把结论放在最前面。",
                summary_en="Answer engines quote summaries directly. The desk puts the conclusion first.",
                body_zh_hans=BODY_ZH,
                body_en=BODY_EN,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n + 1),
                updated_at=now - timedelta(minutes=n),
                version=1,
            )
        )
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def measure(client: Client, urls) -> dict:
    """Seconds and bytes to produce and read every URL, in this process."""
    start = time.perf_counter()
    size = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        chunks = response.streaming_content if response.streaming else [response.content]
        for chunk in chunks:
            size += len(chunk)
    return {"seconds": time.perf_counter() - start, "bytes": size}


def measure_in_a_fresh_process(surface: str) -> dict:
    """``measure`` in a new process; adds its peak resident memory in MiB."""
    result = subprocess.run(
        [sys.executable, __file__, "--measure", surface],
        env={**os.environ, "GEO_BENCH_DIR": scratch},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def sitemap_urls(client: Client) -> list[str]:
    import re

    index = client.get("/sitemap.xml").content.decode()
    return [
        "/sitemap.xml",
        *(re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", index)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--measure", choices=["llms-full", "sitemap"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    if args.measure:  # the child process
        urls = ["/llms-full.txt"] if args.measure == "llms-full" else sitemap_urls(client)
        result = measure(client, urls) | {"files": len(urls)}
        result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    call_command("migrate", verbosity=0)
    print("| articles | llms-full.txt s | MB | peak RSS MiB | sitemap s | files | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for count in sorted(args.counts):
        fill(count)
        full = measure_in_a_fresh_process("llms-full")
        maps = measure_in_a_fresh_process("sitemap")
        print(
            f"| {count:,} | {full['seconds']:.1f} | {full['bytes'] / 1e6:.0f} "
            f"| {full['peak_mib']:.0f} | {maps['seconds']:.1f} | {maps['files']} "
            f"| {maps['peak_mib']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
