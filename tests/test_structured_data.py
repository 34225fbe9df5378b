"""JSON-LD for answer engines: one @graph per page, parsed back from the HTML
and checked property by property, in both languages."""

import json
import re

import pytest

from articles.models import Entity
from tests.reader_data import (
    FAQ_ANSWER_EN,
    FAQ_QUESTION_EN,
    FAQ_QUESTION_ZH,
    PUBLISHED,
    SUMMARY_EN,
    SUMMARY_ZH,
    TITLE_EN,
    TITLE_ZH,
    UPDATED,
    full_article,
)

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"
ZH_URL = f"{SITE}/zh-hans/articles/answer-engines/"
EN_URL = f"{SITE}/en/articles/answer-engines/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def graph_of(response) -> dict[str, dict]:
    """The page's one JSON-LD graph, by @type."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts"
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


@pytest.fixture
def article():
    article = full_article(cover=True, author_zh_hans="李华", author_en="Li Hua")
    Entity.objects.filter(slug="deepseek").update(
        wikidata_id="Q123", website="https://www.deepseek.com"
    )
    return article


@pytest.mark.parametrize(
    ("language", "url", "title", "summary", "html_lang"),
    [
        ("zh-hans", ZH_URL, TITLE_ZH, SUMMARY_ZH, "zh-Hans"),
        ("en", EN_URL, TITLE_EN, SUMMARY_EN, "en"),
    ],
)
def test_article_page_carries_a_news_article_with_every_property(
    client, article, language, url, title, summary, html_lang
):
    nodes = graph_of(client.get(f"/{language}/articles/answer-engines/"))

    news = nodes["NewsArticle"]
    assert news["@id"] == f"{url}#article"
    assert news["headline"] == title
    assert news["description"] == summary
    assert news["datePublished"] == PUBLISHED.isoformat() == "2026-03-02T01:30:00+00:00"
    assert news["dateModified"] == UPDATED.isoformat()
    assert news["inLanguage"] == html_lang
    assert news["mainEntityOfPage"] == {"@id": url}
    assert news["isAccessibleForFree"] is True
    assert news["publisher"] == {"@id": f"{SITE}/#organization"}
    assert news["author"]["@type"] == "Person"
    assert news["author"]["name"] == ("李华" if language == "zh-hans" else "Li Hua")
    assert news["image"] == [f"{SITE}{article.cover.url}"]
    assert [entity["name"] for entity in news["about"]] == (
        ["深度求索", "月之暗面"] if language == "zh-hans" else ["DeepSeek", "Moonshot AI"]
    )
    deepseek = news["about"][0]
    assert deepseek["@type"] == "Organization"
    assert deepseek["@id"] == f"{SITE}/zh-hans/entities/deepseek/#entity"
    assert deepseek["url"] == f"{SITE}/{language}/entities/deepseek/"
    assert deepseek["sameAs"] == ["https://www.wikidata.org/wiki/Q123", "https://www.deepseek.com"]
    assert nodes["WebPage"]["@id"] == url
    assert nodes["WebSite"]["@id"] == f"{SITE}/#website"
    assert nodes["Organization"]["@id"] == f"{SITE}/#organization"


def test_the_two_language_versions_point_at_each_other(client, article):
    chinese = graph_of(client.get("/zh-hans/articles/answer-engines/"))["NewsArticle"]
    english = graph_of(client.get("/en/articles/answer-engines/"))["NewsArticle"]

    assert chinese["workTranslation"] == [{"@id": f"{EN_URL}#article"}]
    assert english["translationOfWork"] == {"@id": f"{ZH_URL}#article"}
    assert "translationOfWork" not in chinese


def test_a_chinese_only_article_claims_no_translation(client, article_factory):
    article_factory(live=True, chinese_only=True, slug="zh-only")

    for language in ("zh-hans", "en"):
        news = graph_of(client.get(f"/{language}/articles/zh-only/"))["NewsArticle"]
        assert news["inLanguage"] == "zh-Hans"
        assert news["@id"] == f"{SITE}/zh-hans/articles/zh-only/#article"
        assert "workTranslation" not in news and "translationOfWork" not in news


@pytest.mark.parametrize(
    ("language", "question"), [("zh-hans", FAQ_QUESTION_ZH), ("en", FAQ_QUESTION_EN)]
)
def test_the_faq_on_the_page_is_a_faq_page(client, article, language, question):
    url = ZH_URL if language == "zh-hans" else EN_URL

    faq = graph_of(client.get(f"/{language}/articles/answer-engines/"))["FAQPage"]

    [item] = faq["mainEntity"]
    assert item["@type"] == "Question"
    assert item["name"] == question
    assert item["@id"] == f"{url}#faq-what-is-an-answer-engine"
    if language == "en":
        assert item["acceptedAnswer"] == {"@type": "Answer", "text": FAQ_ANSWER_EN}


def test_an_article_without_faq_has_no_faq_page(client, article_factory):
    article_factory(live=True, slug="plain")

    assert "FAQPage" not in graph_of(client.get("/en/articles/plain/"))


def test_breadcrumbs_lead_from_home_through_the_tag_to_the_article(client, article):
    crumbs = graph_of(client.get("/en/articles/answer-engines/"))["BreadcrumbList"]

    assert [(item["position"], item["item"]) for item in crumbs["itemListElement"]] == [
        (1, f"{SITE}/en/"),
        (2, f"{SITE}/en/tags/search/"),
        (3, EN_URL),
    ]
    assert crumbs["itemListElement"][1]["name"] == "Search"


def test_home_page_describes_the_website_and_its_publisher(client, article):
    nodes = graph_of(client.get("/en/"))

    assert set(nodes) == {"WebSite", "Organization"}
    assert nodes["WebSite"]["publisher"] == {"@id": f"{SITE}/#organization"}
    assert nodes["WebSite"]["inLanguage"] == ["zh-Hans", "en"]
    assert nodes["Organization"]["url"] == f"{SITE}/"


def test_a_title_with_a_closing_script_tag_cannot_break_out(client, article_factory):
    hostile = '</script><script>alert("x")</script> & more'
    article_factory(live=True, slug="hostile", title_en=hostile)

    response = client.get("/en/articles/hostile/")

    assert "<script>alert" not in response.text
    assert graph_of(response)["NewsArticle"]["headline"] == hostile
