"""/llms.txt (a map of the site for language models, per the llms.txt
proposal) and /llms-full.txt (every article's Markdown, streamed)."""

import re

import pytest
from django.db import transaction

from articles.services import article_withdraw
from tests.reader_data import SUMMARY_EN, TITLE_EN, TITLE_ZH, full_article

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def full_text(client) -> str:
    response = client.get("/llms-full.txt")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return b"".join(response.streaming_content).decode()


def test_llms_txt_follows_the_proposal_in_both_languages(client):
    full_article()

    response = client.get("/llms.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# ")
    assert re.search(r"^> .+", text, re.M)
    parts = sections(text)
    assert list(parts) == ["文章 (简体中文)", "Articles (English)", "Optional"]
    assert (
        f"- [{TITLE_ZH}]({SITE}/zh-hans/articles/answer-engines.md): " in parts["文章 (简体中文)"]
    )
    english = re.search(
        rf"- \[{re.escape(TITLE_EN)}\]\(([^)]+)\): (.+)", parts["Articles (English)"]
    )
    assert english[1] == f"{SITE}/en/articles/answer-engines.md"
    # The BLUF cut at a sentence: its first sentence, whole.
    assert english[2] == SUMMARY_EN.split(". ")[0] + "." or english[2] == SUMMARY_EN
    assert f"{SITE}/llms-full.txt" in parts["Optional"]


def test_llms_txt_lists_a_chinese_only_article_in_chinese_only(client, article_factory):
    article_factory(live=True, chinese_only=True, slug="zh-only", title_zh_hans="只有中文的文章")

    parts = sections(client.get("/llms.txt").content.decode())

    assert "只有中文的文章" in parts["文章 (简体中文)"]
    assert "zh-only" not in parts["Articles (English)"]


@pytest.mark.parametrize(
    "fields", [{}, {"status": "review"}, {"scheduled": True}, {"withdrawn": True}]
)
def test_unpublished_articles_appear_in_neither_file(client, article_factory, fields):
    article_factory(slug="hidden", title_en="Hidden piece", title_zh_hans="隐藏的文章", **fields)

    assert "hidden" not in client.get("/llms.txt").content.decode()
    assert "Hidden piece" not in full_text(client)


def test_llms_full_txt_holds_every_twin_of_every_published_article(client, article_factory):
    full_article()
    article_factory(live=True, chinese_only=True, slug="zh-only", title_zh_hans="只有中文的文章")

    text = full_text(client)

    urls = re.findall(r"^url: \"(.+)\"$", text, re.M)
    assert sorted(urls) == sorted(
        [
            f"{SITE}/zh-hans/articles/answer-engines/",
            f"{SITE}/en/articles/answer-engines/",
            f"{SITE}/zh-hans/articles/zh-only/",
        ]
    )
    assert "{#faq-what-is-an-answer-engine}" in text


def test_a_removed_article_leaves_both_files_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    article = full_article()
    assert TITLE_EN in client.get("/llms.txt").content.decode()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article_withdraw(article=article)

    assert TITLE_EN not in client.get("/llms.txt").content.decode()
    assert TITLE_EN not in full_text(client)
