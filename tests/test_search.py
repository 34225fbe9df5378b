"""Site search (search app): Chinese words inside longer runs, English stems,
ranking, only live articles, escaping, filters, the page around the results.
Runs on whichever database the suite uses (SQLite and PostgreSQL in CI)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.services import article_publish, article_unpublish, article_withdraw
from search.index import index_articles, rebuild
from search.models import SearchDocument
from tests.conftest import admin_form_data, content_queries

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


# ------------------------------------------------------------ escaping, hostile input


def test_matched_words_are_highlighted_and_text_is_escaped(client, publish):
    publish(
        "tricky",
        title_en="<script>alert(1)</script> partnerships",
        body_en="Partnerships & <b>bold</b> claims.",
    )

    html = client.get("/en/search/", {"q": "<b>partnership</b>"}).content.decode()

    assert "<mark>partnerships</mark>" in html
    assert "<mark>Partnerships</mark> &amp; &lt;" in html
    assert "<script>alert(1)" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;partnership&lt;/b&gt;" in html  # the query, echoed escaped


def test_chinese_matches_are_highlighted(client, publish):
    publish("strategy", body_zh_hans="微软宣布多云战略以应对竞争。")

    html = client.get("/zh-hans/search/", {"q": "多云"}).content.decode()
    two_words = client.get("/zh-hans/search/", {"q": "宣布多云"}).content.decode()

    assert "<mark>多云</mark>" in html
    assert (
        "微软<mark>宣布多云</mark>战略以应对竞争。" in two_words
    )  # one mark, punctuation as written


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "NEAR(a b",
        "*",
        "-x",
        "a OR",
        "OR",
        "AND NOT",
        "'; DROP TABLE articles_article; --",
        "1' OR '1'='1",
        "x:y",
        "\\",
        "\x00",
        "a\x00b",
        "title:secret",
        "^start",
        "{a b}",
        "多云 OR 1=1",
        "🙂🙂",
        "\u200b\u202e",
    ],
)
def test_hostile_queries_are_plain_text(client, publish, query):
    publish("strategy", body_en="Draw a bridge near every OR and AND.")

    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200


def test_fts_operators_are_searched_as_words(client, publish):
    publish("logic", body_en="Boolean logic: near, or, and, not.")
    publish("other", body_en="Unrelated text.")

    assert found(client, "near OR", language="en") == ["logic"]
    assert found(client, '"not"', language="en") == ["logic"]


def test_a_long_query_is_cut_not_refused(client, publish):
    publish("strategy", body_en="Sovereign clouds.")

    response = client.get("/en/search/", {"q": "sovereign " + "x" * 500})

    assert response.status_code == 200
    assert 'value="sovereign ' + "x" * 90 + '"' in response.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "!!!", "。，、？", "---"])
def test_an_empty_or_punctuation_query_shows_the_search_page(client, query):
    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-page-q"' in html
    assert "results for" not in html
    assert "No articles" not in html


# ------------------------------------------------------------ page, languages, filters


def test_the_other_languages_matches_are_offered_labelled(client, publish):
    publish("zh-only", title_en="", summary_en="", body_en="", body_zh_hans="多云战略的分析。")

    html = client.get("/en/search/", {"q": "多云"}).content.decode()

    assert found(client, "多云", language="en") == []
    assert "Matches in Chinese" in html
    assert '<li class="card" lang="zh-Hans">' in html
    assert found_in_other_language(client, "多云", language="en") == ["zh-only"]


def test_no_results_suggest_popular_tags(client, publish, tag_factory):
    tag = tag_factory(name_en="Cloud", slug="cloud")
    article = publish("tagged")
    article.tags.add(tag)

    html = client.get("/en/search/", {"q": "zzzzzz"}).content.decode()

    assert "No articles in this language match" in html
    assert 'href="/en/tags/cloud/"' in html


def test_popular_tags_are_those_of_the_newest_articles(client, article_factory, tag_factory):
    from articles.models import Article
    from search.service import POPULAR_AMONG

    old_news, current = tag_factory(slug="old-news"), tag_factory(slug="current")
    articles = Article.objects.bulk_create(
        article_factory.build(
            slug=f"a-{n}", status=Article.Status.PUBLISHED, published_at=NOON - timedelta(hours=n)
        )
        for n in range(1, POPULAR_AMONG + 4)
    )
    articles[0].tags.add(current)
    for article in articles[-3:]:  # more articles, but older than the newest POPULAR_AMONG
        article.tags.add(old_news)

    html = client.get("/en/search/", {"q": "zzzzzz"}).content.decode()

    assert 'href="/en/tags/current/"' in html
    assert 'href="/en/tags/old-news/"' not in html


def test_the_year_filter_offers_every_year_from_the_first_article_to_the_newest(client, publish):
    publish("now", body_en="Sovereign clouds.")
    publish("two-years-ago", days_ago=500, body_en="Sovereign clouds, older.")

    html = client.get("/en/search/", {"q": "sovereign"}).content.decode()

    options = re.findall(r'<option value="(\d+)"', html)
    assert options == ["2026", "2025", "2024"]


def test_results_can_be_narrowed_by_tag_entity_and_year(
    client, publish, tag_factory, entity_factory
):
    tag = tag_factory(slug="cloud")
    entity = entity_factory(slug="acme")
    tagged = publish("tagged", body_en="Sovereign clouds.")
    tagged.tags.add(tag)
    with_entity = publish("with-entity", body_en="Sovereign clouds again.")
    with_entity.tags.add(entity.tag)
    publish("last-year", days_ago=400, body_en="Sovereign clouds, old.")
    index_articles([tagged.pk, with_entity.pk])

    assert found(client, "sovereign", language="en", tag="cloud") == ["tagged"]
    assert found(client, "sovereign", language="en", entity="acme") == ["with-entity"]
    assert found(client, "sovereign", language="en", year="2025") == ["last-year"]
    assert sorted(found(client, "sovereign", language="en", year="2026")) == [
        "tagged",
        "with-entity",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"tag": "../x"},
        {"entity": "\x00"},
        {"year": "２０２６"},
        {"year": "-1"},
        {"page": "0"},
        {"page": "9999999999"},
    ],
)
def test_bad_filters_are_ignored(client, publish, params):
    publish("strategy", body_en="Sovereign clouds.")

    response = client.get("/en/search/", {"q": "sovereign", **params})

    assert response.status_code == 200


def test_results_are_paginated(client, publish):
    for number in range(12):
        publish(f"cloud-{number}", days_ago=number + 1, body_en="Sovereign clouds.")

    first = found(client, "sovereign", language="en")
    second = found(client, "sovereign", language="en", page="2")

    assert len(first) == 10
    assert len(second) == 2
    assert set(first).isdisjoint(second)
    html = client.get("/en/search/", {"q": "sovereign"}).content.decode()
    assert "?q=sovereign&amp;page=2" in html


def test_the_results_page_runs_a_fixed_number_of_queries(
    client, publish, tag_factory, entity_factory
):
    """As many queries for 1 result as for a full page with tags, filters and
    the other language's matches (the cache's own queries aside)."""
    tag, entity = tag_factory(slug="cloud"), entity_factory(slug="acme")
    for number in range(15):
        article = publish(f"cloud-{number}", days_ago=number + 1, body_en="Sovereign clouds.")
        article.tags.add(tag, entity.tag)
        if number < 3:  # Chinese-only matches for the other-language section
            publish(
                f"zh-{number}", title_en="", summary_en="", body_en="", body_zh_hans="sovereign"
            )
    index_articles(range(1, 100))
    publish("single", body_en="A lonely quasar.").tags.add(entity.tag)
    index_articles(range(1, 100))
    client.get("/en/search/", {"q": "warm-up"})  # site settings, then cached

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/search/", params).status_code == 200
        # The database cache's rate counter runs in savepoints (none on Redis).
        return [sql for sql in content_queries(captured) if "SAVEPOINT" not in sql]

    one = queries({"q": "quasar", "entity": "acme", "year": "2026"})
    full_page = queries({"q": "sovereign clouds", "entity": "acme", "year": "2026"})

    # (PostgreSQL adds one SET LOCAL per search: see search/backends.py.)
    assert len(one) <= 9
    assert len(full_page) <= 9
    assert len(queries({"q": "sovereign", "tag": "cloud", "page": "2"})) <= 9


def test_search_pages_are_noindex_and_cached_by_query(client, publish, settings):
    settings.PAGE_CACHE_SECONDS = 600
    publish("strategy", body_en="Sovereign clouds.")

    first = client.get("/en/search/", {"q": "sovereign"})
    other = client.get("/en/search/", {"q": "clouds", "utm_source": "x"})

    assert '<meta name="robots" content="noindex">' in first.content.decode()
    assert "public" in first["Cache-Control"]
    assert 'value="clouds"' in other.content.decode()


def test_searches_are_rate_limited_per_client(client, settings, publish):
    settings.SEARCH_RATE = "3/m"
    settings.PAGE_CACHE_SECONDS = 0
    publish("strategy", body_en="Sovereign clouds.")

    statuses = [client.get("/en/search/", {"q": f"word{n}"}).status_code for n in range(4)]
    other_client = client.get("/en/search/", {"q": "x"}, REMOTE_ADDR="10.0.0.9").status_code

    assert statuses == [200, 200, 200, 429]
    assert other_client == 200


# ------------------------------------------------------------ header, OpenSearch, JSON-LD


def test_every_page_has_a_labelled_search_box_and_opensearch_link(client):
    html = client.get("/en/search/").content.decode()

    assert '<form class="site-search" role="search" method="get" action="/en/search/">' in html
    assert '<label for="site-search-q"' in html
    assert 'rel="search" type="application/opensearchdescription+xml"' in html
    assert "/en/opensearch.xml" in html


def test_the_opensearch_description_points_at_the_search_page(client):
    response = client.get("/zh-hans/opensearch.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert (
        'template="http://testserver/zh-hans/search/?q={searchTerms}"'
        in (response.content.decode())
        or "/zh-hans/search/?q={searchTerms}" in response.content.decode()
    )


def test_the_home_page_declares_a_search_action(client):
    html = client.get("/en/").content.decode()

    assert '"@type":"SearchAction"' in html
    assert "/en/search/?q={search_term_string}" in html


def test_rebuild_search_index_indexes_published_articles_only(client, article_factory):
    article_factory(live=True, slug="live", body_en="Sovereign clouds.")
    article_factory(slug="draft", body_en="Sovereign clouds, draft.")
    article_factory(scheduled=True, slug="later", body_en="Sovereign clouds, later.")

    call_command("rebuild_search_index", verbosity=0)

    assert SearchDocument.objects.filter(article__slug="draft").count() == 0
    assert SearchDocument.objects.filter(article__slug="later").count() == 2  # due later
    assert found(client, "sovereign", language="en") == ["live"]


@pytest.mark.parametrize("renamed", ["tag", "entity"])
def test_a_tag_or_entity_renamed_in_the_admin_finds_its_articles_by_the_new_name(
    client, publish, entity_factory, tag_factory, superuser_client, tasks_run_after, renamed
):
    if renamed == "entity":
        entity = entity_factory(name_zh_hans="百川智能", name_en="Baichuan")
        tag, url = entity.tag, reverse("admin:articles_entity_change", args=[entity.pk])
    else:
        tag = tag_factory(name_zh_hans="百川智能", name_en="Baichuan")
        url = reverse("admin:articles_tag_change", args=[tag.pk])
    article = publish(
        "models", body_zh_hans="国产大模型的竞争。", body_en="Domestic models compete."
    )
    article.tags.add(tag)
    index_articles([article.pk])
    assert found(client, "百川智能") == ["models"]

    with tasks_run_after():
        response = superuser_client.post(
            url,
            admin_form_data(superuser_client.get(url), name_zh_hans="零一万物", name_en="01.AI"),
        )
    assert response.status_code == 302

    assert found(client, "零一万物") == ["models"]
    assert found(client, "百川智能") == []
