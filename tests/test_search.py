"""Site search (search app): Chinese words inside longer runs, English stems,
ranking, only live articles, escaping, filters, the page around the results.
Runs on whichever database the suite uses (SQLite and PostgreSQL in CI)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.services import article_publish, article_unpublish, article_withdraw
from search.index import index_articles, rebuild

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def publish(article_factory, django_capture_on_commit_callbacks):
    """A live article, indexed through the change hook as in production."""

    def publish(slug, days_ago=1, **fields):
        fields.setdefault("published_at", timezone.now() - timedelta(days=days_ago))
        article = article_factory(slug=slug, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            article_publish(article=article)
        return article

    return publish


def found(client, query, language="zh-hans", **params):
    """Slugs of the results in the page's language, best first."""
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return re.findall(
        r'<li class="card" lang="[^"]+">\s*<h3><a href="/[^/]+/articles/([^/]+)/"',
        _section(response.content.decode(), "main"),
    )


def _section(html, which):
    if which == "main":
        return html.split('class="other-language"')[0]
    return html.split('class="other-language"')[1] if 'class="other-language"' in html else ""


def found_in_other_language(client, query, language="zh-hans"):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    return re.findall(r'/articles/([^/]+)/"', _section(html, "other"))


def test_a_chinese_word_inside_a_longer_run_is_found(client, publish):
    publish("strategy", body_zh_hans="微软宣布多云战略以应对竞争。")
    publish("weather", body_zh_hans="今天北京天气晴朗。")

    assert found(client, "多云") == ["strategy"]
    assert found(client, "多云战略") == ["strategy"]
    assert found(client, "战略") == ["strategy"]


def test_entity_names_are_found_whole_and_in_parts(client, publish, entity_factory):
    entity = entity_factory(name_zh_hans="微软Azure", name_en="Microsoft Azure")
    article = publish("cloud", body_zh_hans="云计算市场的格局。")
    article.tags.add(entity.tag)
    index_articles([article.pk])

    assert found(client, "微软Azure") == ["cloud"]
    assert found(client, "微软") == ["cloud"]
    assert found(client, "azure") == ["cloud"]
    assert found(client, "Azure", language="en") == ["cloud"]


def test_english_words_match_by_stem(client, publish):
    publish("alliances", body_en="Two vendors announced partnerships this week.")
    publish("other", body_en="Nothing related here.")

    assert found(client, "partnership", language="en") == ["alliances"]
    assert found(client, "PARTNERSHIPS", language="en") == ["alliances"]


def test_a_title_match_ranks_above_a_body_match(client, publish):
    publish("in-body", days_ago=1, body_en="A long look at sovereign clouds in Europe.")
    publish("in-title", days_ago=5, title_en="Sovereign clouds explained")

    assert found(client, "sovereign", language="en") == ["in-title", "in-body"]


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_articles_readers_cannot_see_never_appear(client, article_factory, state):
    from tests.factories import UNPUBLISHED

    article = article_factory(slug="hidden", body_zh_hans="多云战略的秘密。", **UNPUBLISHED[state])
    index_articles([article.pk])
    rebuild()

    assert found(client, "多云") == []


def test_a_scheduled_article_becomes_searchable_when_due(client, publish, frozen):
    publish("soon", published_at=NOON + timedelta(hours=2), body_zh_hans="多云战略即将发布。")

    assert found(client, "多云") == []
    frozen.shift(timedelta(hours=3))
    assert found(client, "多云") == ["soon"]


@pytest.mark.parametrize("remove", [article_withdraw, article_unpublish])
def test_a_removal_leaves_the_results_at_once(
    client, publish, remove, django_capture_on_commit_callbacks
):
    article = publish("leaving", body_zh_hans="多云战略的分析。")
    assert found(client, "多云") == ["leaving"]

    with django_capture_on_commit_callbacks(execute=True):
        remove(article=article)

    assert found(client, "多云") == []


def test_an_edit_is_searchable_at_once(client, publish, django_capture_on_commit_callbacks):
    article = publish("edited", body_en="Old words only.")
    article.body_en = "Quantum networking arrives."
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
        from articles.services import article_changed

        article_changed(article=article)

    assert found(client, "quantum", language="en") == ["edited"]
    assert found(client, "old", language="en") == []
