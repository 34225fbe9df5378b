"""Both backends return the same top results for the same corpus: this fixed
list of queries has one expected answer, checked on whichever database the
suite runs (CI runs it on SQLite and on PostgreSQL)."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article
from search.backends import Filters, backend
from search.index import index_articles
from search.segment import query_groups

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)

# slug: (zh title, zh body, en title, en body)
CORPUS = {
    "azure-strategy": (
        "微软Azure的多云战略",
        "微软调整云计算业务，多云战略成为重点。合作伙伴关系随之变化。",
        "Microsoft Azure's multi-cloud strategy",
        "Microsoft reshapes its cloud business around partnerships and a multi-cloud strategy.",
    ),
    "cloud-prices": (
        "云计算价格战",
        "各家厂商下调价格，多云部署的成本随之降低。",
        "The cloud price war",
        "Vendors cut prices; multi-cloud deployments get cheaper. Microsoft follows.",
    ),
    "answer-engines": (
        "答案引擎改变阅读",
        "生成式搜索直接引用文章摘要，编辑部调整写作方式。",
        "Answer engines change reading",
        "Generative search quotes summaries directly; newsrooms adjust their writing.",
    ),
    "partners": (
        "合作伙伴关系的新形态",
        "厂商之间的合作伙伴关系越来越紧密，多云战略只是其中一环。",
        "New shapes of partnership",
        "Partnerships between vendors tighten; a multi-cloud strategy is one piece of it.",
    ),
    "chips": (
        "芯片供应链",
        "芯片产能紧张影响了云计算厂商的扩张计划。",
        "The chip supply chain",
        "Tight chip capacity slows cloud vendors' expansion plans.",
    ),
    "weather": (
        "北京天气",
        "今天多云，明天晴朗。",
        "Beijing weather",
        "Cloudy today, sunny tomorrow.",
    ),
}

# (language, query): the expected slugs, best first.
EXPECTED = {
    ("zh-hans", "多云战略"): ["azure-strategy", "partners"],
    # Body matches: the shorter text first (bm25; ts_rank_cd normalised by length).
    ("zh-hans", "多云"): ["azure-strategy", "weather", "cloud-prices", "partners"],
    ("zh-hans", "微软"): ["azure-strategy"],
    ("zh-hans", "合作伙伴"): ["partners", "azure-strategy"],
    ("zh-hans", "芯片 云计算"): ["chips"],
    ("zh-hans", "答案引擎"): ["answer-engines"],
    ("en", "partnership"): ["partners", "azure-strategy"],
    ("en", "multi-cloud strategy"): ["azure-strategy", "partners"],
    ("en", "microsoft"): ["azure-strategy", "cloud-prices"],
    ("en", "vendors"): ["chips", "cloud-prices", "partners"],
    ("en", "cloudy"): ["weather"],
    ("en", "nothing-matches-this"): [],
}


@pytest.fixture
def corpus(article_factory):
    for days, (slug, (zh_title, zh_body, en_title, en_body)) in enumerate(CORPUS.items(), 1):
        article_factory(
            slug=slug,
            status=Article.Status.PUBLISHED,
            published_at=NOW - timedelta(days=days),
            title_zh_hans=zh_title,
            body_zh_hans=zh_body,
            title_en=en_title,
            body_en=en_body,
            summary_zh_hans="本期分析。",
            summary_en="This issue's analysis.",
        )
    index_articles(Article.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(("language", "query"), list(EXPECTED))
def test_both_backends_rank_the_fixed_corpus_alike(corpus, language, query):
    results = backend().search(
        query_groups(query), language=language, filters=Filters(), limit=10, now=NOW
    )
    slugs = dict(Article.objects.values_list("pk", "slug"))

    assert [slugs[hit.article_id] for hit in results.hits] == EXPECTED[(language, query)]
    assert results.total == len(EXPECTED[(language, query)])
