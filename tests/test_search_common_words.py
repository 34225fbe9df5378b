"""A word found in more articles than search ranks (search.backends.RANKED):
the newest RANKED matches are ranked, counting stops there and the page says
"more than". On PostgreSQL dense matches are read newest first and sparse
ones come from the GIN index (search/backends.py); readers see the same rule
either way. Runs on whichever database the suite uses."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article
from search.backends import RANKED
from search.index import index_articles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def publish_many(count, *, matching, titled=()):
    """``count`` live articles, one an hour, newest first (``a-0`` is the
    newest); those for which ``matching(n)`` is true mention clouds (云计算),
    those in ``titled`` in their title too. Bulk-created: thousands are needed."""

    def article(n):
        cloud = matching(n)
        return ArticleFactory.build(
            slug=f"a-{n}",
            status=Article.Status.PUBLISHED,
            published_at=NOW - timedelta(hours=n + 1),
            title_en=f"Clouds, issue {n}" if n in titled else f"Issue {n}",
            title_zh_hans=f"云计算第{n}期" if n in titled else f"第{n}期",
            summary_en="This week's analysis.",
            summary_zh_hans="本周分析。",
            body_en="Sovereign clouds grow." if cloud else "Chips are scarce.",
            body_zh_hans="主权云计算增长。" if cloud else "芯片短缺。",
        )

    articles = Article.objects.bulk_create(article(n) for n in range(count))
    index_articles([article.pk for article in articles])


def results(client, query, language="en", **params):
    html = client.get(f"/{language}/search/", {"q": query, **params}).content.decode()
    main = html.split('class="other-language"')[0]
    return html, re.findall(r'<h3><a href="/[^/]+/articles/([^/]+)/"', main)


def test_a_word_in_more_articles_than_are_ranked_is_counted_as_more_than(client):
    publish_many(RANKED + 5, matching=lambda n: True)

    english, _ = results(client, "clouds")
    chinese, _ = results(client, "云计算", language="zh-hans")

    assert f"More than {RANKED} results for “clouds”" in english
    assert f"Page 1 of {RANKED // 10}" in english
    assert f"“云计算”的搜索结果：超过 {RANKED} 篇" in chinese


def test_the_last_ranked_page_is_full_and_no_page_follows(client):
    publish_many(RANKED + 5, matching=lambda n: True)

    html, last = results(client, "clouds", page=str(RANKED // 10))

    assert len(last) == 10
    assert 'rel="next"' not in html


def test_up_to_the_ranked_number_the_count_is_exact(client):
    publish_many(RANKED + 5, matching=lambda n: n < RANKED)

    html, _ = results(client, "clouds")

    assert f"{RANKED} results for “clouds”" in html
    assert "More than" not in html


# Every article matches (read newest first on PostgreSQL), or one in three, so
# that the newest documents hold too few matches and the GIN index serves.
@pytest.mark.parametrize("spacing", [1, 3])
def test_the_newest_matches_are_ranked_however_sparse_they_are(client, spacing):
    newest_titled = spacing * (RANKED // 2)  # a match in the middle of the ranked ones
    too_old_titled = spacing * (RANKED + 50)  # a match past the newest RANKED
    publish_many(
        spacing * (RANKED + 100),
        matching=lambda n: n % spacing == 0,
        titled={newest_titled, too_old_titled},
    )

    _, first = results(client, "clouds")
    _, chinese = results(client, "云计算", language="zh-hans")

    assert first[0] == chinese[0] == f"a-{newest_titled}"
    assert f"a-{too_old_titled}" not in first + chinese
    # The rest: body matches alike, newest first.
    assert first[1:] == [f"a-{n * spacing}" for n in range(9)]
