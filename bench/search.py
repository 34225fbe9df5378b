"""Search benchmark: index build time, index size and query latency (p50/p95)
on a generated bilingual corpus, on SQLite and on PostgreSQL.

    .venv/bin/python bench/search.py [--count 5000] [--backends sqlite postgres]

The corpus is generated, never downloaded: each article has 3–6 KB of text
per language (UTF-8), drawn with a fixed seed from a vocabulary with a few
very common words, many ordinary ones and some rare ones; every article has
three tags out of 300 (50 of them entities such as 微软Azure). Articles are
bulk-inserted, then ``search.index.rebuild`` indexes them (timed). Then 50
fixed queries (25 Chinese, 25 English: one word, two words, rare, very
common) run 5 times each after a warm-up round; we report p50/p95 of the
results page (the view, uncached: the search service, the year filter's
choices, popular tags when nothing is found, the HTML), of the search service
(the page's language, the other language's matches, the articles and their
snippets) and of the ranked index query alone.

SQLite lives in a temporary folder, or in BENCH_SQLITE_PATH (kept, so that
``--queries-only`` can query it again); PostgreSQL uses BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/h_search), emptied first.
Each backend runs in its own process (Django binds one database per process)."""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the app: the project, not bench/, comes first.
sys.path[0] = str(ROOT)
POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_search")
SQLITE_PATH = os.environ.get("BENCH_SQLITE_PATH", "")
NOW = datetime(2026, 6, 1, tzinfo=UTC)
QUERIES_ONLY = bool(os.environ.get("BENCH_QUERIES_ONLY"))

ZH_COMMON = ["的", "市场", "企业", "技术", "发展", "公司", "数据", "用户", "平台", "服务"]
ZH_WORDS = [
    "云计算",
    "人工智能",
    "生成式",
    "搜索",
    "引擎",
    "答案",
    "摘要",
    "编辑部",
    "读者",
    "模型",
    "芯片",
    "供应链",
    "算力",
    "数据中心",
    "合作伙伴",
    "关系",
    "战略",
    "多云",
    "部署",
    "成本",
    "价格",
    "竞争",
    "监管",
    "政策",
    "合规",
    "隐私",
    "安全",
    "开源",
    "社区",
    "生态",
    "投资",
    "融资",
    "估值",
    "收入",
    "利润",
    "增长",
    "下降",
    "季度",
    "年度",
    "报告",
    "分析",
    "观点",
    "趋势",
    "变化",
    "风险",
    "机会",
    "挑战",
    "消费者",
    "零售",
    "电商",
    "物流",
    "制造",
    "汽车",
    "电池",
    "能源",
    "光伏",
    "储能",
    "半导体",
    "手机",
    "终端",
    "操作系统",
    "浏览器",
    "广告",
    "内容",
    "版权",
    "媒体",
    "出版",
    "新闻",
    "视频",
    "直播",
    "社交",
    "游戏",
    "教育",
    "医疗",
    "金融",
    "银行",
    "保险",
    "支付",
    "城市",
    "区域",
    "全球",
    "海外",
    "出口",
    "进口",
    "关税",
    "汇率",
    "利率",
    "通胀",
    "就业",
    "人才",
    "研发",
    "专利",
    "标准",
    "协议",
]
ZH_RARE = ["量子纠缠", "钙钛矿", "碳捕集", "脑机接口", "固态电池"]
EN_COMMON = ["the", "market", "company", "data", "users", "platform", "service", "growth"]
EN_WORDS = [
    "cloud",
    "computing",
    "artificial",
    "intelligence",
    "generative",
    "search",
    "engine",
    "answer",
    "summary",
    "newsroom",
    "reader",
    "model",
    "chip",
    "supply",
    "chain",
    "compute",
    "datacenter",
    "partnership",
    "relation",
    "strategy",
    "multicloud",
    "deployment",
    "cost",
    "price",
    "competition",
    "regulation",
    "policy",
    "compliance",
    "privacy",
    "security",
    "open",
    "source",
    "community",
    "ecosystem",
    "investment",
    "funding",
    "valuation",
    "revenue",
    "profit",
    "quarter",
    "annual",
    "report",
    "analysis",
    "opinion",
    "trend",
    "change",
    "risk",
    "opportunity",
    "challenge",
    "consumer",
    "retail",
    "ecommerce",
    "logistics",
    "manufacturing",
    "vehicle",
    "battery",
    "energy",
    "solar",
    "storage",
    "semiconductor",
    "phone",
    "device",
    "operating",
    "system",
    "browser",
    "advertising",
    "content",
    "copyright",
    "media",
    "publishing",
    "news",
    "video",
    "streaming",
    "social",
    "gaming",
    "education",
    "health",
    "finance",
    "banking",
    "insurance",
    "payment",
    "city",
    "region",
    "global",
    "overseas",
    "export",
    "import",
    "tariff",
    "exchange",
    "interest",
    "inflation",
    "employment",
    "talent",
    "research",
    "patent",
    "standard",
    "agreement",
    "vendor",
    "customer",
    "launch",
]
EN_RARE = ["quasar", "perovskite", "neuromorphic", "exascale", "photonic"]
ENTITIES = [
    ("微软Azure", "Microsoft Azure"), ("阿里云", "Alibaba Cloud"), ("华为云", "Huawei Cloud"),
    ("腾讯云", "Tencent Cloud"), ("亚马逊AWS", "Amazon AWS"), ("谷歌云", "Google Cloud"),
    ("英伟达", "Nvidia"), ("台积电", "TSMC"), ("宁德时代", "CATL"), ("比亚迪", "BYD"),
]  # fmt: skip

