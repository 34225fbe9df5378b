"""The Markdown twin of every article: its own URLs, content negotiation on
the article URL, the same text and anchors as the HTML page, and removal."""

import re

import pytest
import yaml
from django.db import transaction

from articles.services import article_withdraw
from tests.reader_data import (
    BODY_EN,
    FAQ_ANSWER_EN,
    FAQ_QUESTION_EN,
    FAQ_QUESTION_ZH,
    SUMMARY_EN,
    SUMMARY_ZH,
    TITLE_EN,
    TITLE_ZH,
    full_article,
)
from tests.reader_html import page

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"
HTML_EN = f"{SITE}/en/articles/answer-engines/"
HTML_ZH = f"{SITE}/zh-hans/articles/answer-engines/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def article():
    return full_article()


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize(
    "url", ["/en/articles/answer-engines.md", "/en/articles/answer-engines/index.html.md"]
)
def test_the_twin_is_utf8_markdown_pointing_at_its_html_page(client, article, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Link"] == f'<{HTML_EN}>; rel="canonical"'
    assert response["X-Robots-Tag"] == "noindex"
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize(
    ("language", "title", "summary", "question", "url", "other"),
    [
        ("en", TITLE_EN, SUMMARY_EN, FAQ_QUESTION_EN, HTML_EN, ("zh-Hans", HTML_ZH)),
        ("zh-hans", TITLE_ZH, SUMMARY_ZH, FAQ_QUESTION_ZH, HTML_ZH, ("en", HTML_EN)),
    ],
)
def test_the_twin_holds_the_article_in_page_order(
    client, article, language, title, summary, question, url, other
):
    text = client.get(f"/{language}/articles/answer-engines.md").content.decode()

    front = front_matter(text)
    assert front["title"] == title
    assert front["language"] == ("zh-Hans" if language == "zh-hans" else "en")
    assert front["url"] == url
    assert front["translations"] == dict([other])
    assert front["datePublished"] == "2026-03-02T01:30:00+00:00"
    assert front["dateModified"] == "2026-03-09T04:15:00+00:00"
    assert "©" in front["licence"]
    body = text.split("---\n", 2)[2]
    order = [
        f"# {title}",
        "{#summary}",
        summary,
        "{#insights}",
        "{#entities}",
        "{#editor-note}",
        "{#faq}",
        f"### {question} {{#faq-what-is-an-answer-engine}}",
        f"{url}\n",
    ]
    positions = [body.index(part) for part in order]
    assert positions == sorted(positions)


def test_the_twin_keeps_the_anchor_ids_of_the_html_page(client, article):
    html_ids = {
        element.get("id") for element in page(client.get("/en/articles/answer-engines/")).iter()
    }
    text = client.get("/en/articles/answer-engines.md").content.decode()

    twin_ids = set(re.findall(r"\{#([^}]+)\}", text))
    assert twin_ids == {"summary", "insights", "entities", "entities-1", "editor-note", "faq"} | {
        "background",
        "practice",
        "faq-what-is-an-answer-engine",
    }
    assert twin_ids <= html_ids
    assert "## Background {#background}" in text
    assert BODY_EN.split("\n\n")[1] in text


def test_entity_tables_become_markdown_tables_linking_each_entity(client, article):
    text = client.get("/en/articles/answer-engines.md").content.decode()

    assert "### Main vendors" in text
    assert "| Entity | Role | Key change |" in text
    assert (
        f"| [DeepSeek]({SITE}/en/entities/deepseek/) | Model vendor | Released open-weight models |"
        in text
    )
    assert FAQ_ANSWER_EN in text


@pytest.mark.parametrize(
    ("accept", "markdown"),
    [
        ("text/markdown", True),
        ("text/markdown, text/html;q=0.9", True),
        ("text/markdown, */*;q=0.8", True),
        ("text/html, text/markdown;q=0.9", False),
        ("text/markdown;q=0.5, text/html;q=0.5", False),  # a tie is not a preference
        ("*/*", False),
        ("text/*", False),
        ("text/markdown;q=0, */*", False),
        ("", False),
    ],
)
def test_the_article_url_serves_markdown_only_when_accept_prefers_it(
    client, article, settings, accept, markdown
):
    settings.PAGE_CACHE_SECONDS = 600  # both representations through the page cache
    headers = {"accept": accept} if accept else {}

    for _ in range(2):  # fresh, then from the cache
        response = client.get("/en/articles/answer-engines/", headers=headers)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/markdown" if markdown else "text/html")
        assert "Accept" in response["Vary"]


def test_the_html_page_links_to_its_twin(client, article):
    doc = page(client.get("/en/articles/answer-engines/"))

    [link] = [
        element
        for element in doc.find_all("link")
        if element.get("rel") == "alternate" and element.get("type") == "text/markdown"
    ]
    assert link.get("href") == "/en/articles/answer-engines.md"


def test_a_chinese_only_articles_english_twin_is_the_chinese_text(client, article_factory):
    article_factory(live=True, chinese_only=True, slug="zh-only", title_zh_hans="只有中文")

    response = client.get("/en/articles/zh-only.md")

    assert front_matter(response.content.decode())["language"] == "zh-Hans"
    assert response["Link"] == f'<{SITE}/zh-hans/articles/zh-only/>; rel="canonical"'


@pytest.mark.parametrize("trait", ["draft", "scheduled", "review"])
def test_unpublished_articles_have_no_twin(client, article_factory, trait):
    fields = (
        {"status": "review"} if trait == "review" else {trait: True} if trait != "draft" else {}
    )
    article_factory(slug="hidden", **fields)

    assert client.get("/en/articles/hidden.md").status_code == 404
    assert (
        client.get("/en/articles/hidden/", headers={"accept": "text/markdown"}).status_code == 404
    )


def test_a_removed_articles_twin_is_gone_at_once(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/zh-hans/articles/answer-engines.md").status_code == 200

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_withdraw(article=article)

    for url in ("/zh-hans/articles/answer-engines.md", "/en/articles/answer-engines/index.html.md"):
        response = client.get(url)
        assert response.status_code == 410
        assert TITLE_ZH not in response.content.decode()


def test_a_renamed_articles_old_twin_address_moves_permanently(client, article):
    article.slug = "answer-engines-renamed"
    article.save()

    response = client.get("/en/articles/answer-engines.md")

    assert response.status_code == 301
    assert response["Location"] == "/en/articles/answer-engines-renamed.md"
