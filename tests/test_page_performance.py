"""Reader pages run a fixed number of queries however much an article holds,
and stay small."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleUpdate
from articles.services import article_sync_entity_tags
from tests.conftest import content_queries

pytestmark = pytest.mark.django_db

QUERY_BOUND = 7  # 6 asked for by an earlier issue, plus the public change log
DEMO_DIR = Path(__file__).resolve().parent.parent / "articles" / "demo"


@pytest.fixture
def article_with(
    article_factory,
    tag_factory,
    entity_table_factory,
    entity_row_factory,
    faq_item_factory,
    disclaimer_factory,
):
    """``article_with(n)``: a live article with n tags, n entity rows (in 1–2
    tables), n FAQ items, n extra disclaimers and n change-log lines."""

    def build(n):
        article = article_factory(live=True, slug=f"parts-{n}", ai_assisted=True)
        tables = [entity_table_factory(article=article, order=i) for i in range(1 + n // 5)]
        for i in range(n):
            article.tags.add(tag_factory())
            entity_row_factory(table=tables[i % len(tables)], order=i)
            faq_item_factory(article=article, order=i)
            article.disclaimers.add(disclaimer_factory())
            ArticleUpdate.objects.create(article=article, note_zh_hans=f"第{i}次更新")
        article_sync_entity_tags(article=article)
        return article

    return build


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(content_queries(queries))


@pytest.fixture
def warm(client):
    """First requests load cached site settings; measure steady-state pages."""
    client.get("/zh-hans/")
    client.get("/en/")


@pytest.mark.parametrize("view", ["", "?view=bilingual"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_article_page_queries_do_not_grow_with_tags_faq_entities_or_disclaimers(
    client, warm, article_with, assert_content_queries, language, view
):
    small, large = article_with(1), article_with(10)
    assert large.faq_items.count() == 10 and large.tags.count() == 20

    small_count = count_queries(client, f"/{language}/articles/{small.slug}/{view}")

    assert small_count <= QUERY_BOUND
    with assert_content_queries(small_count, exact=True):
        response = client.get(f"/{language}/articles/{large.slug}/{view}")
    html = response.content.decode()
    assert html.count('class="faq-item"') >= 10  # the large article's parts are all on the page


def list_of(article_factory, tag_factory, entity_factory, n):
    now = timezone.now()
    for number in range(n):
        article = article_factory(live=True, published_at=now - timedelta(hours=number + 1))
        article.tags.add(tag_factory(), entity_factory().tag)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_list_page_queries_do_not_grow_with_the_number_of_articles(
    client, warm, article_factory, tag_factory, entity_factory, assert_content_queries, language
):
    list_of(article_factory, tag_factory, entity_factory, 1)
    small_count = count_queries(client, f"/{language}/")
    list_of(article_factory, tag_factory, entity_factory, 19)
    assert Article.objects.published().count() == 20

    assert small_count <= QUERY_BOUND
    with assert_content_queries(small_count, exact=True):
        response = client.get(f"/{language}/")
    assert response.content.decode().count('class="card"') == 20


def test_entity_page_queries_do_not_grow_with_the_number_of_articles(
    client, warm, article_factory, tag_factory, entity_factory, assert_content_queries
):
    entity = entity_factory(slug="busy")
    article_factory(live=True).tags.add(entity.tag, tag_factory())
    small_count = count_queries(client, "/en/entities/busy/")
    for _ in range(19):
        article_factory(live=True).tags.add(entity.tag, tag_factory(), entity_factory().tag)

    assert small_count <= QUERY_BOUND
    with assert_content_queries(small_count, exact=True):
        client.get("/en/entities/busy/")


def test_demo_article_pages_are_under_60_kb(client):
    if len(list(DEMO_DIR.glob("*.md"))) < 4:
        pytest.skip("articles/demo has fewer than 4 demo articles yet; load_demo is incomplete")
    call_command("load_demo", verbosity=0)
    articles = list(Article.objects.published())
    assert len(articles) >= 4

    for article in articles:
        for language in ("zh-hans", "en"):
            response = client.get(f"/{language}/articles/{article.slug}/")
            assert response.status_code == 200
            size = len(response.content)
            assert size < 60 * 1024, f"/{language}/articles/{article.slug}/ is {size / 1024:.1f} KB"