QUERIES_ZH = [
    "市场", "企业", "数据", "技术", "云计算",  # very common
    "人工智能", "供应链", "合作伙伴", "多云", "战略",  # one word
    "芯片 算力", "监管 政策", "电池 储能", "广告 版权", "出口 关税",  # two words
    "量子纠缠", "钙钛矿", "碳捕集", "脑机接口", "固态电池",  # rare
    "微软Azure", "多云战略", "英伟达 芯片", "生成式 搜索 引擎", "不存在的词语",
]  # fmt: skip
QUERIES_EN = [
    "the", "market", "data", "company", "growth",
    "partnership", "regulation", "semiconductor", "strategy", "cloud",
    "chip compute", "privacy security", "battery storage", "copyright media", "export tariff",
    "quasar", "perovskite", "neuromorphic", "exascale", "photonic",
    "microsoft azure", "multicloud strategy", "nvidia chips", "generative search engine",
    "nonexistentword",
]  # fmt: skip


def text(rng, common, words, rare, size, joiner):
    """About ``size`` bytes of UTF-8 text in sentences."""
    parts, length = [], 0
    while length < size:
        sentence = []
        for _ in range(rng.randint(8, 16)):
            roll = rng.random()
            pool = common if roll < 0.3 else words
            sentence.append(rng.choice(pool))
        if rng.random() < 0.002:
            sentence.insert(3, rng.choice(rare))
        line = joiner.join(sentence) + ("。" if joiner == "" else ". ")
        parts.append(line)
        length += len(line.encode())
        if rng.random() < 0.1:
            parts.append("\n\n## " + joiner.join(rng.sample(words, 2)) + "\n\n")
    return "".join(parts)


def generate(count: int) -> None:
    from articles.models import Article, Entity, Tag, TaggedArticle

    rng = random.Random(20260601)
    tags = [Entity.objects.create(name_zh_hans=zh, name_en=en).tag for zh, en in ENTITIES]
    tags += Tag.objects.bulk_create(
        Tag(name_zh_hans=f"话题{n}", name_en=f"Topic {n}", slug=f"topic-{n}") for n in range(290)
    )
    for start in range(0, count, 1000):
        batch = []
        for n in range(start, min(count, start + 1000)):
            batch.append(
                Article(
                    slug=f"bench-{n}",
                    title_zh_hans=text(rng, ZH_COMMON, ZH_WORDS, ZH_RARE, 30, "")[:60],
                    title_en=text(rng, EN_COMMON, EN_WORDS, EN_RARE, 60, " ")[:120],
                    summary_zh_hans=text(rng, ZH_COMMON, ZH_WORDS, ZH_RARE, 300, ""),
                    summary_en=text(rng, EN_COMMON, EN_WORDS, EN_RARE, 300, " "),
                    body_zh_hans=text(rng, ZH_COMMON, ZH_WORDS, ZH_RARE, rng.randint(2600, 5400), ""),
                    body_en=text(rng, EN_COMMON, EN_WORDS, EN_RARE, rng.randint(2600, 5400), " "),
                    status=Article.Status.PUBLISHED,
                    published_at=NOW - timedelta(hours=n + 1),
                    updated_at=NOW - timedelta(hours=n),
                    version=1,
                )
            )  # fmt: skip
        articles = Article.objects.bulk_create(batch)
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=tag)
            for article in articles
            for tag in rng.sample(tags, 3)
        )


