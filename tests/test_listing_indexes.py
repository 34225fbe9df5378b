"""The list queries are range scans of the listing indexes (migration
articles 0008), not scans of the table: checked on PostgreSQL with EXPLAIN
over enough rows, after ANALYZE, as production would plan them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.listing import Cursor
from articles.models import Article, Tag, TaggedArticle

pytestmark = pytest.mark.django_db

ROWS = 6000


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in found.items() if info["index"]}


def test_the_migration_adds_the_listing_indexes():
    article = indexes("articles_article")["article_listing"]
    tagged = indexes("articles_taggedarticle")["tagged_article_by_tag"]
    site_faq = indexes("faq_faqitem")["faq_site_wide_order"]

    assert article["columns"] == ["status", "published_at", "id"]
    assert tagged["columns"] == ["tag_id", "content_object_id"]
    assert site_faq["columns"] == ["order", "id"]
    if connection.vendor == "postgresql":
        assert article["orders"] == ["ASC", "DESC", "DESC"]


@pytest.fixture
def many_articles():
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (.ci/run)")
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                slug=f"row-{n}",
                title_zh_hans=f"第{n}篇",
                summary_zh_hans="摘要。",
                body_zh_hans="正文。" * 300,  # wide rows, as in production
                status=Article.Status.PUBLISHED if n % 50 else Article.Status.DRAFT,
                published_at=now - timedelta(minutes=n + 1),
            )
            for n in range(ROWS)
        ],
        batch_size=2000,
    )
    tag = Tag.objects.create(slug="dense", name_zh_hans="密集")
    ids = Article.objects.values_list("pk", flat=True)[::10]
    TaggedArticle.objects.bulk_create([TaggedArticle(content_object_id=pk, tag=tag) for pk in ids])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        cursor.execute("ANALYZE articles_taggedarticle")
    return tag


def plan(queryset) -> str:
    return queryset.explain(analyze=True)


def test_list_pages_read_the_listing_index_not_the_table(many_articles):
    published = Article.objects.published()
    middle = published.order_by("-published_at", "-pk")[ROWS // 2]

    first_page = plan(published.for_cards()[:21])
    deep_page = plan(published.for_cards().filter(Cursor.of(middle).older())[:21])
    tag_page = plan(published.filter(tags=many_articles).for_cards()[:21])
    scheduled = plan(Article.objects.scheduled().order_by("published_at")[:1])

    for query_plan in (first_page, deep_page, tag_page, scheduled):
        assert "article_listing" in query_plan, query_plan
        assert "Seq Scan on articles_article" not in query_plan, query_plan
        assert "Sort" not in query_plan.split("->")[0], query_plan