def index_size() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument'),"
                " pg_relation_size('search_document_vector'),"
                " pg_relation_size('search_document_newest')"
            )
            total, gin, newest = cursor.fetchone()
            return {
                "documents_table_bytes": total,
                "gin_index_bytes": gin,
                "newest_index_bytes": newest,
            }
        cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
        fts = cursor.fetchone()[0]
        cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_searchdocument%'")
        return {"fts5_bytes": fts, "documents_table_bytes": cursor.fetchone()[0]}


def percentiles(samples: dict[str, list[float]]) -> dict:
    """p50/p95 of every timing, and p95 of each query's median (less sensitive
    to other processes on a shared machine)."""

    def p95(values):
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2)

    every = [t for times in samples.values() for t in times]
    medians = [statistics.median(times) for times in samples.values()]
    slowest = max(samples, key=lambda query: statistics.median(samples[query]))
    return {
        "p50_ms": round(statistics.median(every), 2),
        "p95_ms": p95(every),
        "p95_of_query_medians_ms": p95(medians),
        "slowest_query": slowest,
    }


def run_one(count: int) -> dict:
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import translation

    from articles.models import Article, Tag, TaggedArticle
    from search import index, segment
    from search.backends import Filters, backend
    from search.models import SearchDocument
    from search.service import Search, run
    from search.views import results

    generated = built = None
    if not QUERIES_ONLY:
        call_command("migrate", verbosity=0)
        if connection.vendor == "postgresql":
            call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        generate(count)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        index.rebuild()
        built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # As autovacuum would in production (this machine's server runs
        # without it): planner statistics for every table the corpus filled.
        with connection.cursor() as cursor:
            for table in (Article, TaggedArticle, Tag, SearchDocument):
                cursor.execute(f"VACUUM ANALYZE {table._meta.db_table}")

    view, page, raw = {}, {}, {}
    queries = [("zh-hans", q) for q in QUERIES_ZH] + [("en", q) for q in QUERIES_EN]
    requests = RequestFactory()
    with time_machine.travel(NOW, tick=False):
        for round_ in range(6):
            for language, query in queries:
                started = time.perf_counter()
                with translation.override(language):
                    response = results(requests.get(f"/{language}/search/", {"q": query}))
                assert response.status_code == 200, response.status_code
                whole = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                run(Search(query=query, language=language))
                elapsed = (time.perf_counter() - started) * 1000
                groups = segment.query_groups(query)
                started = time.perf_counter()
                backend().search(groups, language=language, filters=Filters(), limit=10, now=NOW)
                alone = (time.perf_counter() - started) * 1000
                if round_:  # the first round warms caches
                    view.setdefault(query, []).append(whole)
                    page.setdefault(query, []).append(elapsed)
                    raw.setdefault(query, []).append(alone)
    return {
        "backend": connection.vendor,
        "articles": count,
        "generate_s": generated and round(generated, 1),
        "index_build_s": built and round(built, 1),
        **index_size(),
        "results_page": percentiles(view),
        "search_service": percentiles(page),
        "ranked_query_alone": percentiles(raw),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="query the corpus already there (PostgreSQL, or SQLite at BENCH_SQLITE_PATH)",
    )
    args = parser.parse_args()
    os.environ["BENCH_QUERIES_ONLY"] = "1" if args.queries_only else ""
    if args.one:
        print(json.dumps(run_one(args.count)))
        return
    for name in args.backends:
        scratch = tempfile.mkdtemp(prefix="geo-bench-search-")
        sqlite = SQLITE_PATH or f"{scratch}/bench.sqlite3"
        if name == "sqlite" and not args.queries_only:
            for suffix in ("", "-wal", "-shm"):  # a new corpus (FTS5 is not flushed)
                Path(sqlite + suffix).unlink(missing_ok=True)
        url = POSTGRES_URL if name == "postgres" else f"sqlite:///{sqlite}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "geo.settings",
            "GEO_TESTING": "true",
            "DATABASE_URL": url,
            "MEDIA_ROOT": f"{scratch}/media",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("REDIS_URL", None)
        env["SEARCH_RATE"] = "1000000/m"  # the bench is one client
        output = subprocess.run(
            [sys.executable, __file__, "--count", str(args.count), "--one", name],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        print(output.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
